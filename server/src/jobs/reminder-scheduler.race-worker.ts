/**
 * One of two schedulers racing in reminder-scheduler.race.test.ts, run as its own process
 * (like a second server on the same database file): opens the database, says `ready`, waits
 * for `go` on stdin, then ticks until no reminder is left to send, yielding about a
 * millisecond between ticks as a server's timer would. Prints one JSON line: how many
 * reminders its ticks sent, and the error that stopped it, if any (SQLITE_BUSY above all).
 *
 * Its clock runs fast from `start` (one second per `msPerSecond` ms of real time, counted
 * from `go`), so reminders fall due one after another while both sides tick: both keep
 * finding the same newly due reminders, which is the race. (With everything due at once,
 * the first side's tick would take the whole backlog before the other got the lock.)
 *
 * Usage: node --import tsx reminder-scheduler.race-worker.ts <dbPath> <start> <msPerSecond> <batchSize>
 */
import { and, eq } from 'drizzle-orm'
import { reminders } from '../db/schema'
import { makeTestDeps } from '../test/helpers'
import { pauseBetweenRounds, printReport, raceErrorOf, waitForGo, type RaceError } from '../test/race-worker'
import { createReminderScheduler } from './reminder-scheduler'

/** What the worker prints when it is done. */
export interface RaceReport {
  sent: number
  ticks: number
  error: RaceError | null
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }

async function main(): Promise<void> {
  const [dbPath, start, msPerSecond, batchSize] = process.argv.slice(2)
  if (!dbPath || !start || !msPerSecond || !batchSize) throw new Error('usage: <dbPath> <start> <msPerSecond> <batchSize>')
  let goAt = Date.now()
  const clock = { now: () => Number(start) + Math.floor((Date.now() - goAt) / Number(msPerSecond)) }
  const deps = makeTestDeps({ dbPath, clock })
  const scheduler = createReminderScheduler(deps, { pollMs: 60_000, batchSize: Number(batchSize), logger: quiet })
  const left = () =>
    deps.db.select({ id: reminders.id }).from(reminders).where(and(eq(reminders.corpId, deps.corpId), eq(reminders.status, 'scheduled'))).limit(1).get()
  await waitForGo()
  goAt = Date.now()
  const report: RaceReport = { sent: 0, ticks: 0, error: null }
  try {
    while (left()) {
      report.sent += scheduler.tick()
      report.ticks++
      await pauseBetweenRounds()
    }
  } catch (err) {
    report.error = raceErrorOf(err)
  }
  deps.db.$client.close()
  printReport(report)
}

await main()
