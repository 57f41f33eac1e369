/**
 * The parts every race worker shares (a worker is one side of a two-process race on one
 * SQLite file, spawned by a *.race.test.ts or *.concurrency.test.ts): the `ready` / `go`
 * handshake, the pause between rounds, and the error and report lines the parent reads.
 * The parent's side is test/race.ts.
 */
import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'

/** The error that ended a worker's loop, as reported (SQLITE_BUSY above all). */
export interface RaceError {
  code: string
  message: string
}

/** Says `ready` and resolves on the parent's `go`, so both sides start at the same moment. */
export function waitForGo(): Promise<void> {
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

/**
 * Yields for 0 or about 1 ms, as a server does between requests or timer runs. Without the
 * pause the side holding the write lock takes it again at once and SQLite's busy handler
 * (which polls, it does not queue) starves the other side, so the two would never interleave.
 */
export const pauseBetweenRounds = (): Promise<unknown> => sleep(Math.random() < 0.5 ? 0 : 1)

/** An error thrown in the loop, in the report's shape. */
export function raceErrorOf(err: unknown): RaceError {
  const e = err as { code?: string; message?: string }
  return { code: e.code ?? 'UNKNOWN', message: e.message ?? String(err) }
}

/** Prints the worker's report: one JSON line, the last thing the parent reads. */
export function printReport(report: object): void {
  process.stdout.write(`${JSON.stringify(report)}\n`)
}
