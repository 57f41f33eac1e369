import type { Deps } from '../deps'
import { MAX_ATTEMPTS, retryDelaySeconds } from '../features/callbacks/callbacks.domain'
import {
  findDueEvents,
  markEventDone,
  markEventFailedAttempt,
  type CallbackEventRow,
} from '../features/callbacks/callbacks.repo'
import { applyCallbackEvent } from '../features/callbacks/callbacks.service'
import { WecomError } from '../wecom/errors'

export interface CallbackWorkerOptions {
  /** How often to look for due events while started. */
  pollMs: number
  /** Failed attempts before an event is parked as 'failed' (kept, with its last error). */
  maxAttempts?: number
  /** Events read per query. */
  batchSize?: number
  logger?: Pick<Console, 'info' | 'warn' | 'error'>
}

export interface CallbackWorker {
  /** Starts polling; a no-op when already started. */
  start(): void
  /** Stops polling and waits for the event being applied, if any. */
  stop(): Promise<void>
  /**
   * Applies events until none is due (those waiting for a retry are not due), for tests
   * and shutdown. @returns how many events were attempted
   */
  drain(): Promise<number>
}

/**
 * Applies stored WeCom callback events (callback_events) in arrival order. Events live in
 * SQLite, so a restart resumes where the last process stopped; an event interrupted
 * mid-apply is simply applied again, which is safe because applying re-fetches state.
 * A failure is retried with exponential backoff; after `maxAttempts` it is parked as
 * 'failed' with its last error, never dropped.
 *
 * @example const worker = createCallbackWorker(deps, { pollMs: 500 }); worker.start()
 */
export function createCallbackWorker(deps: Deps, options: CallbackWorkerOptions): CallbackWorker {
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS
  const batchSize = options.batchSize ?? 50
  const log = options.logger ?? console
  let timer: NodeJS.Timeout | undefined
  let started = false
  // One pass at a time: polling and drain() calls queue behind each other.
  let queue: Promise<unknown> = Promise.resolve()

  async function applyOne(event: CallbackEventRow): Promise<void> {
    try {
      const outcome = await applyCallbackEvent(deps, event.payload)
      if ('ignored' in outcome) log.info(`[kelan] callback ${event.id} ignored: ${outcome.ignored}`)
      markEventDone(deps.db, event.id, deps.clock.now())
    } catch (err) {
      const attempts = event.attempts + 1
      const error = describe(err)
      const now = deps.clock.now()
      if (attempts >= maxAttempts) {
        log.error(`[kelan] callback ${event.id} failed for good after ${attempts} attempts: ${error}`)
        markEventFailedAttempt(deps.db, event.id, { attempts, error, giveUpAt: now })
      } else {
        log.warn(`[kelan] callback ${event.id} attempt ${attempts} failed: ${error}`)
        markEventFailedAttempt(deps.db, event.id, { attempts, error, nextAttemptAt: now + retryDelaySeconds(attempts) })
      }
    }
  }

  async function pass(): Promise<number> {
    let attempted = 0
    for (;;) {
      const due = findDueEvents(deps.db, deps.corpId, deps.clock.now(), batchSize)
      if (due.length === 0) return attempted
      for (const event of due) {
        await applyOne(event)
        attempted++
      }
    }
  }

  function enqueue(): Promise<number> {
    const run = queue.then(pass)
    queue = run.catch(() => undefined)
    return run
  }

  function schedule(): void {
    if (!started) return
    timer = setTimeout(() => {
      enqueue()
        .catch((err: unknown) => log.error('[kelan] callback worker pass failed', err))
        .finally(schedule)
    }, options.pollMs)
  }

  return {
    start() {
      if (started) return
      started = true
      schedule()
    },
    async stop() {
      started = false
      clearTimeout(timer)
      await queue
    },
    drain: enqueue,
  }
}

/** The error as kept in last_error: WeCom's errcode and path when it came from WeCom. */
function describe(err: unknown): string {
  const text =
    err instanceof WecomError
      ? `WeCom ${err.errcode} on ${err.path}: ${err.message}`
      : err instanceof Error
        ? err.message
        : String(err)
  return text.slice(0, 1000)
}
