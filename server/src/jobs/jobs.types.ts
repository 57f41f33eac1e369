/**
 * Types shared by every kind of background job (`jobs` / `job_items`): the runner schedules
 * chunks, each kind's handler applies them and reports through these; and a job's progress
 * as the API shows it.
 */
import type { jobs } from '../db/schema'

/** A row of the `jobs` table, whatever its kind. */
export type JobRow = typeof jobs.$inferSelect

/**
 * What every kind of job shows the API the same way: its id, status, counts and times (each
 * kind adds what its input says, e.g. the file name).
 */
export function jobProgress(row: JobRow) {
  return {
    id: row.id,
    status: row.status,
    total: row.total,
    done: row.doneCount,
    failed: row.failedCount,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    error: row.error,
  }
}

/** The outcome of one item of a running job (a batch's customer, an import's row). */
export type ItemResult = { status: 'done' | 'failed' | 'skipped'; message: string }

/** What one call of a kind's chunk handler (e.g. `runBatchChunk`) did. */
export interface ChunkOutcome {
  jobId: number
  /** Items given a result in this chunk. */
  processed: number
  /** The job has no pending item left and is now done (or failed). */
  finished: boolean
}

/** How much of a job one transaction takes on. */
export interface ChunkLimits {
  /** Most items per chunk. */
  size: number
  /**
   * The chunk ends early once it has run this long: the transaction holds the write lock
   * and the event loop, so requests wait at most about this long behind a job.
   */
  budgetMs: number
}
