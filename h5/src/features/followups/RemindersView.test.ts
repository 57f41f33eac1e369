import { enableAutoUnmount, flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ReminderItem } from '@kelan/shared'
import { apiErr, json, stubFetch } from '@/test/fetch-stub'
import RemindersView from './RemindersView.vue'
import { NOW, callsTo, makeReminder, scrollToEnd } from './followups.testing'

enableAutoUnmount(afterEach)
afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const MINE = '/api/reminders/mine'

function stub(lists: Record<'upcoming' | 'past', ReminderItem[]>, done = (id: number, on: boolean) => json(200, makeReminder(id, { doneAt: on ? NOW : null }))) {
  return stubFetch({
    [MINE]: (url) => json(200, { items: lists[url.searchParams.get('status') as 'upcoming' | 'past'], nextCursor: null }),
    '/api/reminders/1/done': () => done(1, true),
    '/api/reminders/1/undone': () => done(1, false),
  })
}

async function render() {
  const w = mount(RemindersView, { attachTo: document.body })
  await scrollToEnd(w)
  return w
}
const row = (w: VueWrapper, id: number) => w.get(`[data-test="reminder-item"][data-id="${id}"]`)

describe('RemindersView', () => {
  it('RemindersView – opens on 待提醒 – upcoming reminders with customer, time and excerpt', async () => {
    const mock = stub({ upcoming: [makeReminder(1)], past: [] })
    const w = await render()
    expect(callsTo(mock, MINE)[0]?.url.searchParams.get('status')).toBe('upcoming')
    expect(row(w, 1).get('[data-test="reminder-customer"]').text()).toBe('客户1')
    expect(row(w, 1).get('[data-test="reminder-excerpt"]').text()).toBe('电话回访 · 确认报价')
    expect(row(w, 1).get('[data-test="reminder-due"]').text()).toBe('2026-11-21 13:00')
  })

  it('RemindersView – 已提醒 tab – asks for past reminders and flags a late one', async () => {
    const mock = stub({ upcoming: [], past: [makeReminder(2, { status: 'sent', sentAt: NOW, late: true })] })
    const w = await render()
    await w.get('[data-test="reminder-tab-past"]').trigger('click')
    await scrollToEnd(w)
    expect(callsTo(mock, MINE).map((c) => c.url.searchParams.get('status'))).toContain('past')
    expect(row(w, 2).text()).toContain('延迟送达')
    expect(row(w, 2).text()).toContain('已发送提醒')
  })

  it('RemindersView – 完成 then 撤销 – posts done then undone and the row follows', async () => {
    const mock = stub({ upcoming: [makeReminder(1)], past: [] })
    const w = await render()
    await row(w, 1).get('[data-test="reminder-toggle"]').trigger('click')
    await flushPromises()
    expect(row(w, 1).attributes('data-done')).toBe('true')
    expect(row(w, 1).get('[data-test="reminder-toggle"]').text()).toBe('撤销')
    await row(w, 1).get('[data-test="reminder-toggle"]').trigger('click')
    await flushPromises()
    expect(row(w, 1).attributes('data-done')).toBe('false')
    expect(callsTo(mock, '/api/reminders/1/done', 'POST')).toHaveLength(1)
    expect(callsTo(mock, '/api/reminders/1/undone', 'POST')).toHaveLength(1)
  })

  it('RemindersView – 完成 refused (not mine any more) – the row stays open and a toast says why', async () => {
    stub({ upcoming: [makeReminder(1)], past: [] }, () => apiErr(404, 'NOT_FOUND', '提醒不存在'))
    const w = await render()
    await row(w, 1).get('[data-test="reminder-toggle"]').trigger('click')
    await flushPromises()
    expect(row(w, 1).attributes('data-done')).toBe('false')
    expect(document.body.textContent).toContain('提醒不存在')
  })

  it('RemindersView – tap a reminder – emits its customer', async () => {
    stub({ upcoming: [makeReminder(1)], past: [] })
    const w = await render()
    await row(w, 1).get('[data-test="reminder-open"]').trigger('click')
    expect(w.emitted('open')).toEqual([['wm1']])
  })

  it('RemindersView – nothing upcoming – an empty state', async () => {
    stub({ upcoming: [], past: [] })
    const w = await render()
    expect(w.get('[data-test="reminders-empty"]').text()).toBe('没有待提醒的事项')
  })
})
