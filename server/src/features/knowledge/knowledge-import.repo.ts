/**
 * Knowledge import jobs in the shared `jobs` / `job_items` tables (kind 'knowledge_import').
 * Progress writes common to all jobs (running, results, finish) are jobs/jobs.repo's.
 */
import { and, asc, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { jobItems, jobs } from '../../db/schema'
import type { StoredImportInput, StoredImportRow } from './knowledge-import.domain'

export type ImportJobRow = typeof jobs.$inferSelect

/** Creates an import job and one pending item per row, in one transaction. */
export function insertImportJob(
  db: Db,
  job: { corpId: string; input: StoredImportInput; createdBy: string; now: number },
  rows: readonly StoredImportRow[],
): ImportJobRow {
  const insertItem = db.$client.prepare('insert into job_items (job_id, seq, subject) values (?, ?, ?)')
  return db.transaction(
    (tx) => {
      const row = tx
        .insert(jobs)
        .values({ corpId: job.corpId, kind: 'knowledge_import', input: job.input, total: rows.length, createdBy: job.createdBy, createdAt: job.now })
        .returning()
        .get()
      rows.forEach((r, seq) => insertItem.run(row.id, seq, JSON.stringify(r)))
      return row
    },
    { behavior: 'immediate' },
  )
}

/** An import job of the corp, or undefined. */
export function findImportJob(db: Db, corpId: string, id: number): ImportJobRow | undefined {
  return db
    .select()
    .from(jobs)
    .where(and(eq(jobs.corpId, corpId), eq(jobs.id, id), eq(jobs.kind, 'knowledge_import')))
    .get()
}

/** The oldest import job still to finish (a 'running' one found at boot resumes first). */
export function findNextOpenImportJob(db: Db, corpId: string): ImportJobRow | undefined {
  return db
    .select()
    .from(jobs)
    .where(and(eq(jobs.corpId, corpId), eq(jobs.kind, 'knowledge_import'), inArray(jobs.status, ['queued', 'running'])))
    .orderBy(asc(jobs.id))
    .limit(1)
    .get()
}

/** Every item of a job in order, for the result file. */
export function findImportResults(db: Db, jobId: number) {
  return db
    .select({ subject: jobItems.subject, status: jobItems.status, message: jobItems.message })
    .from(jobItems)
    .where(eq(jobItems.jobId, jobId))
    .orderBy(asc(jobItems.seq))
    .all()
}
