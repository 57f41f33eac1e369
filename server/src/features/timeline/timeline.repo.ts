/**
 * The timeline's sources, each read as one page in stream order after a cursor, and the
 * remark-change events only the timeline keeps (customer_events).
 */
import { and, desc, eq, inArray, isNotNull, ne, sql, type SQL } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import type { Db } from '../../db/client'
import { olderThan } from '../../lib/cursor'
import { businessRecords, customerEvents, followRelations, followups, markEvents, marks, reminders, tagEvents } from '../../db/schema'
import { sourceBound, type StreamPosition, type TimelineSource } from './timeline.domain'

/** Who asks for which customer's page, after which item, how many rows. */
export interface SourceQuery {
  corpId: string
  externalUserid: string
  cursor?: StreamPosition
  /** Rows to read: the page size plus one, to tell whether more follow. */
  limit: number
}

/** The condition that keeps a source's rows after the cursor (see `sourceBound`). */
function after(source: TimelineSource, at: SQLiteColumn | SQL, id: SQLiteColumn | SQL, cursor?: StreamPosition): SQL | undefined {
  const bound = sourceBound(source, cursor)
  if (!bound) return undefined
  if (bound.sameSecond === 'all') return sql`${at} <= ${bound.at}`
  if (bound.sameSecond === 'none') return sql`${at} < ${bound.at}`
  return olderThan(at, id, { at: bound.at, id: bound.sameSecond.idBelow })
}

// Relations added and ended come from customer_events (relation_added / relation_ended, one
// per add and end, see relation-events.repo.ts), and from follow_relations for the relations
// that have no such events (written before Kelan kept them, or new in a full sync): its row
// shows the latest add and end. The two id spaces are kept apart in the stream's ids: an
// event's is its id × 2, a relation row's its rowid × 2 + 1 (follow_relations has no id
// column; its rowid is stable, rows are upserted, never replaced).
const eventStreamId = sql<number>`(${customerEvents.id} * 2)`
const relationStreamId = sql<number>`(follow_relations.rowid * 2 + 1)`

/** The customer's relation events of `kind`. */
const eventsOf = (q: SourceQuery, kind: 'relation_added' | 'relation_ended') =>
  and(eq(customerEvents.corpId, q.corpId), eq(customerEvents.externalUserid, q.externalUserid), eq(customerEvents.kind, kind))

/** The customer's relations that have no relation events: follow_relations tells their history. */
const relationsWithoutEvents = (q: SourceQuery) =>
  and(
    eq(followRelations.corpId, q.corpId),
    eq(followRelations.externalUserid, q.externalUserid),
    sql`not exists (select 1 from ${customerEvents} e where e.corp_id = ${followRelations.corpId}
      and e.external_userid = ${followRelations.externalUserid} and e.userid = ${followRelations.userid}
      and e.kind in ('relation_added', 'relation_ended'))`,
  )

/** Orders a union of two sources' rows, by their result columns `at` and `id`. */
const byStreamOrder = [sql`"at" desc`, sql`"id" desc`]

/** Relations added (at = WeCom's createtime of each add). */
export function addedPage(db: Db, q: SourceQuery) {
  const events = db
    .select({
      id: eventStreamId.as('id'),
      at: customerEvents.at,
      userid: customerEvents.userid,
      addWay: sql<number>`coalesce(json_extract(${customerEvents.detail}, '$.addWay'), 0)`.as('add_way'),
      state: sql<string>`coalesce(json_extract(${customerEvents.detail}, '$.state'), '')`.as('state'),
    })
    .from(customerEvents)
    .where(and(eventsOf(q, 'relation_added'), after('added', customerEvents.at, eventStreamId, q.cursor)))
  const rows = db
    .select({ id: relationStreamId, at: followRelations.createtime, userid: followRelations.userid, addWay: followRelations.addWay, state: followRelations.state })
    .from(followRelations)
    .where(and(relationsWithoutEvents(q), after('added', followRelations.createtime, relationStreamId, q.cursor)))
  return events.unionAll(rows).orderBy(...byStreamOrder).limit(q.limit).all()
}

/** Relations ended, by the staff member or by the customer (at = when Kelan learnt it). */
export function removedPage(db: Db, q: SourceQuery) {
  const events = db
    .select({
      id: eventStreamId.as('id'),
      at: customerEvents.at,
      userid: customerEvents.userid,
      by: sql<'staff' | 'customer'>`case json_extract(${customerEvents.detail}, '$.by') when 'customer' then 'customer' else 'staff' end`.as('by'),
    })
    .from(customerEvents)
    .where(and(eventsOf(q, 'relation_ended'), after('removed', customerEvents.at, eventStreamId, q.cursor)))
  const endedAt = sql<number>`${followRelations.endedAt}`
  const rows = db
    .select({
      id: relationStreamId,
      at: endedAt,
      userid: followRelations.userid,
      by: sql<'staff' | 'customer'>`case ${followRelations.status} when 'deleted_by_customer' then 'customer' else 'staff' end`,
    })
    .from(followRelations)
    .where(
      and(
        relationsWithoutEvents(q),
        ne(followRelations.status, 'active'),
        isNotNull(followRelations.endedAt),
        after('removed', endedAt, relationStreamId, q.cursor),
      ),
    )
  return events.unionAll(rows).orderBy(...byStreamOrder).limit(q.limit).all()
}

export function tagsPage(db: Db, q: SourceQuery) {
  return db
    .select()
    .from(tagEvents)
    .where(and(eq(tagEvents.corpId, q.corpId), eq(tagEvents.externalUserid, q.externalUserid), after('tags', tagEvents.at, tagEvents.id, q.cursor)))
    .orderBy(desc(tagEvents.at), desc(tagEvents.id))
    .limit(q.limit)
    .all()
}

export function remarkPage(db: Db, q: SourceQuery) {
  return db
    .select()
    .from(customerEvents)
    .where(
      and(
        eq(customerEvents.corpId, q.corpId),
        eq(customerEvents.externalUserid, q.externalUserid),
        eq(customerEvents.kind, 'remark_changed'),
        after('remark', customerEvents.at, customerEvents.id, q.cursor),
      ),
    )
    .orderBy(desc(customerEvents.at), desc(customerEvents.id))
    .limit(q.limit)
    .all()
}

/**
 * Special-mark events of the customer's marks (current and removed ones). The customer's
 * marks are found first (marks_customer), then their events (mark_events_mark): a join left
 * to the planner walked every mark event of the corp.
 */
export function markPage(db: Db, q: SourceQuery) {
  const customerMarks = db.select({ id: marks.id }).from(marks).where(and(eq(marks.corpId, q.corpId), eq(marks.externalUserid, q.externalUserid)))
  return db
    .select({ id: markEvents.id, at: markEvents.at, kind: markEvents.kind, userid: markEvents.userid, detail: markEvents.detail, operatorUserid: markEvents.operatorUserid })
    .from(markEvents)
    .where(and(eq(markEvents.corpId, q.corpId), inArray(markEvents.markId, customerMarks), after('mark', markEvents.at, markEvents.id, q.cursor)))
    .orderBy(desc(markEvents.at), desc(markEvents.id))
    .limit(q.limit)
    .all()
}

export function followupPage(db: Db, q: SourceQuery) {
  return db
    .select()
    .from(followups)
    .where(and(eq(followups.corpId, q.corpId), eq(followups.externalUserid, q.externalUserid), after('followup', followups.createdAt, followups.id, q.cursor)))
    .orderBy(desc(followups.createdAt), desc(followups.id))
    .limit(q.limit)
    .all()
}

/** Reminders that went out (at = when sent). */
export function reminderPage(db: Db, q: SourceQuery) {
  const at = sql<number>`${reminders.sentAt}`
  return db
    .select({ id: reminders.id, at, followupId: reminders.followupId, dueAt: reminders.dueAt, late: reminders.late })
    .from(reminders)
    .where(
      and(
        eq(reminders.corpId, q.corpId),
        eq(reminders.externalUserid, q.externalUserid),
        eq(reminders.status, 'sent'),
        isNotNull(reminders.sentAt),
        after('reminder', at, reminders.id, q.cursor),
      ),
    )
    .orderBy(desc(at), desc(reminders.id))
    .limit(q.limit)
    .all()
}

export function businessPage(db: Db, q: SourceQuery) {
  return db
    .select()
    .from(businessRecords)
    .where(
      and(
        eq(businessRecords.corpId, q.corpId),
        eq(businessRecords.externalUserid, q.externalUserid),
        after('business', businessRecords.createdAt, businessRecords.id, q.cursor),
      ),
    )
    .orderBy(desc(businessRecords.createdAt), desc(businessRecords.id))
    .limit(q.limit)
    .all()
}

/** A remark change, as `recordRemarkChange` takes it. */
export interface RemarkChange {
  corpId: string
  externalUserid: string
  /** The follower whose relation's remark changed. */
  userid: string
  from: string
  to: string
  /** Who changed it in Kelan; '' (or absent) when WeCom reported it. */
  operator?: string
  at: number
}

/**
 * Records a changed remark for the customer timeline (客户动态). Call it inside the
 * transaction that writes the new remark, wherever one is written: a sync or callback that
 * reads a different remark from WeCom (operator ''), and Kelan's own remark change (operator
 * = the staff member). An unchanged remark records nothing.
 *
 * @returns whether an event was recorded
 * @example recordRemarkChange(db, { corpId, externalUserid, userid, from: '王总', to: '王总-已签约', operator: 'lisi', at: now })
 */
export function recordRemarkChange(db: Db, change: RemarkChange): boolean {
  if (change.from === change.to) return false
  db.insert(customerEvents)
    .values({
      corpId: change.corpId,
      externalUserid: change.externalUserid,
      userid: change.userid,
      kind: 'remark_changed',
      detail: { from: change.from, to: change.to },
      operatorUserid: change.operator ?? '',
      at: change.at,
    })
    .run()
  return true
}
