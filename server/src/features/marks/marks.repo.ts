/**
 * The marks core's storage: which active mark stands on a customer (by external_userid or
 * unionid), the tags marks lock, the mark-tag choice, mark events and the per-relation facts
 * enforcement reads. Shared by enforcement, the card, the tag locks and the admin API.
 */
import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { customers, followRelations, markEvents, marks, settings, staff, type MarkEventKind } from '../../db/schema'
import type { CardMarkView } from '../customers/customers.domain'
import { byDisplayOrder } from '../tags/tags.domain'
import { tagDictionary } from '../tags/tag-dictionary'
import { forcedRemark } from './marks.domain'

/** A mark as stored (see db/schema/marks.ts). */
export type MarkRow = typeof marks.$inferSelect

/** The settings key of the mark-tag choice (a JSON array of tag ids). */
export const MARK_TAGS_SETTING = 'marks.tagIds'

/** The group whose tags are the mark tags until an admin chooses (客户标记: 风险客户, 垃圾资源, 同行). */
export const DEFAULT_MARK_GROUP = '客户标记'

/** `column in (…)` over a JSON array: any number of ids make one statement, under SQLite's parameter limit. */
const inJson = (column: unknown, ids: readonly string[]) => sql`${column} in (select value from json_each(${JSON.stringify(ids)}))`

/**
 * The active mark standing on each of the given customers, by customer id. A mark matches by
 * external_userid, or by unionid when the customer's unionid is known (a mark made before
 * anyone added them). When both kinds match one customer, the external_userid one wins: it
 * was made for exactly this customer.
 */
export function activeMarksFor(db: Db, corpId: string, externalUserids: readonly string[]): Map<string, MarkRow> {
  const found = new Map<string, MarkRow>()
  if (!externalUserids.length) return found
  const byUnionid = db
    .select({ customer: customers.externalUserid, mark: marks })
    .from(customers)
    .innerJoin(
      marks,
      and(eq(marks.corpId, customers.corpId), eq(marks.status, 'active'), sql`${marks.unionid} <> ''`, eq(marks.unionid, customers.unionid)),
    )
    .where(and(eq(customers.corpId, corpId), sql`${customers.unionid} <> ''`, inJson(customers.externalUserid, externalUserids)))
    .all()
  for (const r of byUnionid) found.set(r.customer, r.mark)
  const byExternal = db
    .select()
    .from(marks)
    .where(
      and(eq(marks.corpId, corpId), eq(marks.status, 'active'), sql`${marks.externalUserid} <> ''`, inJson(marks.externalUserid, externalUserids)),
    )
    .all()
  for (const m of byExternal) found.set(m.externalUserid, m)
  return found
}

/** The active mark standing on a customer (see {@link activeMarksFor}), if any. */
export function findActiveMark(db: Db, corpId: string, externalUserid: string): MarkRow | undefined {
  return activeMarksFor(db, corpId, [externalUserid]).get(externalUserid)
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

/** Per follower: whether the mark was applied to their relation, and whether they were notified. */
export function relationEventFlags(db: Db, corpId: string, markId: number): Map<string, { applied: boolean; notified: boolean }> {
  const rows = db
    .select({ userid: markEvents.userid, kind: markEvents.kind })
    .from(markEvents)
    .where(
      and(eq(markEvents.corpId, corpId), eq(markEvents.markId, markId), sql`${markEvents.kind} in ('applied', 'notified')`),
    )
    .all()
  const flags = new Map<string, { applied: boolean; notified: boolean }>()
  for (const r of rows) {
    const f = flags.get(r.userid) ?? { applied: false, notified: false }
    if (r.kind === 'applied') f.applied = true
    else f.notified = true
    flags.set(r.userid, f)
  }
  return flags
}

/** A customer's name and avatar as Kelan has them; undefined when unknown. */
export function findCustomerBasics(db: Db, corpId: string, externalUserid: string): { name: string; avatar: string } | undefined {
  return db
    .select({ name: customers.name, avatar: customers.avatar })
    .from(customers)
    .where(and(eq(customers.corpId, corpId), eq(customers.externalUserid, externalUserid)))
    .get()
}

/**
 * Ties a mark made by unionid to the customer it first matched: their external_userid, name
 * and avatar, so the list shows them and later lookups match by id.
 */
export function fillMarkCustomer(
  db: Db,
  markId: number,
  customer: { externalUserid: string; name: string; avatar: string; now: number },
): void {
  db.update(marks)
    .set({ externalUserid: customer.externalUserid, name: customer.name, avatar: customer.avatar, updatedAt: customer.now })
    .where(and(eq(marks.id, markId), eq(marks.externalUserid, '')))
    .run()
}

/** An active relation as enforcement reads it. */
export interface ActiveRelation {
  userid: string
  createtime: number
  remark: string
}

/** The customer's active relations, earliest first. */
export function activeRelationsOf(db: Db, corpId: string, externalUserid: string): ActiveRelation[] {
  return db
    .select({ userid: followRelations.userid, createtime: followRelations.createtime, remark: followRelations.remark })
    .from(followRelations)
    .where(
      and(
        eq(followRelations.corpId, corpId),
        eq(followRelations.externalUserid, externalUserid),
        eq(followRelations.status, 'active'),
      ),
    )
    .orderBy(followRelations.createtime, followRelations.userid)
    .all()
}

/**
 * The mark standing on a customer for their card (the red banner, the mark tag first and
 * locked); undefined when none. A mark whose tag the library lost still shows its banner,
 * named by the tag id.
 */
export function findCardMark(db: Db, corpId: string, externalUserid: string): CardMarkView | undefined {
  const mark = findActiveMark(db, corpId, externalUserid)
  if (!mark) return undefined
  const tagName = tagDictionary(db, corpId).get(mark.tagId)?.name ?? mark.tagId
  const customerName = findCustomerBasics(db, corpId, externalUserid)?.name ?? mark.name
  const marker = db
    .select({ name: staff.name })
    .from(staff)
    .where(and(eq(staff.corpId, corpId), eq(staff.userid, mark.markedBy)))
    .get()
  return {
    tagId: mark.tagId,
    banner: {
      tagName,
      reason: mark.reason,
      remark: forcedRemark(mark, tagName, customerName),
      markedBy: { userid: mark.markedBy, name: marker?.name ?? mark.markedBy },
      markedAt: mark.markedAt,
    },
  }
}
