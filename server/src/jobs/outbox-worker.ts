import type { Deps } from '../deps'
import { classifyFailure, OUTBOX_MAX_ATTEMPTS } from '../features/outbox/outbox.domain'
import type { HandlerOutcome, OutboxHandlers } from '../features/outbox/outbox.handler'
import {
  deleteItem,
  findDueItems,
  markItemFailed,
  recordFailedAttempt,
  rescheduleItem,
  resetItem,
  type OutboxRow,
} from '../features/outbox/outbox.repo'

export interface OutboxWorkerOptions {
  /** The handler of each item kind. */
  handlers: OutboxHandlers
  /** How often to look for due items while started: the safety net behind `kick()`. */
  pollMs: number
  /** Items pushed at the same time (each a different kind/key: one open item per key). Default 4. */
  concurrency?: number
  /** Failed retryable attempts before an item is parked as 'failed'. Default 20. */
  maxAttempts?: number
  /** Due items read per query. Default 50. */
  batchSize?: number
  logger?: Pick<Console, 'info' | 'warn' | 'error'>
}

export interface OutboxWorker {
  /** Starts polling; a no-op when already started. */
  start(): void
  /** Stops polling, takes no new item, and waits for the items being pushed. */
  stop(): Promise<void>
  /**
   * Pushes items until none is due (those backing off are not due), for tests and shutdown.
   * @returns how many attempts were made
   */
  drain(): Promise<number>
  /**
   * Says there is new work: a pass starts at once (or right after the running one) instead of
   * at the next poll. Cheap; call it after every change that writes an item. A no-op while stopped.
   */
  kick(): void
}

/**
 * Pushes outbox items to WeCom. Items live in SQLite and are written in the transaction of
 * the change they carry, so a restart resumes where the last process stopped; an item
 * interrupted mid-push is pushed again, which is safe because handlers read the current
 * state and send what is still missing.
 *
 * One pass at a time (polls, kicks and drain() queue behind each other); within a pass up to
 * `concurrency` items are in flight. A handler's outcome is applied here: done → deleted,
 * again → due now, waitSeconds → put off. A throw is sorted by `classifyFailure`: WeCom busy,
 * network, 5xx and token errors back off (5 s doubling to 10 min, failed after `maxAttempts`),
 * other WeCom refusals fail the item at once with WeCom's errcode, anything else is logged as
 * our bug and backs off.
 *
 * @example const worker = createOutboxWorker(deps, { handlers, pollMs: 2000 }); worker.start(); worker.kick()
 */
export function createOutboxWorker(deps: Deps, options: OutboxWorkerOptions): OutboxWorker {
  const concurrency = Math.max(1, options.concurrency ?? 4)
  const batchSize = options.batchSize ?? 50
  const maxAttempts = options.maxAttempts ?? OUTBOX_MAX_ATTEMPTS
  const log = options.logger ?? console
  let started = false
  let timer: NodeJS.Timeout | undefined
  let timerIsKick = false
  let polling = false
  let kickedWhilePolling = false
  // One pass at a time: polls, kicks and drain() calls queue behind each other.
  let queue: Promise<unknown> = Promise.resolve()

  async function pushOne(item: OutboxRow): Promise<void> {
    let outcome: HandlerOutcome
    try {
      outcome = await options.handlers[item.kind](deps, item)
    } catch (err) {
      recordFailure(item, err)
      return
    }
    const now = deps.clock.now()
    if (outcome === 'done') deleteItem(deps.db, item.id)
    else if ('again' in outcome) resetItem(deps.db, item.id, now)
    else rescheduleItem(deps.db, item.id, { now, waitSeconds: outcome.waitSeconds })
  }

  function recordFailure(item: OutboxRow, err: unknown): void {
    const verdict = classifyFailure(err)
    const failure = { now: deps.clock.now(), errcode: verdict.errcode, error: verdict.message }
    const what = `[kelan] outbox ${item.kind} ${item.key} (#${item.id})`
    if (verdict.internal) log.error(`${what} failed in Kelan:`, err)
    if (verdict.action === 'fail') {
      markItemFailed(deps.db, item.id, failure)
      log.warn(`${what} refused by WeCom for good: ${verdict.message}`)
      return
    }
    const status = recordFailedAttempt(deps.db, item.id, failure, maxAttempts)
    if (status === 'failed') log.error(`${what} failed after ${maxAttempts} attempts: ${verdict.message}`)
    else if (!verdict.internal) log.warn(`${what} attempt ${item.attempts + 1} failed, will retry: ${verdict.message}`)
  }

  /**
   * Runs `concurrency` lanes that take due items until none is left. Lanes refill from the
   * database as they go, so items written or made due during the pass are taken in it too;
   * items in flight are left out of every refill, so no item runs twice at once.
   */
  async function pass(keepGoing: () => boolean): Promise<number> {
    const inFlight = new Set<number>()
    let ready: OutboxRow[] = []
    let attempted = 0
    const next = (): OutboxRow | undefined => {
      if (!keepGoing()) return undefined
      if (!ready.length) {
        const due = findDueItems(deps.db, deps.corpId, deps.clock.now(), batchSize + inFlight.size)
        ready = due.filter((item) => !inFlight.has(item.id))
      }
      return ready.shift()
    }
    const lane = async () => {
      for (let item = next(); item; item = next()) {
        inFlight.add(item.id)
        attempted++
        try {
          await pushOne(item)
        } finally {
          inFlight.delete(item.id)
        }
      }
    }
    // Settle every lane before the pass ends, so the next pass never overlaps this one. A
    // throw here is the database failing while recording an outcome: that lane stops, and the
    // pass reports it once the others are done.
    const lanes = await Promise.allSettled(Array.from({ length: concurrency }, lane))
    const broken = lanes.find((l) => l.status === 'rejected')
    if (broken) throw broken.reason
    return attempted
  }

  function enqueue(keepGoing: () => boolean): Promise<number> {
    const run = queue.then(() => pass(keepGoing))
    queue = run.catch(() => undefined)
    return run
  }

  function schedule(delayMs: number, isKick: boolean): void {
    clearTimeout(timer)
    timerIsKick = isKick
    timer = setTimeout(poll, delayMs)
  }

  function poll(): void {
    timer = undefined
    timerIsKick = false
    polling = true
    enqueue(() => started)
      .catch((err: unknown) => log.error('[kelan] outbox worker pass failed', err))
      .finally(() => {
        polling = false
        if (!started) return
        const again = kickedWhilePolling
        kickedWhilePolling = false
        schedule(again ? 0 : options.pollMs, again)
      })
  }

  return {
    start() {
      if (started) return
      started = true
      schedule(options.pollMs, false)
    },
    async stop() {
      started = false
      clearTimeout(timer)
      timer = undefined
      await queue
    },
    drain: () => enqueue(() => true),
    kick() {
      if (!started) return
      // The running pass may already be past its last refill: run one more after it.
      if (polling) kickedWhilePolling = true
      else if (!timerIsKick) schedule(0, true)
    },
  }
}
