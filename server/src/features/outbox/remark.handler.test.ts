/**
 * The remark handler against the WeCom simulator (Kelan's real client), alone and under the
 * outbox worker's retry rules.
 */
import { and, eq } from 'drizzle-orm'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { followRelations, outbox } from '../../db/schema'
import type { Deps } from '../../deps'
import { createOutboxWorker } from '../../jobs/outbox-worker'
import { makeTestDeps, TEST_CORP_ID } from '../../test/helpers'
import type { WecomClient } from '../../wecom/client'
import type { Simulator } from '../../wecom-sim'
import { getRelation } from '../../wecom-sim/contacts.repo'
import { makeTestSim, simWecomClient } from '../../wecom-sim/testing'
import { insertMark } from '../marks/marks.testing'
import { fullSync } from '../sync/sync.service'
import { outboxHandlers } from './outbox.handlers'
import { enqueue, findOpenItem } from './outbox.repo'
import { remarkHandler } from './remark.handler'

const REMARK = '/cgi-bin/externalcontact/remark'
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }
let sim: Simulator | undefined
afterEach(() => {
  sim?.close()
  sim = undefined
})

/**
 * Kelan synced from a fresh simulator; `during` runs inside each remark call after WeCom
 * took it (the world moving on while the call is in flight). Returns the first relation.
 */
async function setup(o: { during?: (deps: Deps) => void } = {}) {
  const made = makeTestSim()
  sim = made.sim
  const base = simWecomClient(made.sim, { clock: made.clock, sleep: async () => undefined, retry: { attempts: 0, baseDelayMs: 0, maxDelayMs: 0 } })
  const calls: string[] = []
  const wecom: WecomClient = {
    ...base,
    remark: async (input) => {
      await base.remark(input)
      calls.push(input.remark ?? '')
      o.during?.(deps)
    },
  }
  const deps: Deps = makeTestDeps({ wecom, clock: made.clock })
  expect((await fullSync(deps)).status).toBe('done')
  const rel = deps.db.select().from(followRelations).where(eq(followRelations.status, 'active')).orderBy(followRelations.externalUserid).get()!
  const key = `${rel.externalUserid}/${rel.userid}`
  const item = () => findOpenItem(deps.db, TEST_CORP_ID, 'remark', key)
  const edit = (remark?: string) =>
    enqueue(deps.db, { corpId: TEST_CORP_ID, kind: 'remark', key, payload: remark === undefined ? {} : { remark }, createdBy: rel.userid, now: deps.clock.now() })
  const local = () =>
    deps.db.select().from(followRelations).where(and(eq(followRelations.externalUserid, rel.externalUserid), eq(followRelations.userid, rel.userid))).get()!
  const inWecom = () => getRelation(made.sim.db, rel.userid, rel.externalUserid)?.remark
  return { deps, sim: made.sim, clock: made.clock, rel, item, edit, local, inWecom, calls }
}

/** A mark on the relation's customer with the 客户标记 tags Kelan synced from the demo corp. */
function markCustomer(deps: Deps, externalUserid: string, remark = '') {
  const tagId = deps.db.$client.prepare("select t.id from tags t join tag_groups g on g.id = t.group_id where g.name = '客户标记' order by t.\"order\" desc").pluck().get() as string
  expect(tagId).toBeTruthy()
  return insertMark(deps.db, { externalUserid, tagId, remark })
}

describe('remarkHandler', () => {
  it('remarkHandler – a user’s edit – WeCom gets it, Kelan keeps it, relation stamped after the push, item deleted', async () => {
    const { deps, item, edit, local, inWecom, clock } = await setup()
    edit('老客户')

    const outcome = await remarkHandler(deps, item()!)

    expect(outcome).toBe('done')
    expect(inWecom()).toBe('老客户')
    expect(local().remark).toBe('老客户')
    expect(local().updatedAt).toBeGreaterThan(clock.now())
    expect(item()).toBeUndefined()
  })

  it('remarkHandler – the customer is marked – the forced remark is pushed, whatever the payload says', async () => {
    const { deps, rel, item, edit, inWecom } = await setup()
    markCustomer(deps, rel.externalUserid, '勿联系')
    edit('用户的备注')

    await remarkHandler(deps, item()!)

    expect(inWecom()).toBe('勿联系')
  })

  it('remarkHandler – a mark’s item whose mark was removed meanwhile (no payload) – done without calling WeCom', async () => {
    const { deps, item, edit, calls } = await setup()
    edit()

    expect(await remarkHandler(deps, item()!)).toBe('done')
    expect(calls).toEqual([])
    expect(item()).toBeUndefined()
  })

  it('remarkHandler – the relation ended locally – done without calling WeCom', async () => {
    const { deps, rel, item, edit, calls } = await setup()
    edit('老客户')
    deps.db.update(followRelations).set({ status: 'deleted_by_staff' }).where(and(eq(followRelations.externalUserid, rel.externalUserid), eq(followRelations.userid, rel.userid))).run()

    expect(await remarkHandler(deps, item()!)).toBe('done')
    expect(calls).toEqual([])
  })

  it('remarkHandler – a newer edit saved while the call was in flight – runs again, the newer local remark not overwritten', async () => {
    const { deps, item, edit, local, calls } = await setup({
      during: (d) => {
        if (calls.length === 1) {
          d.db.update(followRelations).set({ remark: '第二次' }).run()
          edit('第二次')
        }
      },
    })
    edit('第一次')

    const first = await remarkHandler(deps, item()!)
    const second = await remarkHandler(deps, item()!)

    expect(first).toEqual({ again: true })
    expect(second).toBe('done')
    expect(calls).toEqual(['第一次', '第二次'])
    expect(local().remark).toBe('第二次')
  })
})

describe('remark items under the outbox worker', () => {
  it('outbox worker – WeCom busy (45009) – backs off and retries; relation gone in WeCom (84061) – failed at once', async () => {
    const { deps, sim: s, rel, item, edit, inWecom, clock } = await setup()
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const worker = createOutboxWorker(deps, { handlers: outboxHandlers, pollMs: 60_000, logger: quiet })
    s.faults.failWith(REMARK, 45009, 1)
    edit('老客户')

    await worker.drain()
    expect(item()).toMatchObject({ status: 'pending', attempts: 1, lastErrcode: 45009 })
    clock.advance(10)
    await worker.drain()
    expect(item()).toBeUndefined()
    expect(inWecom()).toBe('老客户')

    s.db.prepare('DELETE FROM relations WHERE userid = ? AND external_userid = ?').run(rel.userid, rel.externalUserid)
    edit('再改')
    await worker.drain()
    expect(item()).toMatchObject({ status: 'failed', lastErrcode: 84061 })
    expect(deps.db.select().from(outbox).all()).toHaveLength(1)
  })
})
