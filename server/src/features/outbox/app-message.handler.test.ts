/** The app_message handler against the WeCom simulator, alone and under the outbox worker. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createOutboxWorker } from '../../jobs/outbox-worker'
import { makeTestDeps, TEST_CORP_ID } from '../../test/helpers'
import { DEMO_CORP, type Simulator } from '../../wecom-sim'
import { makeTestSim, simWecomClient } from '../../wecom-sim/testing'
import { appMessageHandler } from './app-message.handler'
import { outboxHandlers } from './outbox.handlers'
import { enqueue, findOpenItem } from './outbox.repo'

const SEND = '/cgi-bin/message/send'
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }
let sim: Simulator | undefined
afterEach(() => {
  sim?.close()
  sim = undefined
  vi.restoreAllMocks()
})

const card = (touser: string) => ({
  touser,
  msgtype: 'textcard',
  textcard: { title: '客户已被标记：风险客户', description: '客户：王小明', url: 'https://kelan.test/#/manager/customers/wmA', btntxt: '查看客户' },
})

function setup() {
  const made = makeTestSim()
  sim = made.sim
  const wecom = simWecomClient(made.sim, { clock: made.clock, sleep: async () => undefined, retry: { attempts: 0, baseDelayMs: 0, maxDelayMs: 0 } })
  const deps = makeTestDeps({ wecom, clock: made.clock })
  const send = (key: string, payload: Record<string, unknown>) => {
    enqueue(deps.db, { corpId: TEST_CORP_ID, kind: 'app_message', key, payload, createdBy: '', now: deps.clock.now() })
    return findOpenItem(deps.db, TEST_CORP_ID, 'app_message', key)!
  }
  const worker = createOutboxWorker(deps, { handlers: outboxHandlers, pollMs: 60_000, logger: quiet })
  const inbox = async (userid: string) => (await (await made.sim.app.request(`/_control/messages?userid=${userid}`)).json()) as { body: unknown }[]
  return { deps, sim: made.sim, clock: made.clock, send, worker, inbox }
}

describe('appMessageHandler', () => {
  it('appMessageHandler – a textcard to a member – sent with the app’s agentid, done', async () => {
    const { deps, send, inbox } = setup()
    const to = DEMO_CORP.adminUserid

    expect(await appMessageHandler(deps, send('mark-1-x', card(to)))).toBe('done')

    const [message] = await inbox(to)
    expect(message?.body).toMatchObject({ ...card(to), agentid: expect.anything() })
  })

  it('appMessageHandler – a malformed payload – throws our error, not a WeCom one, and sends nothing', async () => {
    const { deps, send, inbox } = setup()

    await expect(appMessageHandler(deps, send('bad', { touser: DEMO_CORP.adminUserid, msgtype: 'textcard' }))).rejects.toThrow(/malformed payload/)
    expect(await inbox(DEMO_CORP.adminUserid)).toEqual([])
  })

  it('outbox worker – every recipient invalid (81013) – failed at once with the errcode, not retried', async () => {
    const { deps, send, worker } = setup()
    const item = send('mark-1-nobody', card('nobody_here'))

    await worker.drain()

    expect(findOpenItem(deps.db, TEST_CORP_ID, 'app_message', item.key)).toMatchObject({ status: 'failed', attempts: 1, lastErrcode: 81013 })
  })

  it('outbox worker – WeCom busy (45009) once – backs off, then sent once', async () => {
    const { deps, sim: s, clock, send, worker, inbox } = setup()
    s.faults.failWith(SEND, 45009, 1)
    const item = send('mark-2-admin', card(DEMO_CORP.adminUserid))

    await worker.drain()
    expect(findOpenItem(deps.db, TEST_CORP_ID, 'app_message', item.key)).toMatchObject({ status: 'pending', attempts: 1, lastErrcode: 45009 })
    clock.advance(10)
    await worker.drain()

    expect(findOpenItem(deps.db, TEST_CORP_ID, 'app_message', item.key)).toBeUndefined()
    expect(await inbox(DEMO_CORP.adminUserid)).toHaveLength(1)
  })
})
