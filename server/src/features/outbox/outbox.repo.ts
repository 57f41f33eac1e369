import { and, asc, desc, eq, inArray, lte, sql } from 'drizzle-orm'
import { IMMEDIATE, type Db } from '../../db/client'
import { prepared } from '../../db/prepared'
import {
  customers,
  followRelations,
  outbox,
  relationTags,
  staff,
  tagGroups,
  tags,
  wecomRelationTags,
  type OutboxKind,
} from '../../db/schema'
import { relationOutboxKey, type TagDiff } from '../tags/tags.domain'
import { OUTBOX_MAX_ATTEMPTS, outboxRetryDelaySeconds, parseRelationOutboxKey, type FailureNames } from './outbox.domain'

export type OutboxRow = typeof outbox.$inferSelect

export interface EnqueueInput {
  corpId: string
  kind: OutboxKind
  /** What the item pushes, e.g. `relationKey(externalUserid, userid)` for mark_tag. */
  key: string
  payload?: Record<string, unknown>
  /** Who caused it; '' for the system. */
  createdBy: string
  now: number
}

const enqueueStmt = prepared((db) => {
  const now = sql.placeholder('now')
  return db
    .insert(outbox)
    .values({
      corpId: sql.placeholder('corpId'),
      kind: sql.placeholder('kind'),
      key: sql.placeholder('key'),
      payload: sql.placeholder('payload'),
      createdBy: sql.placeholder('createdBy'),
      nextAttemptAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: [outbox.corpId, outbox.kind, outbox.key],
      set: {
        payload: sql`excluded.payload`,
        createdBy: sql`excluded.created_by`,
        updatedAt: sql`excluded.updated_at`,
        attempts: sql`case when ${outbox.status} = 'failed' then 0 else ${outbox.attempts} end`,
        nextAttemptAt: sql`case when ${outbox.status} = 'failed' then excluded.next_attempt_at else ${outbox.nextAttemptAt} end`,
        status: 'pending',
      },
    })
    .prepare()
})

/**
 * Makes sure an open item exists for (kind, key); call it inside the transaction that makes
 * the local change. An item already pending keeps its schedule (a backoff after 45009 stands),
 * a failed one is opened again from zero: the user changed something, so it is worth another
 * try. `payload` replaces the stored one.
 */
export function enqueue(db: Db, input: EnqueueInput): void {
  const { corpId, kind, key, createdBy, now } = input
  enqueueStmt(db).run({ corpId, kind, key, payload: input.payload ?? {}, createdBy, now })
}

/** The open item (pending or failed) for (kind, key), if any. */
export function findOpenItem(db: Db, corpId: string, kind: OutboxKind, key: string): OutboxRow | undefined {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.corpId, corpId), eq(outbox.kind, kind), eq(outbox.key, key)))
    .get()
}

/** Pending items whose time has come, oldest first. */
export function findDueItems(db: Db, corpId: string, now: number, limit: number): OutboxRow[] {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.corpId, corpId), eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)))
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(limit)
    .all()
}

/** Removes a delivered item; deleting (not flagging) keeps the table as small as the backlog. */
export function deleteItem(db: Db, id: number): void {
  db.delete(outbox).where(eq(outbox.id, id)).run()
}

/** Removes the open item for (kind, key), e.g. when the relation it pushes to has ended. */
export function deleteItemByKey(db: Db, corpId: string, kind: OutboxKind, key: string): void {
  db.delete(outbox).where(and(eq(outbox.corpId, corpId), eq(outbox.kind, kind), eq(outbox.key, key))).run()
}

// ---------------------------------------------------------------------------------------
// What the worker writes after an attempt

/** Why an attempt failed, as kept on the item. */
export interface AttemptFailure {
  now: number
  /** WeCom's errcode; null when the failure was not WeCom's. */
  errcode: number | null
  error: string
}

/**
 * Counts a failed attempt that may pass later: the item waits `outboxRetryDelaySeconds`
 * (5 s doubling, at most 10 min), and after `maxAttempts` it is parked as 'failed'.
 *
 * @returns the item's status after, or undefined when it no longer exists (e.g. its relation ended)
 */
export function recordFailedAttempt(
  db: Db,
  id: number,
  failure: AttemptFailure,
  maxAttempts = OUTBOX_MAX_ATTEMPTS,
): 'pending' | 'failed' | undefined {
  // IMMEDIATE: the attempts read here are written back, counted up. A deferred transaction
  // would have to turn its read into a write, which fails with SQLITE_BUSY, busy_timeout or
  // not, when another connection wrote in between.
  return db.transaction(
    () => {
      const row = db.select({ attempts: outbox.attempts }).from(outbox).where(eq(outbox.id, id)).get()
      if (!row) return undefined
      const attempts = row.attempts + 1
      const status = attempts >= maxAttempts ? 'failed' : 'pending'
      db.update(outbox)
        .set({
          status,
          attempts,
          nextAttemptAt: failure.now + outboxRetryDelaySeconds(attempts),
          lastErrcode: failure.errcode,
          lastError: failure.error,
          updatedAt: failure.now,
        })
        .where(eq(outbox.id, id))
        .run()
      return status
    },
    IMMEDIATE,
  )
}

/** Parks an item as 'failed' at once (WeCom refused it for good); the attempt is counted. */
export function markItemFailed(db: Db, id: number, failure: AttemptFailure): void {
  db.update(outbox)
    .set({
      status: 'failed',
      attempts: sql`${outbox.attempts} + 1`,
      lastErrcode: failure.errcode,
      lastError: failure.error,
      updatedAt: failure.now,
    })
    .where(eq(outbox.id, id))
    .run()
}

/** Puts an item off by `waitSeconds` without counting an attempt (it was not ready, nothing failed). */
export function rescheduleItem(db: Db, id: number, at: { now: number; waitSeconds: number }): void {
  db.update(outbox)
    .set({ nextAttemptAt: at.now + at.waitSeconds, updatedAt: at.now })
    .where(eq(outbox.id, id))
    .run()
}

/** Makes an item due now from zero attempts, errors cleared: it was pushed, and there is more to push. */
export function resetItem(db: Db, id: number, now: number): void {
  db.update(outbox)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: now, lastErrcode: null, lastError: null, updatedAt: now })
    .where(eq(outbox.id, id))
    .run()
}

/**
 * Opens a failed item again (an admin's or user's retry): pending, zero attempts, due now.
 *
 * @returns false when the corp has no failed item with that id
 */
export function reopenItem(db: Db, corpId: string, id: number, now: number): boolean {
  const res = db
    .update(outbox)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: now, lastErrcode: null, lastError: null, updatedAt: now })
    .where(and(eq(outbox.id, id), eq(outbox.corpId, corpId), eq(outbox.status, 'failed')))
    .run()
  return res.changes > 0
}

/**
 * Opens again the failed items of `kind` among `keys` (pending, zero attempts, due now):
 * something they failed on has changed, e.g. a tag WeCom had deleted is gone locally too.
 * Keys travel as one JSON array, so any number of them makes one statement.
 */
export function reopenFailedItems(db: Db, corpId: string, kind: OutboxKind, keys: readonly string[], now: number): void {
  if (!keys.length) return
  db.update(outbox)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: now, lastErrcode: null, lastError: null, updatedAt: now })
    .where(
      and(
        eq(outbox.corpId, corpId),
        eq(outbox.kind, kind),
        eq(outbox.status, 'failed'),
        sql`${outbox.key} in (select value from json_each(${JSON.stringify(keys)}))`,
      ),
    )
    .run()
}

/** The corp's failed items, most recently failed first. */
export function listFailedItems(db: Db, corpId: string, limit = 200): OutboxRow[] {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.corpId, corpId), eq(outbox.status, 'failed')))
    .orderBy(desc(outbox.updatedAt), desc(outbox.id))
    .limit(limit)
    .all()
}

/** What a relation's open mark_tag item tells: which item to retry and its tags' sync state. */
export type MarkTagItem = Pick<OutboxRow, 'id' | 'status' | 'lastError'>

// Prepared: the sidebar card reads it on every open.
const markTagItemStmt = prepared((db) =>
  db
    .select({ id: outbox.id, status: outbox.status, lastError: outbox.lastError })
    .from(outbox)
    .where(and(eq(outbox.corpId, sql.placeholder('corpId')), eq(outbox.kind, 'mark_tag'), eq(outbox.key, sql.placeholder('key'))))
    .prepare(),
)

/**
 * The open mark_tag item (pending or failed) of a relation, if any: its tags are on their way
 * to WeCom (or stuck).
 */
export function findMarkTagItem(db: Db, corpId: string, externalUserid: string, userid: string): MarkTagItem | undefined {
  return markTagItemStmt(db).get({ corpId, key: relationOutboxKey(externalUserid, userid) })
}

// ---------------------------------------------------------------------------------------
// The relation state a mark_tag item pushes

export interface RelationRef {
  corpId: string
  externalUserid: string
  userid: string
}

const relationWhere = (r: RelationRef) =>
  and(eq(followRelations.corpId, r.corpId), eq(followRelations.externalUserid, r.externalUserid), eq(followRelations.userid, r.userid))

// Prepared: every sidebar tag change checks it, besides every mark_tag push.
const relationActiveStmt = prepared((db) =>
  db
    .select({ one: sql`1` })
    .from(followRelations)
    .where(
      and(
        eq(followRelations.corpId, sql.placeholder('corpId')),
        eq(followRelations.externalUserid, sql.placeholder('externalUserid')),
        eq(followRelations.userid, sql.placeholder('userid')),
        eq(followRelations.status, 'active'),
      ),
    )
    .prepare(),
)

/**
 * True while the follow relation is active locally: `userid` follows the customer (an ended
 * relation has nothing left to push, and takes no tags).
 */
export function isRelationActive(db: Db, r: RelationRef): boolean {
  return relationActiveStmt(db).get({ corpId: r.corpId, externalUserid: r.externalUserid, userid: r.userid }) !== undefined
}

/** A relation's tag ids as Kelan wants them (`desired`) and as WeCom last confirmed them (`remote`). */
export function relationTagState(db: Db, r: RelationRef): { desired: string[]; remote: string[] } {
  const desired = db
    .select({ id: relationTags.tagId })
    .from(relationTags)
    .where(and(eq(relationTags.corpId, r.corpId), eq(relationTags.externalUserid, r.externalUserid), eq(relationTags.userid, r.userid)))
    .all()
  const remote = db
    .select({ id: wecomRelationTags.tagId })
    .from(wecomRelationTags)
    .where(
      and(
        eq(wecomRelationTags.corpId, r.corpId),
        eq(wecomRelationTags.externalUserid, r.externalUserid),
        eq(wecomRelationTags.userid, r.userid),
      ),
    )
    .all()
  return { desired: desired.map((t) => t.id), remote: remote.map((t) => t.id) }
}

/**
 * Records what WeCom accepted in a mark_tag: the confirmed tags take the difference, and the
 * relation's `updated_at` moves up past `now` (never back) so a sync read taken before the
 * push cannot overwrite the relation with tags from before it. Call inside a transaction.
 */
export function confirmRelationTags(db: Db, r: RelationRef, diff: TagDiff, now: number): void {
  for (const tagId of diff.add) db.insert(wecomRelationTags).values({ ...r, tagId }).onConflictDoNothing().run()
  if (diff.remove.length) {
    db.delete(wecomRelationTags)
      .where(
        and(
          eq(wecomRelationTags.corpId, r.corpId),
          eq(wecomRelationTags.externalUserid, r.externalUserid),
          eq(wecomRelationTags.userid, r.userid),
          inArray(wecomRelationTags.tagId, diff.remove),
        ),
      )
      .run()
  }
  // now + 1: read times are whole seconds and a sync skips only a relation written from a
  // strictly later read (updated_at > readAt). A read started in the push's own second, before
  // the push, has readAt = now: stamped `now`, its tags from before the push would be written.
  // The cost: a read started in that second after the push is skipped too (the relation keeps
  // what Kelan has, which is what WeCom confirmed; a WeCom-side change in that second waits
  // for the next read).
  db.update(followRelations)
    .set({ updatedAt: sql`max(${followRelations.updatedAt}, ${now + 1})` })
    .where(relationWhere(r))
    .run()
}

// ---------------------------------------------------------------------------------------
// Names for the failure list

/** Looks up the names `describeOutboxItem` needs for `items` (customers, staff, groups, tags), in four queries. */
export function failureNames(db: Db, corpId: string, items: readonly OutboxRow[]): FailureNames {
  const relations = items.flatMap((i) => {
    const r = i.kind === 'mark_tag' || i.kind === 'remark' ? parseRelationOutboxKey(i.key) : undefined
    return r ? [r] : []
  })
  const libraryIds = items.filter((i) => i.kind === 'create_tags' || i.kind === 'edit_tag').map((i) => i.key)
  const customerIds = [...new Set(relations.map((r) => r.externalUserid))]
  const recipients = items.flatMap((i) => (i.kind === 'app_message' && typeof i.payload.touser === 'string' ? i.payload.touser.split('|') : []))
  const staffIds = [...new Set([...relations.map((r) => r.userid), ...recipients])]
  const customerNames = customerIds.length
    ? db
        .select({ id: customers.externalUserid, name: customers.name })
        .from(customers)
        .where(and(eq(customers.corpId, corpId), inArray(customers.externalUserid, customerIds)))
        .all()
    : []
  const staffNames = staffIds.length
    ? db
        .select({ id: staff.userid, name: staff.name })
        .from(staff)
        .where(and(eq(staff.corpId, corpId), inArray(staff.userid, staffIds)))
        .all()
    : []
  const groupNames = libraryIds.length
    ? db
        .select({ id: tagGroups.id, name: tagGroups.name })
        .from(tagGroups)
        .where(and(eq(tagGroups.corpId, corpId), inArray(tagGroups.id, libraryIds)))
        .all()
    : []
  const tagNames = libraryIds.length
    ? db
        .select({ id: tags.id, name: tags.name, groupName: tagGroups.name })
        .from(tags)
        .innerJoin(tagGroups, and(eq(tagGroups.corpId, tags.corpId), eq(tagGroups.id, tags.groupId)))
        .where(and(eq(tags.corpId, corpId), inArray(tags.id, libraryIds)))
        .all()
    : []
  const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]))
  const [c, s, g, t] = [byId(customerNames), byId(staffNames), byId(groupNames), byId(tagNames)]
  return {
    customer: (id) => c.get(id)?.name,
    staff: (id) => s.get(id)?.name,
    group: (id) => g.get(id)?.name,
    tag: (id) => t.get(id),
  }
}
