/**
 * Test helpers for the special-mark admin API: the org of test/org-fixture with the demo
 * corp's mark tags (group 客户标记: 风险客户, 垃圾资源, 同行) and one ordinary tag, signed-in
 * calls, and one-line factories for customers with followers, grants and mark rows.
 */
import { and, eq } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { followRelations, markEvents, marks, outbox, staffGrants } from '../../db/schema'
import type { Deps } from '../../deps'
import { fakeClock } from '../../lib/clock'
import { makeCustomer, makeRelation, makeTag, makeTagGroup, seed, TEST_CORP_ID } from '../../test/helpers'
import { request } from '../../test/http'
import { makeOrgDeps } from '../../test/org-fixture'

type FakeClock = ReturnType<typeof fakeClock>

/** Tag ids of the fixture. */
export const RISK = 'etMARK01'
export const SPAM = 'etMARK02'
export const PEER = 'etMARK03'
export const PLAIN = 'etTAG0001'

/**
 * The org (boss manager, lisi and wangwu staff, admin) with tags: group 客户标记 (风险客户,
 * 垃圾资源, 同行) and group 客户等级 (A类).
 */
export function setupMarksCorp(): Deps & { clock: FakeClock } {
  const clock = fakeClock()
  const deps = { ...makeOrgDeps({ clock }), clock }
  seed(deps.db, {
    tagGroups: [makeTagGroup({ id: 'etGMARK', name: '客户标记', order: 9 }), makeTagGroup()],
    tags: [
      makeTag({ id: RISK, groupId: 'etGMARK', name: '风险客户', order: 3 }),
      makeTag({ id: SPAM, groupId: 'etGMARK', name: '垃圾资源', order: 2 }),
      makeTag({ id: PEER, groupId: 'etGMARK', name: '同行', order: 1 }),
      makeTag({ id: PLAIN }),
    ],
  })
  return deps
}

/**
 * Calls the app as `as` with a JSON body (`json`) or a raw one (`body`).
 *
 * @example const res = await call(deps, '/api/admin/marks', { as: 'admin', method: 'POST', json: { … } })
 */
export function call(deps: Deps, path: string, init: { as?: string; method?: string; json?: unknown; body?: RequestInit['body']; headers?: Record<string, string> } = {}) {
  return request(deps, path, { method: init.method ?? 'GET', as: init.as, json: init.json, body: init.body, headers: init.headers })
}

/** A customer with `followers` (active relations added at `createtime`). */
export function addCustomer(
  db: Db,
  externalUserid: string,
  o: { name?: string; unionid?: string; followers?: string[]; createtime?: number; updatedAt?: number } = {},
): void {
  seed(db, {
    customers: [makeCustomer({ externalUserid, name: o.name ?? externalUserid, unionid: o.unionid ?? '', updatedAt: o.updatedAt ?? 1_700_000_000 })],
    relations: (o.followers ?? []).map((userid) => makeRelation({ externalUserid, userid, createtime: o.createtime ?? 1_600_000_000 })),
  })
}

/** Ends a relation, as a sync does when the staff member deletes the customer. */
export function endRelation(db: Db, externalUserid: string, userid: string): void {
  db.update(followRelations)
    .set({ status: 'deleted_by_staff', endedAt: 1_700_000_500 })
    .where(and(eq(followRelations.externalUserid, externalUserid), eq(followRelations.userid, userid)))
    .run()
}

/** Grants 客户标记管理 to a member. */
export function grantMarks(db: Db, userid: string): void {
  db.insert(staffGrants).values({ corpId: TEST_CORP_ID, userid, permission: 'marks', grantedBy: 'admin', grantedAt: 1_700_000_000 }).run()
}

/** Every mark row, by id. */
export const allMarks = (db: Db) => db.select().from(marks).orderBy(marks.id).all()

/** A mark's event kinds, oldest first. */
export const eventKinds = (db: Db, markId: number) =>
  db.select({ kind: markEvents.kind, userid: markEvents.userid }).from(markEvents).where(eq(markEvents.markId, markId)).orderBy(markEvents.id).all()

/** The open outbox items of a kind, by key. */
export const outboxKeys = (db: Db, kind: 'remark' | 'app_message' | 'mark_tag') =>
  db.select({ key: outbox.key }).from(outbox).where(eq(outbox.kind, kind)).all().map((r) => r.key).sort()
