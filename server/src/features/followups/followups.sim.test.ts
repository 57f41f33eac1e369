/**
 * Follow-up messages end to end against the WeCom simulator: the @mention card goes out at
 * once and the reminder card at its time, through the outbox (app_message) and Kelan's real
 * WeCom client, and land in the simulator's message log for the right people.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { Followup } from '@kelan/shared'
import { createOutboxWorker } from '../../jobs/outbox-worker'
import { createReminderScheduler } from '../../jobs/reminder-scheduler'
import { makeCustomer, makeRelation, makeStaff, makeTestDeps, seed } from '../../test/helpers'
import type { Simulator } from '../../wecom-sim'
import { makeTestSim, simWecomClient } from '../../wecom-sim/testing'
import { outboxHandlers } from '../outbox/outbox.handlers'
import { call, followupBody, followupsPath, noteTypeId } from './followups.testing'

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }
const CUSTOMER = 'wmSIMCUST1'

let sim: Simulator | undefined
afterEach(() => {
  sim?.close()
  sim = undefined
})

/** Kelan on the simulator: lina (who follows the customer) and sunli, both simulator members. */
function setupOnSim() {
  const made = makeTestSim()
  sim = made.sim
  const wecom = simWecomClient(made.sim, { clock: made.clock, sleep: async () => undefined })
  const deps = makeTestDeps({ wecom, clock: made.clock })
  seed(deps.db, {
    staff: [makeStaff({ userid: 'lina', name: '李娜' }), makeStaff({ userid: 'sunli', name: '孙丽' })],
    customers: [makeCustomer({ externalUserid: CUSTOMER, name: '周先生' })],
    // sunli follows the customer too: only a colleague who can see the customer may be @mentioned.
    relations: [makeRelation({ externalUserid: CUSTOMER, userid: 'lina' }), makeRelation({ externalUserid: CUSTOMER, userid: 'sunli' })],
  })
  return { deps, clock: made.clock, sim: made.sim }
}

type Card = { body: { textcard: { title: string; description: string; url: string } } }
const cardsFor = async (s: Simulator, userid: string) => (await (await s.app.request(`/_control/messages?userid=${userid}`)).json()) as Card[]

describe('follow-up messages on the simulator', () => {
  it('@sunli with a reminder – sunli gets the mention at once; both get the reminder at its time', async () => {
    const { deps, clock, sim: s } = setupOnSim()
    const worker = createOutboxWorker(deps, { handlers: outboxHandlers, pollMs: 60_000, logger: quiet })
    const remindAt = clock.now() + 1800

    const res = await call(deps, followupsPath(CUSTOMER), {
      as: 'lina',
      method: 'POST',
      json: followupBody(noteTypeId(deps), { text: '约了周五上门演示', mentions: ['sunli'], remindAt }),
    })
    expect(res.status).toBe(201)
    expect(Followup.parse(await res.json()).reminder?.status).toBe('scheduled')
    await worker.drain()

    const mention = await cardsFor(s, 'sunli')
    expect(mention).toHaveLength(1)
    expect(mention[0]?.body.textcard).toMatchObject({ title: '李娜 在跟进记录中@了你', url: expect.stringContaining(`/#/manager/customers/${CUSTOMER}`) })
    expect(mention[0]?.body.textcard.description).toContain('约了周五上门演示')
    expect(await cardsFor(s, 'lina')).toHaveLength(0)

    clock.advance(1800)
    expect(createReminderScheduler(deps, { pollMs: 60_000, logger: quiet }).tick()).toBe(1)
    await worker.drain()

    const [forLina, forSunli] = [await cardsFor(s, 'lina'), await cardsFor(s, 'sunli')]
    expect(forLina.map((m) => m.body.textcard.title)).toEqual(['客户跟进提醒'])
    expect(forSunli.map((m) => m.body.textcard.title)).toEqual(['客户跟进提醒', '李娜 在跟进记录中@了你'])
    expect(forLina[0]?.body.textcard.description).toContain('周先生')
  })
})
