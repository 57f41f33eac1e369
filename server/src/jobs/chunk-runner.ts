/**
 * One chunk of one kind of job, the same for every kind: the oldest open job found, read again
 * and checked in an IMMEDIATE transaction, a chunk of its pending items given results, and the
 * results and the job's counts written in that transaction. A job runs in the name of the
 * staff member who started it, checked again for every chunk. What a kind reads, checks and
 * does with an item is the kind's (its `ItemsJobKind`).
 */
import { IMMEDIATE } from '../db/client'
import type { JobKind, staff } from '../db/schema'
import type { Deps } from '../deps'
import { findStaff } from '../features/auth/auth.repo'
import { findNextOpenJobOfKind } from './import-jobs.repo'
import { failPendingItems, findPendingItems, finishJob, hasPendingItems, markJobRunning, recordItemResults } from './jobs.repo'
import type { ChunkLimits, ChunkOutcome, ItemResult, JobRow } from './jobs.types'

type Staff = typeof staff.$inferSelect

/** A pending item of a job: its place in the job and what it names (a customer id, a stored row). */
export interface PendingItem {
  seq: number
  subject: string
}

/**
 * Gives the items of one chunk their results. It is called with the whole chunk first, so a
 * kind can read what the items share in one query, then returns the per-item function.
 */
export type ChunkApplier = (items: readonly PendingItem[]) => (item: PendingItem) => ItemResult

/** One kind of job as `runJobChunk` runs it; `I` is its stored input. */
export interface ItemsJobKind<I extends { operator: string }> {
  kind: JobKind
  /** The job's stored input, or undefined when this version cannot read it (the job then stops). */
  parseInput(raw: unknown): I | undefined
  /** Whether the staff member who started the job (still employed) may still run it. */
  mayRun(deps: Deps, operator: Staff): boolean
  /** Why the job stops when the operator left or `mayRun` says no. */
  operatorRefused: string
  /** How to apply a chunk, once the job is checked (inside the chunk's transaction). */
  begin(deps: Deps, job: { row: JobRow; input: I; operator: Staff }, log: Pick<Console, 'error'>): ChunkApplier
}

/**
 * Applies the next chunk of the oldest open job of `kind`, or returns null when there is none.
 * The items' writes, their results and the job's counts commit in one transaction, so after a
 * crash the job resumes from its pending items and no item is applied twice. The job is read
 * in that transaction too, so a chunk sees its input as it is in one committed state. The
 * chunk ends after `limits.size` items or once `limits.budgetMs` is spent.
 */
export function runJobChunk<I extends { operator: string }>(deps: Deps, kind: ItemsJobKind<I>, limits: ChunkLimits, log: Pick<Console, 'error'>): ChunkOutcome | null {
  // Most polls find no job: the write lock is taken only when there is one.
  if (!findNextOpenJobOfKind(deps.db, deps.corpId, kind.kind)) return null
  return deps.db.transaction(() => nextChunk(deps, kind, limits, log), IMMEDIATE)
}

/** runJobChunk's work, inside its transaction: the job read again, checked, and a chunk applied. */
function nextChunk<I extends { operator: string }>(deps: Deps, kind: ItemsJobKind<I>, limits: ChunkLimits, log: Pick<Console, 'error'>): ChunkOutcome | null {
  const job = findNextOpenJobOfKind(deps.db, deps.corpId, kind.kind)
  if (!job) return null
  const apply = beginChunk(deps, kind, job, log)
  if (typeof apply === 'string') return stopJob(deps, job, apply)
  if (job.status === 'queued') markJobRunning(deps.db, job.id)
  const started = performance.now()
  const items = findPendingItems(deps.db, job.id, limits.size)
  const applyItem = apply(items)
  const results: { seq: number; result: ItemResult }[] = []
  for (const item of items) {
    results.push({ seq: item.seq, result: applyItem(item) })
    if (performance.now() - started >= limits.budgetMs) break
  }
  recordItemResults(deps.db, job.id, results)
  const finished = !hasPendingItems(deps.db, job.id)
  if (finished) finishJob(deps.db, job.id, { status: 'done', now: deps.clock.now() })
  return { jobId: job.id, processed: results.length, finished }
}

/** The job's input read and its operator checked again: how to apply the chunk, or why the job stops. */
function beginChunk<I extends { operator: string }>(deps: Deps, kind: ItemsJobKind<I>, job: JobRow, log: Pick<Console, 'error'>): ChunkApplier | string {
  const input = kind.parseInput(job.input)
  if (!input) return '任务数据无法读取，任务已停止'
  // The job runs in its starter's name: one who left or lost the right since then stops it.
  const operator = findStaff(deps.db, job.corpId, input.operator)
  if (!operator || operator.status !== 1 || !kind.mayRun(deps, operator)) return kind.operatorRefused
  return kind.begin(deps, { row: job, input, operator }, log)
}

/** Ends a job that may not go on: what is left fails with `reason`, so the counts add up. */
function stopJob(deps: Deps, job: JobRow, reason: string): ChunkOutcome {
  failPendingItems(deps.db, job.id, reason)
  finishJob(deps.db, job.id, { status: 'failed', now: deps.clock.now(), error: reason })
  return { jobId: job.id, processed: 0, finished: true }
}
