/**
 * Relation history for the customer timeline (客户动态): customer_events 'relation_added'
 * (detail {addWay, state}) and 'relation_ended' (detail {by: 'staff' | 'customer'}).
 * follow_relations keeps only the latest add and end of a relation, so without these a
 * customer deleted and added again would show one add and no delete.
 *
 * What gets recorded, and when (sync.repo calls these inside its write transactions):
 * - A relation seen for the first time is recorded only when the caller says so
 *   (`historyForNew`: callbacks and single-customer syncs after the first full sync). A full
 *   sync records nothing for new relations, so the first sync of a corp with 100k relations
 *   does not write 100k events: the timeline reads such a relation from follow_relations
 *   itself (the fallback for relations without events, timeline.repo).
 * - A relation that becomes active again (ended before, or active with another createtime:
 *   deleted and re-added while Kelan missed the delete) records an add, whoever syncs it.
 * - A relation that ends records an end.
 * - Before the first event of a relation without any, what follow_relations showed until
 *   then is written as events (its add, and its end if it had ended): the timeline stops
 *   reading a relation from follow_relations once it has events, and must lose nothing.
 */
import { and, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { customerEvents, type followRelations } from '../../db/schema'

type RelationRow = typeof followRelations.$inferSelect

/** The facts of a relation the events need. */
export type RelationFacts = Pick<RelationRow, 'corpId' | 'externalUserid' | 'userid' | 'createtime' | 'addWay' | 'state' | 'status' | 'endedAt'>

/** The kinds that make up a relation's history. */
export const RELATION_EVENT_KINDS = ['relation_added', 'relation_ended'] as const

/** How an end is told: by the staff member or by the customer. */
export const endedBy = (status: RelationRow['status']): 'staff' | 'customer' => (status === 'deleted_by_customer' ? 'customer' : 'staff')

function hasRelationEvents(db: Db, r: RelationFacts): boolean {
  return (
    db
      .select({ id: customerEvents.id })
      .from(customerEvents)
      .where(
        and(
          eq(customerEvents.corpId, r.corpId),
          eq(customerEvents.externalUserid, r.externalUserid),
          eq(customerEvents.userid, r.userid),
          inArray(customerEvents.kind, [...RELATION_EVENT_KINDS]),
        ),
      )
      .limit(1)
      .get() !== undefined
  )
}

function insertAdded(db: Db, r: RelationFacts): void {
  db.insert(customerEvents)
    .values({
      corpId: r.corpId,
      externalUserid: r.externalUserid,
      userid: r.userid,
      kind: 'relation_added',
      detail: { addWay: r.addWay, state: r.state },
      at: r.createtime,
    })
    .run()
}

function insertEnded(db: Db, r: RelationFacts, at: number): void {
  db.insert(customerEvents)
    .values({
      corpId: r.corpId,
      externalUserid: r.externalUserid,
      userid: r.userid,
      kind: 'relation_ended',
      detail: { by: endedBy(r.status) },
      at,
    })
    .run()
}

/** Writes what follow_relations shows of `stored` as events, when the relation has none yet. */
function backfillFromRow(db: Db, stored: RelationFacts): void {
  if (hasRelationEvents(db, stored)) return
  insertAdded(db, stored)
  if (stored.status !== 'active' && stored.endedAt !== null) insertEnded(db, stored, stored.endedAt)
}

/**
 * Records an add when WeCom reports `now` active: a relation seen for the first time (only
 * with `historyForNew`), one that had ended, or one re-added with a new createtime.
 * Call it in the transaction that writes `now`, with the row as stored before (undefined
 * when there was none).
 *
 * @returns whether an add was recorded
 */
export function recordRelationSeen(db: Db, stored: RelationFacts | undefined, now: RelationFacts, options: { historyForNew?: boolean }): boolean {
  if (now.status !== 'active') return false
  if (!stored) {
    if (options.historyForNew) insertAdded(db, now)
    return Boolean(options.historyForNew)
  }
  const again = stored.status !== 'active' || stored.createtime !== now.createtime
  if (!again) return false
  backfillFromRow(db, stored)
  insertAdded(db, now)
  return true
}

/**
 * Records the end of a relation, given its row as the end left it (status and endedAt set).
 * Call it in the transaction that ends the relation, only when the row did change.
 */
export function recordRelationEnded(db: Db, ended: RelationFacts): void {
  // The add is what follow_relations showed until now; the end is new.
  backfillFromRow(db, { ...ended, status: 'active', endedAt: null })
  insertEnded(db, ended, ended.endedAt ?? 0)
}
