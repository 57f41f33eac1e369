/**
 * The marks core's storage: which active mark stands on a customer (by external_userid or
 * unionid), the tags marks lock, the mark-tag choice, mark events and the per-relation facts
 * enforcement reads. Shared by enforcement, the card, the tag locks and the admin API.
 */
import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { prepared } from '../../db/prepared'
import { customers, markEvents, marks, outbox, settings, staff, type MarkEventKind } from '../../db/schema'
import type { CardMarkView } from '../customers/customers.domain'
import { listActiveRelations } from '../customers/customers.repo'
import { byDisplayOrder } from '../tags/tags.domain'
import { tagDictionary } from '../tags/tag-dictionary'
import { forcedRemark, markNoticeKeyPrefix, type RelationEventRecord } from './marks.domain'

/** A mark as stored (see db/schema/marks.ts). */
export type MarkRow = typeof marks.$inferSelect

/** The settings key of the mark-tag choice (a JSON array of tag ids). */
export const MARK_TAGS_SETTING = 'marks.tagIds'

/** The group whose tags are the mark tags until an admin chooses (客户标记: 风险客户, 垃圾资源, 同行). */
export const DEFAULT_MARK_GROUP = '客户标记'

/** `column in (…)` over a JSON array: any number of ids make one statement, under SQLite's parameter limit. */
const inJson = (column: unknown, ids: ReturnType<typeof sql.placeholder>) => sql`${column} in (select value from json_each(${ids}))`

// Prepared once: the card and every tag change ask, and rebuilding these cost ~250 µs a call.
// 'active' is written into the SQL (not bound) so SQLite can use the partial indexes on it.
const marksByUnionidStmt = prepared((db) =>
  db
    .select({ customer: customers.externalUserid, mark: marks })
    .from(customers)
    .innerJoin(
      marks,
      and(eq(marks.corpId, customers.corpId), sql`${marks.status} = 'active'`, sql`${marks.unionid} <> ''`, eq(marks.unionid, customers.unionid)),
    )
    .where(and(eq(customers.corpId, sql.placeholder('corpId')), sql`${customers.unionid} <> ''`, inJson(customers.externalUserid, sql.placeholder('ids'))))
    .prepare(),
)

const marksByExternalStmt = prepared((db) =>
  db
    .select()
    .from(marks)
    .where(
      and(
        eq(marks.corpId, sql.placeholder('corpId')),
        sql`${marks.status} = 'active'`,
        sql`${marks.externalUserid} <> ''`,
        inJson(marks.externalUserid, sql.placeholder('ids')),
      ),
    )
    .prepare(),
)

/**
 * The active mark standing on each of the given customers, by customer id. A mark matches by
 * external_userid, or by unionid when the customer's unionid is known (a mark made before
 * anyone added them). When both kinds match one customer, the external_userid one wins: it
 * was made for exactly this customer.
 */
export function activeMarksFor(db: Db, corpId: string, externalUserids: readonly string[]): Map<string, MarkRow> {
  const found = new Map<string, MarkRow>()
  if (!externalUserids.length) return found
  const args = { corpId, ids: JSON.stringify(externalUserids) }
  for (const r of marksByUnionidStmt(db).all(args)) found.set(r.customer, r.mark)
  for (const m of marksByExternalStmt(db).all(args)) found.set(m.externalUserid, m)
  return found
}

/**
 * The active mark standing on a customer (see {@link activeMarksFor}), if any. A unionid-only
 * mark not tied to them yet reads with their name, as enforcement will copy it when it ties
 * the mark (so the remark it forces is the same before and after).
 */
export function findActiveMark(db: Db, corpId: string, externalUserid: string): MarkRow | undefined {
  const mark = activeMarksFor(db, corpId, [externalUserid]).get(externalUserid)
  if (!mark || mark.externalUserid) return mark
  return { ...mark, name: findCustomerBasics(db, corpId, externalUserid)?.name ?? '' }
}

/**
 * The tags marks hold on the given customers (customer id → tag ids): they may not come off
 * while the mark stands. Customers without a mark are left out.
 */
export function lockedTagsFor(db: Db, corpId: string, externalUserids: readonly string[]): Map<string, Set<string>> {
  const locked = new Map<string, Set<string>>()
  for (const [id, mark] of activeMarksFor(db, corpId, externalUserids)) locked.set(id, new Set([mark.tagId]))
  return locked
}

/**
 * The tags an admin may use as marks, in the order chosen; until one is chosen, the tags of
 * the group named 客户标记 in display order. Ids the library no longer has are left out.
 */
export function markTagIds(db: Db, corpId: string): string[] {
  const library = tagDictionary(db, corpId)
  const row = db
    .select({ value: settings.value })
    .from(settings)
    .where(and(eq(settings.corpId, corpId), eq(settings.key, MARK_TAGS_SETTING)))
    .get()
  if (row && Array.isArray(row.value)) return row.value.filter((id): id is string => typeof id === 'string' && library.has(id))
  return [...library.values()]
    .filter((t) => t.groupName === DEFAULT_MARK_GROUP)
    .sort(byDisplayOrder)
    .map((t) => t.id)
}

/** Takes an active mark off the list; false when it was not active (removed already). */
export function removeMarkRow(db: Db, corpId: string, id: number, by: { userid: string; now: number }): boolean {
  return (
    db
      .update(marks)
      .set({ status: 'removed', removedBy: by.userid, removedAt: by.now, updatedAt: by.now })
      .where(and(eq(marks.corpId, corpId), eq(marks.id, id), eq(marks.status, 'active')))
      .run().changes > 0
  )
}

/** One history event of a mark. */
export interface MarkEventInput {
  corpId: string
  markId: number
  kind: MarkEventKind
  /** The follower whose relation it concerns; omitted for list-level events. */
  userid?: string
  detail?: Record<string, unknown>
  /** Who did it in Kelan; omitted when Kelan did it itself (enforcement). */
  operatorUserid?: string
  at: number
}

/** Records one event in a mark's history (历史). */
export function insertMarkEvent(db: Db, event: MarkEventInput): void {
  db.insert(markEvents)
    .values({
      corpId: event.corpId,
      markId: event.markId,
      kind: event.kind,
      userid: event.userid ?? '',
      detail: event.detail ?? {},
      operatorUserid: event.operatorUserid ?? '',
      at: event.at,
    })
    .run()
}

/**
 * A mark's 'applied' and 'notified' events by follower, each with the relation createtime it
 * names (see relationFlags: a follower's earlier relation does not count for a new one).
 */
export function relationEvents(db: Db, corpId: string, markId: number): Map<string, RelationEventRecord[]> {
  const rows = db
    .select({
      userid: markEvents.userid,
      kind: markEvents.kind,
      createtime: sql<number | null>`json_extract(${markEvents.detail}, '$.createtime')`,
      at: markEvents.at,
    })
    .from(markEvents)
    .where(
      and(eq(markEvents.corpId, corpId), eq(markEvents.markId, markId), sql`${markEvents.kind} in ('applied', 'notified')`),
    )
    .all()
  const events = new Map<string, RelationEventRecord[]>()
  for (const r of rows) {
    const e: RelationEventRecord = { kind: r.kind as RelationEventRecord['kind'], at: r.at, ...(typeof r.createtime === 'number' ? { createtime: r.createtime } : {}) }
    events.set(r.userid, [...(events.get(r.userid) ?? []), e])
  }
  return events
}

/** How many active marks use a tag (it may then neither be deleted nor leave the mark tags). */
export function countActiveMarksWithTag(db: Db, corpId: string, tagId: string): number {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(marks)
    .where(and(eq(marks.corpId, corpId), eq(marks.status, 'active'), eq(marks.tagId, tagId)))
    .get()?.n ?? 0
}

/**
 * Drops a mark's app messages not sent yet (pending or failed): a follower told after the
 * mark was removed would be told something no longer true.
 */
export function deleteUnsentMarkNotices(db: Db, corpId: string, markId: number): void {
  const prefix = markNoticeKeyPrefix(markId)
  db.delete(outbox)
    .where(and(eq(outbox.corpId, corpId), eq(outbox.kind, 'app_message'), sql`substr(${outbox.key}, 1, ${prefix.length}) = ${prefix}`))
    .run()
}

/** A customer's name, avatar and unionid as Kelan has them; undefined when unknown. */
export function findCustomerBasics(db: Db, corpId: string, externalUserid: string): { name: string; avatar: string; unionid: string } | undefined {
  return db
    .select({ name: customers.name, avatar: customers.avatar, unionid: customers.unionid })
    .from(customers)
    .where(and(eq(customers.corpId, corpId), eq(customers.externalUserid, externalUserid)))
    .get()
}

/**
 * Ties a mark made by unionid to the customer it first matched: their external_userid, name
 * and avatar, so the list shows them, later lookups match by id, and the default remark keeps
 * this name. @returns the mark as updated
 */
export function fillMarkCustomer(
  db: Db,
  mark: MarkRow,
  customer: { externalUserid: string; name: string; avatar: string; now: number },
): MarkRow {
  const filled = { externalUserid: customer.externalUserid, name: customer.name, avatar: customer.avatar, updatedAt: customer.now }
  db.update(marks).set(filled).where(and(eq(marks.id, mark.id), eq(marks.externalUserid, ''))).run()
  return { ...mark, ...filled }
}

/**
 * Another active mark of the same customer made by external_userid before Kelan knew their
 * unionid, when a unionid-only mark now matches them too (the external one wins, see
 * activeMarksFor): the unionid-only one is an orphan.
 */
export function findOrphanUnionidMark(db: Db, corpId: string, unionid: string, except: number): MarkRow | undefined {
  if (!unionid) return undefined
  return db
    .select()
    .from(marks)
    .where(and(eq(marks.corpId, corpId), eq(marks.status, 'active'), eq(marks.externalUserid, ''), eq(marks.unionid, unionid), sql`${marks.id} <> ${except}`))
    .get()
}

/** An active relation as enforcement reads it. */
export interface ActiveRelation {
  userid: string
  createtime: number
  remark: string
}

/** The customer's active relations, earliest first (customers.repo's query). */
export function activeRelationsOf(db: Db, corpId: string, externalUserid: string): ActiveRelation[] {
  return listActiveRelations(db, corpId, externalUserid)
    .map((r) => ({ userid: r.userid, createtime: r.createtime, remark: r.remark }))
    .sort((a, b) => a.createtime - b.createtime || a.userid.localeCompare(b.userid))
}

/** What the card needs of the mark standing on a customer, as {@link cardMarkStmt} reads it. */
interface CardMarkRecord {
  tagId: string
  tagName: string
  remark: string
  reason: string
  /** The customer's name as {@link findActiveMark} gives it. */
  name: string
  markedBy: string
  markerName: string | null
  markedAt: number
}

// The card's mark in one statement, run as plain better-sqlite3 (every card asks; the two
// json_each lookups of activeMarksFor plus the marker's name took ~7 µs of a ~100 µs card).
// Same rule as findActiveMark: a mark by external_userid wins over one by unionid, and a
// unionid-only mark reads with the customer's name. 'active' is in the SQL for the partial indexes.
const cardMarkStmt = prepared((db) =>
  db.$client.prepare<{ corpId: string; externalUserid: string }, CardMarkRecord>(
    `select m.tag_id as tagId, m.tag_name as tagName, m.remark, m.reason, m.name, m.marked_by as markedBy,
       st.name as markerName, m.marked_at as markedAt
     from (
       select m.tag_id, m.tag_name, m.remark, m.reason, m.name, m.marked_by, m.marked_at, 1 as by_external from marks m
       where m.corp_id = :corpId and m.status = 'active' and m.external_userid <> '' and m.external_userid = :externalUserid
       union all
       select m.tag_id, m.tag_name, m.remark, m.reason, case when m.external_userid = '' then c.name else m.name end,
         m.marked_by, m.marked_at, 0
       from customers c
       join marks m on m.corp_id = c.corp_id and m.status = 'active' and m.unionid <> '' and m.unionid = c.unionid
       where c.corp_id = :corpId and c.external_userid = :externalUserid and c.unionid <> ''
       order by by_external desc limit 1
     ) m
     left join staff st on st.corp_id = :corpId and st.userid = m.marked_by`,
  ),
)

/**
 * The mark standing on a customer for their card (the red banner, the mark tag first and
 * locked); undefined when none. A mark whose tag the library lost still shows its banner,
 * named by the tag's name stored with the mark.
 */
export function findCardMark(db: Db, corpId: string, externalUserid: string): CardMarkView | undefined {
  const mark = cardMarkStmt(db).get({ corpId, externalUserid })
  if (!mark) return undefined
  const tagName = tagDictionary(db, corpId).get(mark.tagId)?.name ?? (mark.tagName || mark.tagId)
  return {
    tagId: mark.tagId,
    banner: {
      tagName,
      reason: mark.reason,
      remark: forcedRemark(mark),
      markedBy: { userid: mark.markedBy, name: mark.markerName ?? mark.markedBy },
      markedAt: mark.markedAt,
    },
  }
}
