import { IMMEDIATE } from '../db/client'
import type { Deps } from '../deps'
import { LATE_AFTER_SECONDS, reminderMessage, reminderOutboxKey } from '../features/followups/followups.domain'
import { claimDueReminders, customerNames, findFollowupsByIds, nextDueAt, recipientsOf, type ReminderRow } from '../features/followups/followups.repo'
import { enqueue } from '../features/outbox/outbox.repo'

export interface ReminderSchedulerOptions {
  /** How often to look for due reminders while started; it also wakes at the next due time if sooner. */
  pollMs: number
  /** Reminders claimed per transaction. Default 100. */
  batchSize?: number
  logger?: Pick<Console, 'info' | 'warn' | 'error'>
}

export interface ReminderScheduler {
  /** Starts the timer (a tick right away, so reminders that fell due while Kelan was down go out now). */
  start(): void
  /** Stops the timer; a tick is synchronous, so nothing is left half done. */
  stop(): Promise<void>
  /**
   * Sends every reminder due at the clock's now: claims them and queues their messages.
   * @returns how many reminders were sent
   */
  tick(): number
  /** A reminder was set: look again now (its time may come before the next poll). */
  wake(): void
}

const BATCH_SIZE = 100

/**
 * Sends follow-up reminders at their time, through the outbox (kind app_message).
 *
 * Durable and exactly once: reminders live in SQLite as 'scheduled'. A tick claims the due
 * ones in one IMMEDIATE transaction (one UPDATE … RETURNING moves them to 'sent') and queues
 * one app message per recipient, keyed `reminder-<id>-<userid>`, in that same transaction.
 * So a crash loses nothing (neither the claim nor the messages were committed), a restart
 * picks up what fell due while down (sent with a note that it is late), and two schedulers
 * on one database (two processes, or a tick racing another) never claim a reminder twice:
 * the second waits for the write lock and then finds it 'sent'. The outbox worker delivers
 * the messages with its retry rules.
 *
 * @example const scheduler = createReminderScheduler(deps, { pollMs: 10_000 }); scheduler.start()
 */
export function createReminderScheduler(deps: Deps, options: ReminderSchedulerOptions): ReminderScheduler {
  const batchSize = options.batchSize ?? BATCH_SIZE
  const log = options.logger ?? console
  let started = false
  let timer: NodeJS.Timeout | undefined

  /** Claims one batch and queues its messages; returns how many were claimed. */
  function sendBatch(now: number): number {
    return deps.db.transaction(
      () => {
        const claimed = claimDueReminders(deps.db, deps.corpId, now, batchSize, LATE_AFTER_SECONDS)
        queueMessages(claimed, now)
        return claimed.length
      },
      IMMEDIATE,
    )
  }

  function queueMessages(claimed: ReminderRow[], now: number): void {
    if (!claimed.length) return
    const followups = new Map(findFollowupsByIds(deps.db, deps.corpId, claimed.map((r) => r.followupId)).map((f) => [f.id, f]))
    const customers = customerNames(deps.db, deps.corpId, claimed.map((r) => r.externalUserid))
    // Read inside the claim's transaction: whoever marked the reminder done before its time
    // gets no message; a reminder nobody is left for is still claimed (sent, without messages).
    const recipients = recipientsOf(deps.db, deps.corpId, claimed.map((r) => r.id), { openOnly: true })
    for (const r of claimed) {
      const f = followups.get(r.followupId)
      const facts = {
        externalUserid: r.externalUserid,
        customerName: customers.get(r.externalUserid)?.name ?? '',
        typeName: f?.typeName ?? '',
        text: f?.text ?? '',
        dueAt: r.dueAt,
      }
      for (const userid of recipients.get(r.id) ?? []) {
        enqueue(deps.db, {
          corpId: deps.corpId,
          kind: 'app_message',
          key: reminderOutboxKey(r.id, userid),
          payload: { ...reminderMessage(userid, facts, r.late, deps.env.publicUrl) },
          createdBy: r.createdBy,
          now,
        })
      }
    }
  }

  function tick(): number {
    const now = deps.clock.now()
    let sent = 0
    try {
      // Batch by batch, so a backlog after downtime never holds the write lock for long.
      for (;;) {
        const n = sendBatch(now)
        sent += n
        if (n < batchSize) break
      }
    } finally {
      // Batches committed before a failing one still go out now.
      if (sent) {
        log.info(`[kelan] reminders: ${sent} sent`)
        deps.wake?.('outbox')
      }
    }
    return sent
  }

  /**
   * The next run: the poll interval, or sooner when a reminder falls due before it. After a
   * failed run it waits the whole poll interval: the reminder that failed is still due, so
   * "sooner" would be now, and a database that keeps failing would be retried in a tight loop.
   */
  function schedule(afterFailure: boolean): void {
    if (!started) return
    clearTimeout(timer)
    let delay = options.pollMs
    if (!afterFailure) {
      try {
        const next = nextDueAt(deps.db, deps.corpId)
        if (next !== undefined) delay = Math.min(delay, Math.max(0, (next - deps.clock.now()) * 1000))
      } catch (err) {
        // Same as a failed run: try again at the next poll.
        log.error('[kelan] reminder scheduler could not read the next due time', err)
      }
    }
    timer = setTimeout(run, delay)
  }

  function run(): void {
    timer = undefined
    let failed = false
    try {
      tick()
    } catch (err) {
      // The database was busy or failing: nothing was committed; the next poll tries again.
      failed = true
      log.error('[kelan] reminder scheduler tick failed', err)
    }
    schedule(failed)
  }

  return {
    start() {
      if (started) return
      started = true
      timer = setTimeout(run, 0)
    },
    async stop() {
      started = false
      clearTimeout(timer)
      timer = undefined
    },
    tick,
    wake() {
      if (!started) return
      clearTimeout(timer)
      timer = setTimeout(run, 0)
    },
  }
}
