/**
 * The outbox end to end against the WeCom simulator: Kelan's real client, the mark_tag
 * handler and the worker, with WeCom failing in every way issue 3 names (45009 three times,
 * HTTP 5xx, a timeout, token expiry, 84061). Once the faults clear, WeCom's tags must equal
 * Kelan's on every relation, and what WeCom refused for good must be listed and retryable.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { and, eq, sql } from 'drizzle-orm'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { OutboxFailureList } from '@kelan/shared'
import { createApp } from '../app'
import { followRelations, outbox, relationTags, staff, tags, wecomRelationTags } from '../db/schema'
import type { Deps } from '../deps'
import { SESSION_COOKIE } from '../features/auth/auth.domain'
import { createSession } from '../features/auth/auth.service'
import { markTagHandler } from '../features/outbox/mark-tag.handler'
import type { OutboxHandler, OutboxHandlers } from '../features/outbox/outbox.handler'
import { outboxRoutes } from '../features/outbox/outbox.routes'
import { fullSync } from '../features/sync/sync.service'
import { applyCustomerChange } from '../features/tags/tags.repo'
import { makeTestDeps, TEST_CORP_ID } from '../test/helpers'
import type { WecomClientOptions } from '../wecom/client'
import type { Simulator } from '../wecom-sim'
import { getRelation } from '../wecom-sim/contacts.repo'
import { jsonInit, makeTestSim, simWecomClient } from '../wecom-sim/testing'
import { createOutboxWorker } from './outbox-worker'

const MARK_TAG = '/cgi-bin/externalcontact/mark_tag'
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }
const notUsed: OutboxHandler = async (_, item) => Promise.reject(new Error(`no ${item.kind} items in this test`))
const handlers: OutboxHandlers = {
  mark_tag: markTagHandler,
  create_tags: notUsed,
  edit_tag: notUsed,
  delete_tags: notUsed,
  remark: notUsed,
  app_message: notUsed,
}

let sim: Simulator | undefined
let dir: string | undefined

afterEach(() => {
  sim?.close()
  sim = undefined
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
  vi.restoreAllMocks()
})

type Clock = ReturnType<typeof makeTestSim>['clock']

/** The simulator's slow reply; the outbox's client gives up long before it. */
const SLOW_MS = 400

/**
 * Kelan's real client on `sim` as the outbox uses it here: its own retries are off, so every
 * fault reaches the outbox worker (the subject of these tests), and a reply slower than
 * 100 ms is a timeout. (A loaded machine may time out an ordinary call too: that is one more
 * retry, which these tests must survive anyway.)
 */
const clientFor = (s: Simulator, clock: Clock, o: Partial<WecomClientOptions> = {}) =>
  simWecomClient(s, { clock, sleep: async () => undefined, retry: { attempts: 0, baseDelayMs: 0, maxDelayMs: 0 }, timeoutMs: 100, ...o })

/** A fresh simulator and Kelan deps on `dbPath`, filled by a full sync (with the client's defaults). */
async function setup(dbPath = ':memory:') {
  const made = makeTestSim()
  sim = made.sim
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  const deps = makeTestDeps({ wecom: simWecomClient(made.sim, { clock: made.clock, sleep: async () => undefined }), clock: made.clock, dbPath })
  await syncFrom(deps)
  deps.wecom = clientFor(made.sim, made.clock)
  return { sim: made.sim, clock: made.clock, deps }
}

/**
 * A full sync, after which WeCom's confirmed tags equal Kelan's: the starting point of a
 * corp whose tags are all pushed. (Written out here too so the test stands on what the
 * outbox needs, whichever way the sync fills wecom_relation_tags.)
 */
async function syncFrom(deps: Deps): Promise<void> {
  expect((await fullSync(deps)).status).toBe('done')
  deps.db.run(sql`insert or ignore into wecom_relation_tags (corp_id, external_userid, userid, tag_id)
    select corp_id, external_userid, userid, tag_id from relation_tags`)
}

interface Rel {
  externalUserid: string
  userid: string
}

const activeRelations = (deps: Deps): Rel[] =>
  deps.db
    .select({ externalUserid: followRelations.externalUserid, userid: followRelations.userid })
    .from(followRelations)
    .where(eq(followRelations.status, 'active'))
    .orderBy(followRelations.externalUserid, followRelations.userid)
    .all()

const relWhere = <T extends typeof relationTags | typeof wecomRelationTags>(t: T, r: Rel) =>
  and(eq(t.externalUserid, r.externalUserid), eq(t.userid, r.userid))
const desiredOf = (deps: Deps, r: Rel) =>
  deps.db.select({ id: relationTags.tagId }).from(relationTags).where(relWhere(relationTags, r)).all().map((t) => t.id).sort()
const remoteOf = (deps: Deps, r: Rel) =>
  deps.db.select({ id: wecomRelationTags.tagId }).from(wecomRelationTags).where(relWhere(wecomRelationTags, r)).all().map((t) => t.id).sort()
const simTagsOf = (s: Simulator, r: Rel) => [...(getRelation(s.db, r.userid, r.externalUserid)?.tag_id ?? [])].sort()

/**
 * Changes the tags of the first `count` relations of different customers, each through the
 * core write as the follower would in the sidebar: one tag added, and one taken off where
 * the relation has any.
 */
function changeTags(deps: Deps, count: number): Rel[] {
  const allTags = deps.db.select({ id: tags.id }).from(tags).orderBy(tags.id).all().map((t) => t.id)
  const seen = new Set<string>()
  const chosen = activeRelations(deps).filter((r) => !seen.has(r.externalUserid) && seen.add(r.externalUserid)).slice(0, count)
  for (const [i, r] of chosen.entries()) {
    const current = desiredOf(deps, r)
    const add = allTags.filter((id) => !current.includes(id)).slice(i % 3, (i % 3) + 1)
    const ctx = { corpId: TEST_CORP_ID, operator: r.userid, source: 'sidebar' as const, now: deps.clock.now() }
    const result = applyCustomerChange(deps.db, ctx, { externalUserid: r.externalUserid, target: r.userid, add, remove: current.slice(0, 1) })
    expect(result).toHaveProperty('applied')
  }
  return chosen
}

/** Drains, advancing the fake clock past every backoff, until nothing is pending (at most `rounds`). */
async function drainThroughBackoffs(worker: { drain(): Promise<number> }, deps: Deps, clock: Clock, between?: (round: number) => void) {
  const pending = () => deps.db.select().from(outbox).where(eq(outbox.status, 'pending')).all().length
  for (let round = 0; round < 30 && pending() > 0; round++) {
    await worker.drain()
    between?.(round)
    clock.advance(600)
  }
  expect(pending()).toBe(0)
}

/** WeCom's tags, Kelan's wanted tags and Kelan's confirmed tags, for every relation but `except`. */
function expectInSync(s: Simulator, deps: Deps, except: Rel[] = []) {
  const skip = new Set(except.map((r) => `${r.externalUserid}/${r.userid}`))
  const relations = activeRelations(deps).filter((r) => !skip.has(`${r.externalUserid}/${r.userid}`))
  expect(relations.length).toBeGreaterThan(20)
  const view = (tagsOf: (r: Rel) => string[]) => relations.map((r) => ({ ...r, tags: tagsOf(r) }))
  expect(view((r) => simTagsOf(s, r))).toEqual(view((r) => desiredOf(deps, r)))
  expect(view((r) => remoteOf(deps, r))).toEqual(view((r) => desiredOf(deps, r)))
}

/** The relation's row in the simulator, to put it back later as it was. */
const simRelationRow = (s: Simulator, r: Rel) =>
  s.db.prepare('SELECT * FROM relations WHERE userid = ? AND external_userid = ?').get(r.userid, r.externalUserid) as Record<string, unknown>

function restoreSimRelation(s: Simulator, row: Record<string, unknown>): void {
  const columns = Object.keys(row)
  s.db.prepare(`INSERT INTO relations (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...Object.values(row))
}

/** Kelan's app with the outbox routes mounted as the lead mounts them, and an admin's cookie. */
function adminRequest(deps: Deps) {
  const admin = deps.db.select({ userid: staff.userid }).from(staff).orderBy(staff.userid).get()!.userid
  deps.db.update(staff).set({ role: 'admin' }).where(eq(staff.userid, admin)).run()
  const app = createApp(deps).route('/api/admin/outbox', outboxRoutes)
  const headers = { cookie: `${SESSION_COOKIE}=${createSession(deps, admin)}` }
  return (path: string, init: RequestInit = {}) => app.request(path, { ...init, headers })
}

describe('outbox worker against the simulator – injected faults', () => {
  it('drain – 45009 ×3, 5xx, timeout, token errors and expiry, 84061 – WeCom ends equal to Kelan; 84061 failed, listed, retried', async () => {
    const { sim, clock, deps } = await setup()
    const changed = changeTags(deps, 8)
    const before = changed.map((r) => simTagsOf(sim, r))
    const gone = changed[3]!
    const goneRow = simRelationRow(sim, gone)
    expect((await sim.app.request('/_control/customer-deletes-staff', jsonInit({ userid: gone.userid, external_userid: gone.externalUserid }))).status).toBe(200)
    sim.faults.failWith(MARK_TAG, 45009, 3)
    sim.faults.httpError(MARK_TAG, 502, 1)
    sim.faults.slow(MARK_TAG, SLOW_MS, 1)
    sim.faults.failWith(MARK_TAG, 42001, 2)
    const warnings: string[] = []
    const logger = { ...quiet, warn: (message: string) => void warnings.push(message) }
    const worker = createOutboxWorker(deps, { handlers, pollMs: 60_000, logger })

    // Between the first two rounds every access token ends, as WeCom's do after two hours.
    await drainThroughBackoffs(worker, deps, clock, (round) => round === 0 && sim.expireTokens())
    // The timed-out call is still running in the simulator; let it land before comparing.
    await new Promise((r) => setTimeout(r, SLOW_MS + 100))

    expect(sim.faults.list()).toEqual([])
    // Each fault reached the worker as a retry (the token errors may be absorbed by the client's refresh).
    const retried = warnings.filter((w) => w.includes('will retry')).join('\n')
    for (const errcode of [45009, -3, -2]) expect(retried).toContain(`错误码 ${errcode}）`)
    expect(warnings.filter((w) => w.includes('45009'))).toHaveLength(3)
    expect(changed.map((r) => simTagsOf(sim, r))).not.toEqual(before)
    expectInSync(sim, deps, [gone])
    const items = deps.db.select().from(outbox).all()
    expect(items).toMatchObject([
      { kind: 'mark_tag', key: `${gone.externalUserid}/${gone.userid}`, status: 'failed', lastErrcode: 84061, lastError: '该客户已不是此成员的好友（错误码 84061）' },
    ])

    const request = adminRequest(deps)
    const listed = OutboxFailureList.parse(await (await request('/api/admin/outbox/failures')).json())
    expect(listed.items).toMatchObject([{ id: items[0]!.id, kind: 'mark_tag', errcode: 84061, customer: { externalUserId: gone.externalUserid } }])
    expect(listed.items[0]!.summary).toMatch(/^为客户「.+」（跟进人：.+）同步标签$/)

    // The customer adds the member back; the admin retries.
    restoreSimRelation(sim, goneRow)
    expect((await request(`/api/admin/outbox/${items[0]!.id}/retry`, { method: 'POST' })).status).toBe(204)
    await drainThroughBackoffs(worker, deps, clock)

    expect(deps.db.select().from(outbox).all()).toEqual([])
    expectInSync(sim, deps)
    expect(OutboxFailureList.parse(await (await request('/api/admin/outbox/failures')).json()).items).toEqual([])
  })

  it('drain – 84061 and no retry – the refusal stays listed, never dropped, across later drains', async () => {
    const { sim, clock, deps } = await setup()
    const [gone] = changeTags(deps, 1)
    await sim.app.request('/_control/staff-deletes-customer', jsonInit({ userid: gone!.userid, external_userid: gone!.externalUserid }))
    const worker = createOutboxWorker(deps, { handlers, pollMs: 60_000, logger: quiet })

    await drainThroughBackoffs(worker, deps, clock)
    clock.advance(86_400)
    await worker.drain()

    expect(deps.db.select().from(outbox).all()).toMatchObject([{ status: 'failed', lastErrcode: 84061, attempts: 1 }])
  })
})

describe('outbox worker against the simulator – restart', () => {
  it('drain – items written, worker A stopped before its first pass – worker B on the same db delivers them', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kelan-outbox-'))
    const dbPath = join(dir, 'kelan.db')
    const { sim, clock, deps: a } = await setup(dbPath)
    const changed = changeTags(a, 5)
    const workerA = createOutboxWorker(a, { handlers, pollMs: 60_000, logger: quiet })
    workerA.start()
    await workerA.stop()
    expect(a.db.select().from(outbox).all()).toHaveLength(5)
    expect(changed.some((r) => simTagsOf(sim, r).join() !== desiredOf(a, r).join())).toBe(true)
    a.db.$client.close()

    const b = makeTestDeps({ wecom: clientFor(sim, clock), clock, dbPath })
    await drainThroughBackoffs(createOutboxWorker(b, { handlers, pollMs: 60_000, logger: quiet }), b, clock)

    expect(b.db.select().from(outbox).all()).toEqual([])
    expectInSync(sim, b)
    b.db.$client.close()
  })

  it('drain – process dies while WeCom applies a push – the new process pushes again, harmlessly, and ends in sync', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kelan-outbox-'))
    const dbPath = join(dir, 'kelan.db')
    const { sim, clock, deps: a } = await setup(dbPath)
    changeTags(a, 3)
    // WeCom takes the call, but the answer never reaches this process: it is gone.
    const realClient = a.wecom
    let applied = 0
    a.wecom = {
      ...realClient,
      markTag: async (input) => {
        await realClient.markTag(input)
        applied++
        await new Promise<void>(() => undefined)
      },
    }
    void createOutboxWorker(a, { handlers, pollMs: 60_000, logger: quiet }).drain()
    await vi.waitFor(() => expect(applied).toBe(3))
    a.db.$client.close()

    const b = makeTestDeps({ wecom: clientFor(sim, clock), clock, dbPath })
    expect(b.db.select().from(outbox).all()).toHaveLength(3)
    await drainThroughBackoffs(createOutboxWorker(b, { handlers, pollMs: 60_000, logger: quiet }), b, clock)

    expect(b.db.select().from(outbox).all()).toEqual([])
    expectInSync(sim, b)
    b.db.$client.close()
  })
})
