/**
 * One side of the 互斥 race in tags.concurrency.test.ts, run as its own process (like a
 * second server on the same database file): opens the database, says `ready`, waits for
 * `go` on stdin, then puts `tagId` on its own relation with the customer `rounds` times.
 * Prints one JSON line with what happened; an error (SQLITE_BUSY above all) ends the loop
 * and is reported, not thrown.
 *
 * Between calls it yields for about a millisecond, as a server does between requests.
 * Without the pause the side holding the write lock takes it again at once and SQLite's busy
 * handler (which polls, it does not queue) starves the other side until the loop ends, so
 * the two would never interleave.
 *
 * Usage: node --import tsx tags.race-worker.ts <dbPath> <externalUserid> <userid> <tagId> <rounds>
 */
import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'
import { eq } from 'drizzle-orm'
import { createDb } from '../../db/client'
import { customers } from '../../db/schema'
import { applyCustomerChange } from './tags.repo'

/** What the worker prints when it is done. */
export interface RaceReport {
  userid: string
  rounds: number
  /** Calls that changed something (the other side had taken the tag off since). */
  changed: number
  refused: number
  error: { code: string; message: string } | null
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
      await sleep(Math.random() < 0.5 ? 0 : 1)
    }
  } catch (err) {
    const e = err as { code?: string; message?: string }
    report.error = { code: e.code ?? 'UNKNOWN', message: e.message ?? String(err) }
  }
  db.$client.close()
  process.stdout.write(`${JSON.stringify(report)}\n`)
}

/** Says `ready` and resolves on the parent's `go`, so both sides start at the same moment. */
function waitForGo(): Promise<void> {
  const lines = createInterface({ input: process.stdin })
  process.stdout.write('ready\n')
  return new Promise((resolve) =>
    lines.on('line', (line) => {
      if (line.trim() !== 'go') return
      lines.close()
      process.stdin.destroy() // nothing more to read; an open stdin would keep the process alive
      resolve()
    }),
  )
}

await main()
