/**
 * Progress writes common to every kind of job in the shared `jobs` / `job_items` tables:
 * status changes, pending items, item results and the job's counts. Creating, finding and
 * listing jobs of one kind stays with that kind's feature.
 */
import { and, asc, eq, sql } from 'drizzle-orm'
import type { Db } from '../db/client'
import { jobItems, jobs } from '../db/schema'
import type { ItemResult } from './jobs.types'

export function markJobRunning(db: Db, id: number): void {
  db.update(jobs).set({ status: 'running' }).where(eq(jobs.id, id)).run()
}

export function finishJob(db: Db, id: number, result: { status: 'done' | 'failed'; now: number; error?: string }): void {
  db.update(jobs)
    .set({ status: result.status, finishedAt: result.now, error: result.error ?? null })
    .where(eq(jobs.id, id))
    .run()
}

/** The next pending items of a job, in order. */
export function findPendingItems(db: Db, jobId: number, limit: number): { seq: number; subject: string }[] {
  return db
    .select({ seq: jobItems.seq, subject: jobItems.subject })
    .from(jobItems)
    .where(and(eq(jobItems.jobId, jobId), eq(jobItems.status, 'pending')))
    .orderBy(asc(jobItems.seq))
    .limit(limit)
    .all()
}

/**
 * Records the outcomes of processed items and adds them to the job's counts (skipped ones
 * count as done: nothing was left to do). Call in the transaction that applied them.
 */
export function recordItemResults(db: Db, jobId: number, results: readonly { seq: number; result: ItemResult }[]): void {
  const update = db.$client.prepare("update job_items set status = ?, message = ? where job_id = ? and seq = ? and status = 'pending'")
  let done = 0
  let failed = 0
  for (const { seq, result } of results) {
    update.run(result.status, result.message, jobId, seq)
    if (result.status === 'failed') failed++
    else done++
  }
  db.update(jobs)
    .set({ doneCount: sql`${jobs.doneCount} + ${done}`, failedCount: sql`${jobs.failedCount} + ${failed}` })
    .where(eq(jobs.id, jobId))
    .run()
}

/** Fails every item still pending (the job is being stopped) and counts them. */
export function failPendingItems(db: Db, jobId: number, message: string): void {
  const changed = db
    .update(jobItems)
    .set({ status: 'failed', message })
    .where(and(eq(jobItems.jobId, jobId), eq(jobItems.status, 'pending')))
    .run().changes
  db.update(jobs)
    .set({ failedCount: sql`${jobs.failedCount} + ${changed}` })
    .where(eq(jobs.id, jobId))
    .run()
}

export function hasPendingItems(db: Db, jobId: number): boolean {
  return findPendingItems(db, jobId, 1).length > 0
}
