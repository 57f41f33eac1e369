import { and, asc, eq, inArray } from 'drizzle-orm'
import { JOB_KINDS, jobs, type JobKind } from '../db/schema'
import type { Deps } from '../deps'
import { runKnowledgeImportChunk } from '../features/knowledge/knowledge-import.handler'
import { runMarkImportChunk } from '../features/marks/mark-import.handler'
import { runBatchChunk } from '../features/tag-batches/tag-batches.handler'
import type { ChunkLimits, ChunkOutcome } from './jobs.types'

export interface JobRunnerOptions {
  /** How often to look for open jobs while started (a `wake()` looks at once). */
  pollMs: number
  /** Most customers per transaction (default 200). */
  chunkSize?: number
  /**
   * A chunk also ends once it has run this long (default 100 ms), so on a large database
   * requests never wait long behind a batch for the write lock or the event loop.
   */
  chunkBudgetMs?: number
  logger?: Pick<Console, 'info' | 'warn' | 'error'>
  /** Called after each chunk, e.g. to log progress. */
  onChunk?: (outcome: ChunkOutcome) => void
}

export interface JobRunner {
  /** Starts polling; a no-op when already started. */
  start(): void
  /** Stops after the chunk being applied, if any; the job stays open and resumes on the next start. */
  stop(): Promise<void>
  /** Runs open jobs to the end, for tests and tools. @returns how many items were processed */
  drain(): Promise<number>
  /** New work: look now rather than at the next poll (no-op unless started). */
  wake(): void
}

const CHUNK_SIZE = 200
const CHUNK_BUDGET_MS = 100

/**
 * Applies the next chunk of the oldest open job of one kind, in one transaction, or returns
 * null when there is none. Each kind's handler owns its rules; the runner only schedules.
 */
export type ChunkHandler = (deps: Deps, limits: ChunkLimits, log: Pick<Console, 'error'>) => ChunkOutcome | null

const HANDLERS: Record<JobKind, ChunkHandler> = {
  batch_tags: runBatchChunk,
  knowledge_import: runKnowledgeImportChunk,
  mark_import: runMarkImportChunk,
}

/** The kind of the oldest job still to finish, so jobs run in the order they were started. */
function nextOpenKind(deps: Deps): JobKind | undefined {
  return deps.db
    .select({ kind: jobs.kind })
    .from(jobs)
    .where(and(eq(jobs.corpId, deps.corpId), inArray(jobs.kind, JOB_KINDS), inArray(jobs.status, ['queued', 'running'])))
    .orderBy(asc(jobs.id))
    .limit(1)
    .get()?.kind
}

/**
 * Runs background jobs (batch tagging, knowledge import) from the `jobs` table, oldest first
 * whatever their kind (each kind's handler applies a chunk), a chunk of items
 * per transaction, handing the event loop back between chunks so requests are served while a
 * 10 000-customer batch runs. Jobs and their items live in SQLite: a restart resumes a
 * 'running' job from its pending items.
 *
 * @example const runner = createJobRunner(deps, { pollMs: 1000 }); runner.start()
 */
export function createJobRunner(deps: Deps, options: JobRunnerOptions): JobRunner {
  const limits = { size: options.chunkSize ?? CHUNK_SIZE, budgetMs: options.chunkBudgetMs ?? CHUNK_BUDGET_MS }
  const log = options.logger ?? console
  let started = false
  let halting = false
  let timer: NodeJS.Timeout | undefined
  let inFlight = false
  let wakeRequested = false
  // One pass at a time: polling, wake() and drain() queue behind each other.
  let queue: Promise<unknown> = Promise.resolve()

  async function pass(): Promise<number> {
    let processed = 0
    while (!halting) {
      const kind = nextOpenKind(deps)
      const outcome = kind && HANDLERS[kind](deps, limits, log)
      if (!outcome) break
      processed += outcome.processed
      if (outcome.finished) log.info(`[kelan] ${kind} job ${outcome.jobId} finished`)
      options.onChunk?.(outcome)
      await new Promise((resolve) => setImmediate(resolve))
    }
    return processed
  }

  function enqueue(): Promise<number> {
    const run = queue.then(pass)
    queue = run.catch(() => undefined)
    return run
  }

  function tick(): void {
    timer = undefined
    inFlight = true
    enqueue()
      .catch((err: unknown) => log.error('[kelan] job runner pass failed', err))
      .finally(() => {
        inFlight = false
        const again = wakeRequested
        wakeRequested = false
        schedule(again ? 0 : options.pollMs)
      })
  }

  function schedule(ms: number): void {
    if (!started || timer) return
    timer = setTimeout(tick, ms)
  }

  return {
    start() {
      if (started) return
      started = true
      schedule(0)
    },
    async stop() {
      started = false
      halting = true
      clearTimeout(timer)
      timer = undefined
      await queue
      halting = false
    },
    drain: enqueue,
    wake() {
      if (!started) return
      if (inFlight) {
        wakeRequested = true
        return
      }
      clearTimeout(timer)
      timer = undefined
      schedule(0)
    },
  }
}
