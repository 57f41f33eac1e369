import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Followup } from '@kelan/shared'
import { outbox, reminders } from '../db/schema'
import type { Deps } from '../deps'
import { call, followupBody, followupsPath, LISI_CUSTOMER, noteTypeId, setup, T0 } from '../features/followups/followups.testing'
import { makeTestDeps } from '../test/helpers'
import { createReminderScheduler } from './reminder-scheduler'

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }
const HOUR = 3600

/** Writes a follow-up by lisi mentioning wangwu, reminding at `remindAt`; returns its reminder id. */
async function followupWithReminder(deps: Deps, remindAt: number): Promise<number> {
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

/** A database file in a fresh temp directory, removed after the test. */
function tempDbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kelan-reminders-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return join(dir, 'kelan.db')
}
