/**
 * The parent side of a two-process race on one SQLite file (*.race.test.ts,
 * *.concurrency.test.ts): a temporary database file, workers started with tsx, the `ready` /
 * `go` handshake so both sides start at the same moment, their reports collected, and
 * everything cleaned up after the test. The worker side is test/race-worker.ts.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const SERVER_DIR = fileURLToPath(new URL('../../', import.meta.url))

/** How a worker ended: its exit code, the report line it printed (if any) and its stderr. */
export interface WorkerResult<R> {
  code: number | null
  report: R | undefined
  stderr: string
}

/** A started worker: `ready` once it has opened the database, `done` when it has exited. */
export interface RaceWorker<R> {
  child: ChildProcessWithoutNullStreams
  ready: Promise<void>
  done: Promise<WorkerResult<R>>
}

/** Starts the worker script `worker` (a path) with `args`; `name` tells it apart in errors. */
export function startRaceWorker<R>(worker: string, args: readonly string[], name: string): RaceWorker<R> {
  // `--import tsx` resolves from the server package (cwd), where tsx is a devDependency.
  const child = spawn(process.execPath, ['--import', 'tsx', worker, ...args], { cwd: SERVER_DIR })
  const lines = createInterface({ input: child.stdout })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()))
  let report: R | undefined
  const done = new Promise<WorkerResult<R>>((resolve) => child.on('close', (code) => resolve({ code, report, stderr })))
  // A worker that dies before `ready` (bad import, missing tsx) fails the test at once, not by timeout.
  const ready = new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => (line === 'ready' ? resolve() : (report = JSON.parse(line) as R)))
    void done.then(({ code }) => reject(new Error(`worker ${name} exited (${code}) before ready: ${stderr}`)))
  })
  return { child, ready, done }
}

/** Waits until every worker is ready, says `go` to all of them, and resolves with how each ended. */
export async function runRace<R>(workers: readonly RaceWorker<R>[]): Promise<WorkerResult<R>[]> {
  await Promise.all(workers.map((w) => w.ready))
  for (const w of workers) w.child.stdin.end('go\n')
  return Promise.all(workers.map((w) => w.done))
}

/** See raceSandbox. */
export interface RaceSandbox {
  /** A database file path in a new temporary folder. */
  dbPath(): string
  /** Starts a worker (see startRaceWorker), killed by cleanup() if still running. */
  start<R>(worker: string, args: readonly string[], name: string): RaceWorker<R>
  cleanup(): void
}

/**
 * A race's temporary database folder and workers, for one test at a time: `dbPath()` makes a
 * fresh folder, `start` starts a worker, `cleanup()` (in afterEach) kills the workers still
 * running and removes the folder.
 */
export function raceSandbox(prefix: string): RaceSandbox {
  let dir: string | undefined
  let children: ChildProcessWithoutNullStreams[] = []
  return {
    dbPath() {
      dir = mkdtempSync(join(tmpdir(), prefix))
      return join(dir, 'kelan.db')
    },
    start<R>(worker: string, args: readonly string[], name: string) {
      const started = startRaceWorker<R>(worker, args, name)
      children.push(started.child)
      return started
    },
    cleanup() {
      for (const child of children) if (child.exitCode === null) child.kill()
      children = []
      if (dir) rmSync(dir, { recursive: true, force: true })
      dir = undefined
    },
  }
}
