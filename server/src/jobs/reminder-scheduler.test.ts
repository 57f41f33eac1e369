import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { and, eq } from 'drizzle-orm'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Followup } from '@kelan/shared'
import { outbox, reminderRecipients, reminders } from '../db/schema'
import type { Deps } from '../deps'
import { alsoFollows, call, followupBody, followupsPath, LISI_CUSTOMER, noteTypeId, setup, T0 } from '../features/followups/followups.testing'
import { makeTestDeps } from '../test/helpers'
import { createReminderScheduler } from './reminder-scheduler'

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }
const HOUR = 3600

/** Writes a follow-up by lisi mentioning wangwu, reminding at `remindAt`; returns its reminder id. */
async function followupWithReminder(deps: Deps, remindAt: number): Promise<number> {
  alsoFollows(deps, 'wangwu')
  const res = await call(deps, followupsPath(LISI_CUSTOMER), {
    as: 'lisi',
    method: 'POST',
    json: followupBody(noteTypeId(deps), { mentions: ['wangwu'], remindAt }),
  })
  expect(res.status).toBe(201)
  return Followup.parse(await res.json()).reminder!.id
}

/** The reminder messages in the outbox (mention messages left out), by key. */
function reminderItems(deps: Deps) {
  return deps.db
    .select()
    .from(outbox)
    .where(eq(outbox.kind, 'app_message'))
    .all()
    .filter((i) => i.key.startsWith('reminder-'))
}

const descriptionOf = (item: { payload: Record<string, unknown> }) => (item.payload.textcard as { description: string }).description

let cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups) c()
  cleanups = []
})

describe('reminder scheduler – on time', () => {
  it('tick before due – nothing; at due – sent once to author and mentioned; again – nothing more', async () => {
    const deps = setup()
    const id = await followupWithReminder(deps, T0 + HOUR)
    const scheduler = createReminderScheduler(deps, { pollMs: 60_000, logger: quiet })

    const early = scheduler.tick()
    deps.clock.advance(HOUR)
    const due = scheduler.tick()
    const again = scheduler.tick()

    expect([early, due, again]).toEqual([0, 1, 0])
    const items = reminderItems(deps)
    expect(items.map((i) => i.key).sort()).toEqual([`reminder-${id}-lisi`, `reminder-${id}-wangwu`])
    expect(items[0]?.payload).toMatchObject({ msgtype: 'textcard', textcard: { title: '客户跟进提醒' } })
    expect(descriptionOf(items[0]!)).not.toContain('延迟')
    expect(deps.db.select().from(reminders).get()).toMatchObject({ status: 'sent', sentAt: T0 + HOUR, late: false })
  })

  it('sending wakes the outbox worker; nothing due – no wake', async () => {
    const deps = setup()
    await followupWithReminder(deps, T0 + 60)
    const wake = vi.fn()
    const scheduler = createReminderScheduler({ ...deps, wake }, { pollMs: 60_000, logger: quiet })

    scheduler.tick()
    deps.clock.advance(60)
    scheduler.tick()

    expect(wake.mock.calls).toEqual([['outbox']])
  })

  it('more due than one batch – all sent in one tick', async () => {
    const deps = setup()
    for (let i = 0; i < 5; i++) await followupWithReminder(deps, T0 + 60)
    deps.clock.advance(60)

    const sent = createReminderScheduler(deps, { pollMs: 60_000, batchSize: 2, logger: quiet }).tick()

    expect(sent).toBe(5)
    expect(reminderItems(deps)).toHaveLength(10)
  })

  it('started – a reminder already due goes out without waiting for the poll', async () => {
    const deps = setup()
    await followupWithReminder(deps, T0 + 60)
    deps.clock.advance(60)
    const scheduler = createReminderScheduler(deps, { pollMs: 600_000, logger: quiet })
    cleanups.push(() => void scheduler.stop())

    scheduler.start()

    await vi.waitFor(() => expect(reminderItems(deps)).toHaveLength(2), { timeout: 2000 })
  })
})

describe('reminder scheduler – restart', () => {
  it('due while Kelan was down – a new scheduler on the same database sends it once, marked late', async () => {
    const dbPath = tempDbPath()
    const first = setup({ dbPath })
    const id = await followupWithReminder(first, T0 + HOUR)
    // The first process stops before the reminder's time; its connection closes.
    const scheduler = createReminderScheduler(first, { pollMs: 60_000, logger: quiet })
    expect(scheduler.tick()).toBe(0)
    await scheduler.stop()
    first.db.$client.close()
    first.clock.advance(3 * HOUR)

    const restarted = makeTestDeps({ dbPath, clock: first.clock })
    const later = makeTestDeps({ dbPath, clock: first.clock })
    cleanups.unshift(() => [restarted, later].forEach((d) => d.db.$client.close()))
    const sent = [createReminderScheduler(restarted, { pollMs: 60_000, logger: quiet }).tick()]
    sent.push(createReminderScheduler(later, { pollMs: 60_000, logger: quiet }).tick())

    expect(sent).toEqual([1, 0])
    const items = reminderItems(restarted)
    expect(items.map((i) => i.key).sort()).toEqual([`reminder-${id}-lisi`, `reminder-${id}-wangwu`])
    expect(descriptionOf(items[0]!)).toContain('（提醒延迟送达：原定')
    expect(restarted.db.select().from(reminders).get()).toMatchObject({ status: 'sent', late: true, sentAt: T0 + 3 * HOUR })
  })
})

describe('reminder scheduler – late flag', () => {
  it('claimed 60 s after due – on time; 61 s after – late, and the message says so', async () => {
    const deps = setup()
    const onTime = await followupWithReminder(deps, T0 + 60)
    const late = await followupWithReminder(deps, T0 + 59)
    deps.clock.advance(120)

    createReminderScheduler(deps, { pollMs: 60_000, logger: quiet }).tick()

    const rows = new Map(deps.db.select().from(reminders).all().map((r) => [r.id, r.late]))
    expect([rows.get(onTime), rows.get(late)]).toEqual([false, true])
    const items = reminderItems(deps)
    expect(descriptionOf(items.find((i) => i.key === `reminder-${onTime}-lisi`)!)).not.toContain('延迟')
    expect(descriptionOf(items.find((i) => i.key === `reminder-${late}-lisi`)!)).toContain('（提醒延迟送达：原定')
  })
})

describe('reminder scheduler – done before its time', () => {
  it('wangwu marked it done – only lisi gets the message', async () => {
    const deps = setup()
    const id = await followupWithReminder(deps, T0 + HOUR)
    const done = await call(deps, `/api/reminders/${id}/done`, { as: 'wangwu', method: 'POST' })
    expect(done.status).toBe(200)
    deps.clock.advance(HOUR)

    const sent = createReminderScheduler(deps, { pollMs: 60_000, logger: quiet }).tick()

    expect(sent).toBe(1)
    expect(reminderItems(deps).map((i) => i.key)).toEqual([`reminder-${id}-lisi`])
  })

  it('every recipient marked it done – sent without any message, never claimed again', async () => {
    const deps = setup()
    const id = await followupWithReminder(deps, T0 + HOUR)
    deps.db.update(reminderRecipients).set({ doneAt: T0 + 1 }).where(eq(reminderRecipients.reminderId, id)).run()
    deps.clock.advance(HOUR)
    const scheduler = createReminderScheduler(deps, { pollMs: 60_000, logger: quiet })

    const sent = [scheduler.tick(), scheduler.tick()]

    expect(sent).toEqual([1, 0])
    expect(reminderItems(deps)).toEqual([])
    expect(deps.db.select().from(reminders).where(and(eq(reminders.id, id), eq(reminders.status, 'sent'))).get()).toBeDefined()
  })
})

describe('reminder scheduler – timers', () => {
  /** The scheduler's clock under fake timers: Date.now is faked, so timers and clock move together. */
  const timerClock = { now: () => Math.floor(Date.now() / 1000) }

  afterEach(() => void vi.useRealTimers())

  /** Fake timers at the test clock's time; the scheduler is stopped after the test. */
  function startFake(deps: Deps, options: { pollMs: number; logger?: typeof quiet }) {
    vi.useFakeTimers({ now: deps.clock.now() * 1000 })
    const scheduler = createReminderScheduler({ ...deps, clock: timerClock }, { logger: quiet, ...options })
    cleanups.push(() => void scheduler.stop())
    return scheduler
  }

  it('due before the next poll – sent at its time, not before', async () => {
    const deps = setup()
    await followupWithReminder(deps, T0 + 30)
    const scheduler = startFake(deps, { pollMs: 600_000 })

    scheduler.start()
    vi.advanceTimersByTime(29_999)
    const before = reminderItems(deps).length
    vi.advanceTimersByTime(1)

    expect(before).toBe(0)
    expect(reminderItems(deps)).toHaveLength(2)
  })

  it('set after start and woken – sent at its time; without wake it would wait for the poll', async () => {
    const deps = setup()
    const scheduler = startFake(deps, { pollMs: 600_000 })
    scheduler.start()
    vi.advanceTimersByTime(1_000)
    deps.clock.advance(1)
    await followupWithReminder(deps, T0 + 61)

    scheduler.wake()
    vi.advanceTimersByTime(59_999)
    const before = reminderItems(deps).length
    vi.advanceTimersByTime(1)

    expect(before).toBe(0)
    expect(reminderItems(deps)).toHaveLength(2)
  })

  it('the database fails – no retry before the poll interval, then sent once it works again', async () => {
    const deps = setup()
    await followupWithReminder(deps, T0 + 10)
    deps.clock.advance(10)
    let failing = true
    const db = new Proxy(deps.db, {
      get(target, prop) {
        if (prop === 'transaction' && failing) {
          return () => {
            throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })
          }
        }
        const value: unknown = Reflect.get(target, prop)
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
      },
    })
    const error = vi.fn()
    const scheduler = startFake({ ...deps, db }, { pollMs: 5_000, logger: { ...quiet, error } })

    scheduler.start()
    vi.advanceTimersByTime(4_999)
    const afterFirst = error.mock.calls.length
    vi.advanceTimersByTime(1)
    const afterPoll = error.mock.calls.length
    failing = false
    vi.advanceTimersByTime(5_000)

    expect([afterFirst, afterPoll]).toEqual([1, 2])
    expect(error).toHaveBeenCalledTimes(2)
    expect(reminderItems(deps)).toHaveLength(2)
  })

  it('the next due time cannot be read – logged, the timer keeps running at the poll interval', async () => {
    const deps = setup()
    let failing = true
    let inTransaction = 0
    const db = new Proxy(deps.db, {
      get(target, prop) {
        if (prop === 'transaction') {
          return (fn: () => unknown, config?: unknown) => {
            inTransaction++
            try {
              return target.transaction(fn as never, config as never)
            } finally {
              inTransaction--
            }
          }
        }
        // Reads outside the tick's transaction: the scheduler's nextDueAt.
        if (prop === 'select' && failing && !inTransaction) {
          return () => {
            throw new Error('disk I/O error')
          }
        }
        const value: unknown = Reflect.get(target, prop)
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
      },
    })
    const error = vi.fn()
    const scheduler = startFake({ ...deps, db }, { pollMs: 5_000, logger: { ...quiet, error } })

    scheduler.start()
    vi.advanceTimersByTime(4_999)
    const first = error.mock.calls.length
    vi.advanceTimersByTime(1)
    const second = error.mock.calls.length

    expect([first, second]).toEqual([1, 2])
    expect(String(error.mock.calls[0]?.[0])).toContain('next due time')
  })
})

/** A database file in a fresh temp directory, removed after the test. */
function tempDbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kelan-reminders-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return join(dir, 'kelan.db')
}
