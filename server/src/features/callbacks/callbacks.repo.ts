import { and, asc, eq, lte } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { callbackEvents } from '../../db/schema'

export type CallbackEventRow = typeof callbackEvents.$inferSelect

/**
 * Stores an event unless one with the same dedupe key is already there (INSERT OR IGNORE:
 * one statement, so the callback request holds the write lock for microseconds).
 *
 * @returns true when stored, false for a duplicate delivery
 */
export function insertEventIfNew(
  db: Db,
  row: Pick<CallbackEventRow, 'corpId' | 'dedupeKey' | 'event' | 'changeType' | 'payload' | 'receivedAt'>,
): boolean {
  const res = db
    .insert(callbackEvents)
    .values({ ...row, status: 'pending', attempts: 0, nextAttemptAt: row.receivedAt })
    .onConflictDoNothing()
    .run()
  return res.changes > 0
}

/** Pending events whose time has come, oldest first. */
export function findDueEvents(db: Db, corpId: string, now: number, limit: number): CallbackEventRow[] {
  return db
    .select()
    .from(callbackEvents)
    .where(
      and(
        eq(callbackEvents.corpId, corpId),
        eq(callbackEvents.status, 'pending'),
        lte(callbackEvents.nextAttemptAt, now),
      ),
    )
    .orderBy(asc(callbackEvents.id))
    .limit(limit)
    .all()
}

export function markEventDone(db: Db, id: number, now: number): void {
  db.update(callbackEvents).set({ status: 'done', processedAt: now, lastError: null }).where(eq(callbackEvents.id, id)).run()
}

/** Records a failed attempt: back to pending at `nextAttemptAt`, or parked as failed. */
export function markEventFailedAttempt(
  db: Db,
  id: number,
  result: { attempts: number; error: string; nextAttemptAt: number } | { attempts: number; error: string; giveUpAt: number },
): void {
  const common = { attempts: result.attempts, lastError: result.error }
  const set =
    'giveUpAt' in result
      ? { ...common, status: 'failed' as const, processedAt: result.giveUpAt }
      : { ...common, nextAttemptAt: result.nextAttemptAt }
  db.update(callbackEvents).set(set).where(eq(callbackEvents.id, id)).run()
}
