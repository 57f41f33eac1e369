/**
 * Jobs made of spreadsheet rows (imports), whatever their kind: the job and one pending item
 * per stored row written together, found by kind (the chunk runner finds every kind's next
 * open job here), and their items read back for the result file. Progress writes are
 * jobs.repo's.
 */
import { and, asc, eq, inArray } from 'drizzle-orm'
import { IMMEDIATE, type Db } from '../db/client'
import { jobItems, jobs, type JobKind } from '../db/schema'
import type { JobRow } from './jobs.types'

/** Creates a job of `kind` and one pending item per row (its JSON as the subject), in one transaction. */
export function insertRowsJob(
  db: Db,
  job: { kind: JobKind; corpId: string; input: Record<string, unknown>; createdBy: string; now: number },
  rows: readonly unknown[],
): JobRow {
  const insertItem = db.$client.prepare('insert into job_items (job_id, seq, subject) values (?, ?, ?)')
  return db.transaction(() => {
    const row = db
      .insert(jobs)
      .values({ corpId: job.corpId, kind: job.kind, input: job.input, total: rows.length, createdBy: job.createdBy, createdAt: job.now })
      .returning()
      .get()
    rows.forEach((r, seq) => insertItem.run(row.id, seq, JSON.stringify(r)))
    return row
  }, IMMEDIATE)
}

/** A job of the corp and kind, or undefined. */
export function findJobOfKind(db: Db, corpId: string, kind: JobKind, id: number): JobRow | undefined {
  return db
    .select()
    .from(jobs)
    .where(and(eq(jobs.corpId, corpId), eq(jobs.id, id), eq(jobs.kind, kind)))
    .get()
}

/** The oldest job of `kind` still to finish (a 'running' one found at boot resumes first). */
export function findNextOpenJobOfKind(db: Db, corpId: string, kind: JobKind): JobRow | undefined {
  return db
    .select()
    .from(jobs)
    .where(and(eq(jobs.corpId, corpId), eq(jobs.kind, kind), inArray(jobs.status, ['queued', 'running'])))
    .orderBy(asc(jobs.id))
    .limit(1)
    .get()
}

/** Every item of a job in order, for the result file. */
export function findJobItems(db: Db, jobId: number) {
  return db
    .select({ subject: jobItems.subject, status: jobItems.status, message: jobItems.message })
    .from(jobItems)
    .where(eq(jobItems.jobId, jobId))
    .orderBy(asc(jobItems.seq))
    .all()
}
