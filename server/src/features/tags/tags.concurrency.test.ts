import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { and, asc, eq, inArray } from 'drizzle-orm'
import { createDb, type Db } from '../../db/client'
import { outbox, relationTags, tagEvents } from '../../db/schema'
import { makeCustomer, makeRelation, makeStaff, makeTag, makeTagGroup, seed } from '../../test/helpers'
import { raceSandbox, runRace, type RaceSandbox } from '../../test/race'
import type { RaceReport } from './tags.race-worker'

const WORKER = fileURLToPath(new URL('./tags.race-worker.ts', import.meta.url))
const CUST = 'wmRACE0001'
const GROUP_TAGS = ['etHI', 'etLO']
const ROUNDS = 200

/** Starts a worker putting `tagId` on `userid`'s relation with the customer, ROUNDS times. */
const startWorker = (sandbox: RaceSandbox, dbPath: string, userid: string, tagId: string) =>
  sandbox.start<RaceReport>(WORKER, [dbPath, CUST, userid, tagId, String(ROUNDS)], userid)

/** Two staff members (lisi, wangwu) following one customer; 意向程度 is 互斥 with 高 and 低. */
function seedRace(db: Db): void {
  seed(db, {
    staff: [makeStaff({ userid: 'lisi', name: '李四' }), makeStaff({ userid: 'wangwu', name: '王五' })],
    customers: [makeCustomer({ externalUserid: CUST })],
    relations: [makeRelation({ externalUserid: CUST, userid: 'lisi' }), makeRelation({ externalUserid: CUST, userid: 'wangwu' })],
    tagGroups: [makeTagGroup({ id: 'etINTENT', name: '意向程度', exclusive: true })],
    tags: [makeTag({ id: 'etHI', groupId: 'etINTENT', name: '高' }), makeTag({ id: 'etLO', groupId: 'etINTENT', name: '低' })],
  })
}

/**
 * Replays the history in id order (transactions are serialised, so the rows of one change are
 * contiguous) and returns the first point where it breaks a rule, or null: per relation and
 * tag, adds and removes alternate starting with an add; two tags of the group are on the
 * customer only between an add and the remove of the other tag by the same change.
 */
function historyProblem(events: (typeof tagEvents.$inferSelect)[]): string | null {
  const on = new Map<string, string>() // `${userid}/${tagId}` → last action
  let carried = 0
  for (const [i, e] of events.entries()) {
    const key = `${e.userid}/${e.tagId}`
    const last = on.get(key) ?? 'remove'
    if (last === e.action) return `row ${e.id}: ${e.action} of ${key} twice in a row`
    on.set(key, e.action)
    carried += e.action === 'add' ? 1 : -1
    if (carried > 2) return `row ${e.id}: ${carried} tags of the group on the customer`
    const next = events[i + 1]
    if (carried === 2 && !(next && next.action === 'remove' && next.operatorUserid === e.operatorUserid && next.at === e.at)) {
      return `row ${e.id}: two tags of the group left on the customer after ${e.operatorUserid}'s change`
    }
  }
  return null
}

describe('互斥 under concurrency', () => {
  const sandbox = raceSandbox('kelan-mutex-race-')
  afterEach(() => sandbox.cleanup())

  it('applyCustomerChange – two processes set 高 and 低 on their own relations at once, 200 times each – one tag left, history pairs up, no SQLITE_BUSY', async () => {
    const dbPath = sandbox.dbPath()
    const db = createDb(dbPath)
    seedRace(db)

    const results = await runRace([startWorker(sandbox, dbPath, 'lisi', 'etHI'), startWorker(sandbox, dbPath, 'wangwu', 'etLO')])

    for (const { code, report, stderr } of results) {
      expect({ code, error: report?.error ?? null, stderr }).toEqual({ code: 0, error: null, stderr: '' })
      expect(report).toMatchObject({ refused: 0 })
      expect(report?.rounds).toBe(ROUNDS)
    }
    const [ra, rb] = results.map((r) => r.report!)
    // Each side undid the other many times: the two loops really ran at the same time.
    expect(ra!.changed).toBeGreaterThan(1)
    expect(rb!.changed).toBeGreaterThan(1)

    const carried = db
      .select({ userid: relationTags.userid, tagId: relationTags.tagId })
      .from(relationTags)
      .where(and(eq(relationTags.externalUserid, CUST), inArray(relationTags.tagId, GROUP_TAGS)))
      .all()
    expect(carried).toHaveLength(1)

    const events = db.select().from(tagEvents).where(eq(tagEvents.externalUserid, CUST)).orderBy(asc(tagEvents.id)).all()
    expect(historyProblem(events)).toBeNull()
    const adds = events.filter((e) => e.action === 'add')
    expect(adds).toHaveLength(ra!.changed + rb!.changed)
    expect(events.length - adds.length).toBe(adds.length - 1) // every add but the standing one was undone
    const last = events.filter((e) => e.action === 'add').at(-1)!
    expect(carried[0]).toEqual({ userid: last.userid, tagId: last.tagId })

    const items = db.select({ kind: outbox.kind, key: outbox.key }).from(outbox).orderBy(asc(outbox.key)).all()
    expect(items).toEqual([
      { kind: 'mark_tag', key: `${CUST}/lisi` },
      { kind: 'mark_tag', key: `${CUST}/wangwu` },
    ])
    db.$client.close()
  })
})
