/**
 * One side of the 互斥 race in tags.concurrency.test.ts, run as its own process (like a
 * second server on the same database file): opens the database, says `ready`, waits for
 * `go` on stdin, then puts `tagId` on its own relation with the customer `rounds` times,
 * pausing between calls as a server does between requests (see test/race-worker).
 * Prints one JSON line with what happened; an error (SQLITE_BUSY above all) ends the loop
 * and is reported, not thrown.
 *
 * Usage: node --import tsx tags.race-worker.ts <dbPath> <externalUserid> <userid> <tagId> <rounds>
 */
import { eq } from 'drizzle-orm'
import { createDb } from '../../db/client'
import { customers } from '../../db/schema'
import { pauseBetweenRounds, printReport, raceErrorOf, waitForGo, type RaceError } from '../../test/race-worker'
import { applyCustomerChange } from './tags.repo'

/** What the worker prints when it is done. */
export interface RaceReport {
  userid: string
  rounds: number
  /** Calls that changed something (the other side had taken the tag off since). */
  changed: number
  refused: number
  error: RaceError | null
}

async function main(): Promise<void> {
  const [dbPath, externalUserid, userid, tagId, rounds] = process.argv.slice(2)
  if (!dbPath || !externalUserid || !userid || !tagId || !rounds) throw new Error('usage: <dbPath> <externalUserid> <userid> <tagId> <rounds>')
  const db = createDb(dbPath)
  const customer = db.select({ corpId: customers.corpId }).from(customers).where(eq(customers.externalUserid, externalUserid)).get()
  if (!customer) throw new Error(`no customer ${externalUserid} in ${dbPath}`)
  const { corpId } = customer
  await waitForGo()
  const report: RaceReport = { userid, rounds: 0, changed: 0, refused: 0, error: null }
  try {
    while (report.rounds < Number(rounds)) {
      const ctx = { corpId, operator: userid, source: 'sidebar' as const, now: Math.floor(Date.now() / 1000) }
      const result = applyCustomerChange(db, ctx, { externalUserid, target: userid, add: [tagId], remove: [] })
      report.rounds++
      if ('refused' in result) report.refused++
      else if (result.applied.size) report.changed++
      await pauseBetweenRounds()
    }
  } catch (err) {
    report.error = raceErrorOf(err)
  }
  db.$client.close()
  printReport(report)
}

await main()
