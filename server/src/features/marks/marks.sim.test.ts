/**
 * Special marks end to end against the WeCom simulator (issue 4 §7): Kelan's real client, the
 * simulator's callbacks delivered into Kelan's callback route, the callback worker, the outbox
 * worker with every handler. Nothing is faked on Kelan's side; the mark row is inserted as the
 * admin API's create does, then enforced.
 */
import { and, eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { CustomerCard, ErrorBody } from '@kelan/shared'
import { followRelations, markEvents, outbox, tags } from '../../db/schema'
import { createCallbackWorker } from '../../jobs/callback-worker'
import { createOutboxWorker } from '../../jobs/outbox-worker'
import { makeTestDeps } from '../../test/helpers'
import { request } from '../../test/http'
import { kelanOnSimulator } from '../../test/sim-kelan'
import { DEMO_CORP, type Simulator } from '../../wecom-sim'
import { getRelation } from '../../wecom-sim/contacts.repo'
import { jsonInit } from '../../wecom-sim/testing'
import { outboxHandlers } from '../outbox/outbox.handlers'
import { fullSync } from '../sync/sync.service'
import { enforceMarks } from './marks.enforce'
import { insertMark } from './marks.testing'

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }
const ADMIN = DEMO_CORP.adminUserid
let sim: Simulator | undefined
afterEach(() => sim?.close())

/** Kelan wired to a fresh simulator, fully synced, with both workers. */
async function setup() {
  const { sim: s, clock, deps } = kelanOnSimulator({ customers: 30, wecom: { sleep: async () => undefined } })
  sim = s
  expect((await fullSync(deps)).status).toBe('done')
  const callbacks = createCallbackWorker(deps, { pollMs: 10, logger: quiet })
  const outbox = createOutboxWorker(deps, { handlers: outboxHandlers, pollMs: 60_000, logger: quiet })
  /** Lets every callback reach Kelan and every outbox item reach WeCom, until both are quiet. */
  const settle = async () => {
    for (let i = 0; i < 4; i++) {
      await s.callbacks.idle()
      await callbacks.drain()
      await outbox.drain()
    }
  }
  /** Acts as a staff member in the WeCom client (control API), then lets everything settle. */
  const inWecom = async (path: string, body: unknown) => {
    const res = await s.app.request(`/_control/${path}`, jsonInit(body))
    expect(res.status).toBe(200)
    const json = (await res.json()) as unknown
    await settle()
    return json
  }
  const riskTag = deps.db.select().from(tags).where(eq(tags.name, '风险客户')).get()!
  return { sim: s, deps, clock, settle, inWecom, riskTag }
}

/** A customer with exactly one follower in WeCom, and a member who does not follow them. */
function pickCustomer(s: Simulator) {
  const one = s.db
    .prepare('SELECT external_userid AS ext, min(userid) AS first FROM relations GROUP BY external_userid HAVING count(*) = 1 ORDER BY external_userid LIMIT 1')
    .get() as { ext: string; first: string }
  const second = s.db.prepare('SELECT userid FROM staff WHERE userid NOT IN (?, ?) ORDER BY seq LIMIT 1').pluck().get(one.first, ADMIN) as string
  const name = s.db.prepare('SELECT name FROM customers WHERE external_userid = ?').pluck().get(one.ext) as string
  return { ext: one.ext, first: one.first, second, name }
}

const simTagIds = (s: Simulator, userid: string, ext: string) => getRelation(s.db, userid, ext)?.tag_id ?? []
const simRemark = (s: Simulator, userid: string, ext: string) => getRelation(s.db, userid, ext)?.remark
const messagesTo = async (s: Simulator, userid: string) =>
  (await (await s.app.request(`/_control/messages?userid=${userid}`)).json()) as { body: { textcard?: { title: string; description: string; url: string } } }[]
const outboxLeft = (deps: ReturnType<typeof makeTestDeps>) => deps.db.select({ kind: outbox.kind, key: outbox.key, status: outbox.status }).from(outbox).all()
const historyOf = (deps: ReturnType<typeof makeTestDeps>, markId: number) =>
  deps.db.select().from(markEvents).where(eq(markEvents.markId, markId)).orderBy(markEvents.id).all()

describe('special marks against the simulator', () => {
  it('mark → a second member adds the customer → tag, remark and app message on the new relation → tag removed in WeCom → Kelan puts it back (reapplied)', async () => {
    const { sim: s, deps, clock, settle, inWecom, riskTag } = await setup()
    const c = pickCustomer(s)
    const forced = `【风险客户】${c.name}`.slice(0, 20)

    // The admin marks the customer (as the create service does: the row, then enforcement).
    const mark = insertMark(deps.db, { externalUserid: c.ext, tagId: riskTag.id, tagName: riskTag.name, reason: '多次恶意投诉', markedBy: ADMIN, markedAt: clock.now() })
    enforceMarks(deps.db, { corpId: deps.corpId, now: clock.now(), publicUrl: deps.env.publicUrl }, [c.ext])
    await settle()
    expect(simTagIds(s, c.first, c.ext)).toContain(riskTag.id)
    expect(simRemark(s, c.first, c.ext)).toBe(forced)
    expect(await messagesTo(s, c.first)).toEqual([])

    // A second member adds the marked customer in WeCom.
    clock.advance(60)
    await inWecom('add-existing-customer', { userid: c.second, external_userid: c.ext })

    expect(simTagIds(s, c.second, c.ext)).toEqual([riskTag.id])
    expect(simRemark(s, c.second, c.ext)).toBe(forced)
    const [message] = await messagesTo(s, c.second)
    expect(message?.body.textcard).toMatchObject({ title: '客户已被标记：风险客户', url: `${deps.env.publicUrl}/#/manager/customers/${c.ext}` })
    expect(message?.body.textcard?.description).toContain('多次恶意投诉')

    // That member takes the tag off in the WeCom client; Kelan puts it back.
    clock.advance(60)
    await inWecom('staff-edit', { userid: c.second, external_userid: c.ext, remove_tag: [riskTag.id] })

    expect(simTagIds(s, c.second, c.ext)).toEqual([riskTag.id])
    const events = historyOf(deps, mark.id).map((e) => `${e.kind}:${e.userid}`)
    expect(events).toEqual([`applied:${c.first}`, `applied:${c.second}`, `notified:${c.second}`, `reapplied:${c.second}`])
    expect(historyOf(deps, mark.id).at(-1)?.detail).toMatchObject({ what: ['tag'] })
    expect(await messagesTo(s, c.second)).toHaveLength(1)
    await settle()
    expect(simTagIds(s, c.second, c.ext)).toEqual([riskTag.id])
  })

  it('a follower deletes the marked customer and adds them again → the new relation is applied (not reapplied) and they get a second message', async () => {
    const { sim: s, deps, clock, settle, inWecom, riskTag } = await setup()
    const c = pickCustomer(s)
    const mark = insertMark(deps.db, { externalUserid: c.ext, tagId: riskTag.id, tagName: riskTag.name, markedBy: ADMIN, markedAt: clock.now() })
    enforceMarks(deps.db, { corpId: deps.corpId, now: clock.now(), publicUrl: deps.env.publicUrl }, [c.ext])
    await settle()
    clock.advance(60)
    await inWecom('add-existing-customer', { userid: c.second, external_userid: c.ext })
    expect(await messagesTo(s, c.second)).toHaveLength(1)

    clock.advance(60)
    await inWecom('staff-deletes-customer', { userid: c.second, external_userid: c.ext })
    clock.advance(60)
    await inWecom('add-existing-customer', { userid: c.second, external_userid: c.ext })

    const events = historyOf(deps, mark.id).map((e) => `${e.kind}:${e.userid}`)
    expect(events).toEqual([`applied:${c.first}`, `applied:${c.second}`, `notified:${c.second}`, `applied:${c.second}`, `notified:${c.second}`])
    expect(await messagesTo(s, c.second)).toHaveLength(2)
    expect(simTagIds(s, c.second, c.ext)).toEqual([riskTag.id])
    expect(simRemark(s, c.second, c.ext)).toBe(`【风险客户】${c.name}`.slice(0, 20).trimEnd())
    expect(outboxLeft(deps)).toEqual([])
  })

  it('WeCom calls back for Kelan’s own API edits (simulator switch on) → the mark settles: no reapplied, nothing left in the outbox', async () => {
    const { sim: s, deps, clock, settle, inWecom, riskTag } = await setup()
    expect((await s.app.request('/_control/settings', jsonInit({ apiEditsTriggerCallbacks: true }, 'PATCH'))).status).toBe(200)
    const c = pickCustomer(s)
    const mark = insertMark(deps.db, { externalUserid: c.ext, tagId: riskTag.id, tagName: riskTag.name, markedBy: ADMIN, markedAt: clock.now() })
    enforceMarks(deps.db, { corpId: deps.corpId, now: clock.now(), publicUrl: deps.env.publicUrl }, [c.ext])
    await settle()
    clock.advance(60)
    await inWecom('add-existing-customer', { userid: c.second, external_userid: c.ext })
    await settle()

    expect(historyOf(deps, mark.id).map((e) => `${e.kind}:${e.userid}`)).toEqual([`applied:${c.first}`, `applied:${c.second}`, `notified:${c.second}`])
    expect(outboxLeft(deps)).toEqual([])
    for (const userid of [c.first, c.second]) {
      expect(simTagIds(s, userid, c.ext)).toContain(riskTag.id)
      expect(simRemark(s, userid, c.ext)).toBe(`【风险客户】${c.name}`.slice(0, 20).trimEnd())
    }
  })

  it('remark changed in WeCom on a marked relation → pushed back, reapplied records what was found', async () => {
    const { sim: s, deps, clock, settle, inWecom, riskTag } = await setup()
    const c = pickCustomer(s)
    const mark = insertMark(deps.db, { externalUserid: c.ext, tagId: riskTag.id, tagName: riskTag.name, remark: '高风险勿联系', markedBy: ADMIN, markedAt: clock.now() })
    enforceMarks(deps.db, { corpId: deps.corpId, now: clock.now(), publicUrl: deps.env.publicUrl }, [c.ext])
    await settle()
    expect(simRemark(s, c.first, c.ext)).toBe('高风险勿联系')

    clock.advance(60)
    await inWecom('staff-edit', { userid: c.first, external_userid: c.ext, remark: '好客户' })

    expect(simRemark(s, c.first, c.ext)).toBe('高风险勿联系')
    const local = deps.db.select().from(followRelations).where(and(eq(followRelations.externalUserid, c.ext), eq(followRelations.userid, c.first))).get()
    expect(local?.remark).toBe('高风险勿联系')
    expect(historyOf(deps, mark.id).at(-1)).toMatchObject({ kind: 'reapplied', userid: c.first, detail: { what: ['remark'], found: '好客户' } })
  })

  it('mark by unionid before anyone added them → the customer adds a member → tag, remark, message; the card shows the banner and locks', async () => {
    const { sim: s, deps, clock, inWecom, riskTag } = await setup()
    const member = pickCustomer(s).second
    const mark = insertMark(deps.db, { externalUserid: '', unionid: 'oMARKED_unionid', tagId: riskTag.id, tagName: riskTag.name, markedBy: ADMIN, markedAt: clock.now() })

    clock.advance(60)
    const added = (await inWecom('add-customer', { userid: member, unionid: 'oMARKED_unionid' })) as { external_contact: { external_userid: string; name: string } }
    const ext = added.external_contact.external_userid

    expect(simTagIds(s, member, ext)).toEqual([riskTag.id])
    expect(simRemark(s, member, ext)).toBe(`【风险客户】${added.external_contact.name}`.slice(0, 20))
    expect(await messagesTo(s, member)).toHaveLength(1)
    expect(historyOf(deps, mark.id).map((e) => e.kind)).toEqual(['applied', 'notified'])

    const card = CustomerCard.parse(await (await request(deps, `/api/sidebar/customers/${ext}`, { as: member })).json())
    expect(card.mark).toMatchObject({ tagName: '风险客户', markedBy: { userid: ADMIN } })
    expect(card.tagGroups[0]?.tags[0]).toMatchObject({ id: riskTag.id, mark: true, locked: true })
    const off = await request(deps, `/api/customers/${ext}/tags`, { as: member, method: 'PUT', json: { add: [], remove: [riskTag.id] } })
    const remark = await request(deps, `/api/customers/${ext}/remark`, { as: member, method: 'PUT', json: { remark: '改一下' } })
    expect([off.status, ErrorBody.parse(await off.json()).error.code]).toEqual([409, 'TAG_LOCKED'])
    expect([remark.status, ErrorBody.parse(await remark.json()).error.code]).toEqual([409, 'REMARK_LOCKED'])
  })

  it('full sync – a marked customer Kelan never enforced (no callback came) – tagged on every relation in the batch write, remark pushes queued', async () => {
    const { sim: s, deps, clock, settle, riskTag } = await setup()
    const c = pickCustomer(s)
    const mark = insertMark(deps.db, { externalUserid: c.ext, tagId: riskTag.id, tagName: riskTag.name, markedBy: ADMIN, markedAt: clock.now() })

    expect((await fullSync(deps)).status).toBe('done')

    expect(historyOf(deps, mark.id).map((e) => `${e.kind}:${e.userid}`)).toEqual([`applied:${c.first}`])
    await settle()
    expect(simTagIds(s, c.first, c.ext)).toContain(riskTag.id)
    expect(simRemark(s, c.first, c.ext)).toBe(`【风险客户】${c.name}`.slice(0, 20))
  })
})
