/**
 * Test helpers for special marks: a mark row inserted directly (the create service is the
 * admin API's), and the 客户标记 group the demo corp has. Each test builds its own data.
 */
import { and, eq } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { customers, markEvents, marks, tagGroups, tags } from '../../db/schema'
import { makeTag, makeTagGroup, TEST_CORP_ID } from '../../test/helpers'
import type { MarkRow } from './marks.repo'

/** The 客户标记 group's id and its tags' ids in {@link markTagRows}. */
export const MARK_GROUP = 'etMARKS'
export const RISK = 'etRISK'
export const SPAM = 'etSPAM'
export const PEER = 'etPEER'

/** The 客户标记 group (风险客户, 垃圾资源, 同行) as rows for `seed`. */
export function markTagRows(o: { exclusive?: boolean } = {}): { tagGroups: (typeof tagGroups.$inferInsert)[]; tags: (typeof tags.$inferInsert)[] } {
  return {
    tagGroups: [makeTagGroup({ id: MARK_GROUP, name: '客户标记', order: 500, exclusive: o.exclusive ?? false })],
    tags: [
      makeTag({ id: RISK, groupId: MARK_GROUP, name: '风险客户', order: 3 }),
      makeTag({ id: SPAM, groupId: MARK_GROUP, name: '垃圾资源', order: 2 }),
      makeTag({ id: PEER, groupId: MARK_GROUP, name: '同行', order: 1 }),
    ],
  }
}

/** The names of {@link markTagRows}' tags, which a mark keeps as `tagName`. */
const MARK_TAG_NAMES: Record<string, string> = { [RISK]: '风险客户', [SPAM]: '垃圾资源', [PEER]: '同行' }

/**
 * Inserts an active mark (风险客户 on wmCUST0001 by admin at 1_700_000_000 unless overridden)
 * and returns it. Like the create service, it keeps the tag's name (for the tags of
 * markTagRows; pass `tagName` for others) and the customer's name (the customers.name of a
 * known `externalUserid` unless `name` is given).
 *
 * @example const mark = insertMark(deps.db, { externalUserid: 'wmA', reason: '投诉' })
 */
export function insertMark(db: Db, o: Partial<typeof marks.$inferInsert> = {}): MarkRow {
  const externalUserid = o.externalUserid ?? 'wmCUST0001'
  const tagId = o.tagId ?? RISK
  const known = db.select({ name: customers.name }).from(customers).where(eq(customers.externalUserid, externalUserid)).get()
  const row = {
    corpId: TEST_CORP_ID,
    externalUserid,
    tagId,
    tagName: MARK_TAG_NAMES[tagId] ?? '',
    name: externalUserid ? (known?.name ?? '') : '',
    source: 'manual' as const,
    markedBy: 'admin',
    markedAt: 1_700_000_000,
    updatedAt: 1_700_000_000,
    ...o,
  }
  return db.insert(marks).values(row).returning().get()
}

/** A mark's events as `kind:userid` in order, e.g. ['applied:lisi', 'notified:wangwu']. */
export function markEventKinds(db: Db, markId: number): string[] {
  return db
    .select({ kind: markEvents.kind, userid: markEvents.userid })
    .from(markEvents)
    .where(and(eq(markEvents.corpId, TEST_CORP_ID), eq(markEvents.markId, markId)))
    .orderBy(markEvents.id)
    .all()
    .map((e) => `${e.kind}:${e.userid}`)
}
