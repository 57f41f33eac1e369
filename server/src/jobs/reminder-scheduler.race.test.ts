/**
 * Two schedulers on one database file, in two processes (two servers, or an old process not
 * quite gone while the new one starts), ticking at the same time over a backlog of due
 * reminders: every reminder must be sent exactly once, by one of them.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../db/client'
import { outbox, reminderRecipients, reminders } from '../db/schema'
import { TEST_CORP_ID } from '../test/helpers'
import type { RaceReport } from './reminder-scheduler.race-worker'

const SERVER_DIR = fileURLToPath(new URL('../../', import.meta.url))
const WORKER = fileURLToPath(new URL('./reminder-scheduler.race-worker.ts', import.meta.url))
const T0 = 1_750_000_000
const REMINDERS = 300
/** Real milliseconds per second of the workers' clock: a reminder falls due every 4 ms. */
const MS_PER_SECOND = 4

function startWorker(dbPath: string, name: string) {
  // `--import tsx` resolves from the server package (cwd), where tsx is a devDependency.
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, dbPath, String(T0), String(MS_PER_SECOND), '3'], { cwd: SERVER_DIR })
  const lines = createInterface({ input: child.stdout })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()))
  let report: RaceReport | undefined
  const done = new Promise<{ code: number | null; report: RaceReport | undefined; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, report, stderr })),
  )
  const ready = new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => (line === 'ready' ? resolve() : (report = JSON.parse(line) as RaceReport)))
    void done.then(({ code }) => reject(new Error(`worker ${name} exited (${code}) before ready: ${stderr}`)))
  })
  return { child, ready, done }
}

/** `n` reminders due one second apart from T0 + 1, each for lisi alone. */
function seedDue(db: Db, n: number): void {
  db.transaction((tx) => {
    for (let i = 1; i <= n; i++) {
      const row = { corpId: TEST_CORP_ID, followupId: i, externalUserid: 'wmRACE', dueAt: T0 + i, createdBy: 'lisi', createdAt: T0 - 7200 }
      const r = tx.insert(reminders).values(row).returning({ id: reminders.id }).get()
      tx.insert(reminderRecipients).values({ corpId: TEST_CORP_ID, reminderId: r.id, userid: 'lisi' }).run()
    }
  })
}

describe('reminder scheduler – two at once', () => {
  let dir: string | undefined
  let children: ChildProcessWithoutNullStreams[] = []
  afterEach(() => {
    for (const child of children) if (child.exitCode === null) child.kill()
    children = []
    if (dir) rmSync(dir, { recursive: true, force: true })
    dir = undefined
  })

  it('two processes tick while 300 reminders fall due, batches of 3 – each sent exactly once, by both, no SQLITE_BUSY', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kelan-reminder-race-'))
    const dbPath = join(dir, 'kelan.db')
    const db = createDb(dbPath)
    seedDue(db, REMINDERS)

    const a = startWorker(dbPath, 'a')
    const b = startWorker(dbPath, 'b')
    children = [a.child, b.child]
    await Promise.all([a.ready, b.ready])
    a.child.stdin.end('go\n')
    b.child.stdin.end('go\n')
    const results = await Promise.all([a.done, b.done])

    for (const { code, report, stderr } of results) {
      expect({ code, error: report?.error ?? null, stderr }).toEqual({ code: 0, error: null, stderr: '' })
    }
    const [ra, rb] = results.map((r) => r.report!)
    // A reminder claimed twice would count twice: the sums must add up exactly.
    // Both sides sent some: the two loops really ran at the same time.
    expect(ra!.sent).toBeGreaterThan(0)
    expect(rb!.sent).toBeGreaterThan(0)
    expect(ra!.sent + rb!.sent).toBe(REMINDERS)
    expect(db.select().from(reminders).where(eq(reminders.status, 'scheduled')).all()).toHaveLength(0)
    const keys = db.select({ key: outbox.key }).from(outbox).all().map((i) => i.key)
    expect(new Set(keys).size).toBe(REMINDERS)
    db.$client.close()
  }, 30_000)
})
