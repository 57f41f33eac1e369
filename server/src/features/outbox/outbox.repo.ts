import { and, asc, eq, lte, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { outbox, type OutboxKind } from '../../db/schema'

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

/**
 * Makes sure an open item exists for (kind, key); call it inside the transaction that makes
 * the local change. An item already pending keeps its schedule (a backoff after 45009 stands),
 * a failed one is opened again from zero: the user changed something, so it is worth another
 * try. `payload` replaces the stored one.
 */
export function enqueue(db: Db, input: EnqueueInput): void {
  const { corpId, kind, key, createdBy, now } = input
  db.insert(outbox)
    .values({ corpId, kind, key, payload: input.payload ?? {}, createdBy, nextAttemptAt: now, createdAt: now, updatedAt: now })
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
    .run()
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
