/**
 * Two schedulers on one database file, in two processes (two servers, or an old process not
 * quite gone while the new one starts), ticking at the same time over a backlog of due
 * reminders: every reminder must be sent exactly once, by one of them.
 */
import { fileURLToPath } from 'node:url'
import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../db/client'
import { outbox, reminderRecipients, reminders } from '../db/schema'
import { TEST_CORP_ID } from '../test/helpers'
import { raceSandbox, runRace } from '../test/race'
import type { RaceReport } from './reminder-scheduler.race-worker'

const WORKER = fileURLToPath(new URL('./reminder-scheduler.race-worker.ts', import.meta.url))
const T0 = 1_750_000_000
const REMINDERS = 300
/** Real milliseconds per second of the workers' clock: a reminder falls due every 4 ms. */
const MS_PER_SECOND = 4

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
  const sandbox = raceSandbox('kelan-reminder-race-')
  afterEach(() => sandbox.cleanup())

  it('two processes tick while 300 reminders fall due, batches of 3 – each sent exactly once, by both, no SQLITE_BUSY', async () => {
    const dbPath = sandbox.dbPath()
    const db = createDb(dbPath)
    seedDue(db, REMINDERS)

    const args = [dbPath, String(T0), String(MS_PER_SECOND), '3']
    const results = await runRace([sandbox.start<RaceReport>(WORKER, args, 'a'), sandbox.start<RaceReport>(WORKER, args, 'b')])

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
