import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { makeOutboxFailure, makeSyncRun } from '@/test/admin-factories'
import { json, stubFetch, type Route } from '@/test/fetch-stub'
import AdminSyncStatus from './AdminSyncStatus.vue'

afterEach(() => {
  vi.unstubAllGlobals()
})

const FAILURES = '/api/admin/outbox/failures'

async function mountStatus(routes: Record<string, Route>) {
  const fetchMock = stubFetch({ '/api/sync/last': () => json(200, { run: makeSyncRun(3) }), ...routes })
  const w = mount(AdminSyncStatus)
  await flushPromises()
  return { w, fetchMock }
}

describe('AdminSyncStatus', () => {
  it('AdminSyncStatus – last sync done – time, status and counts', async () => {
    const { w } = await mountStatus({ [FAILURES]: () => json(200, { items: [] }) })
    expect(w.get('[data-test="sync-last"]').text()).toContain('已完成')
    expect(w.get('[data-test="sync-counts"]').text()).toBe('部门 3 · 成员 8 · 标签组 4 · 标签 20 · 客户 120 · 跟进关系 150')
    expect(w.find('[data-test="outbox-empty"]').exists()).toBe(true)
  })

  it('AdminSyncStatus – last sync failed – shows why', async () => {
    const { w } = await mountStatus({
      '/api/sync/last': () => json(200, { run: makeSyncRun(4, { status: 'failed', counts: null, error: '企业微信接口调用失败' }) }),
      [FAILURES]: () => json(200, { items: [] }),
    })
    expect(w.get('[data-test="sync-error"]').text()).toBe('企业微信接口调用失败')
  })

  it('AdminSyncStatus – failed pushes – summary, errcode, error, attempts listed', async () => {
    const { w } = await mountStatus({
      [FAILURES]: () => json(200, { items: [makeOutboxFailure(11, { attempts: 3 }), makeOutboxFailure(12, { kind: 'edit_tag', errcode: null, customer: null })] }),
    })
    const items = w.findAll('[data-test="outbox-failure"]')
    expect(items.map((i) => i.attributes('data-id'))).toEqual(['11', '12'])
    expect(items[0]?.get('[data-test="outbox-summary"]').text()).toBe('为 王小明（李四的客户）打标签')
    expect(items[0]?.get('[data-test="outbox-error"]').text()).toBe('错误码 84061客户与成员之间没有好友关系')
    expect(items[0]?.text()).toContain('已尝试 3 次')
    expect(items[1]?.get('[data-test="outbox-error"]').text()).toBe('客户与成员之间没有好友关系')
  })

  it('AdminSyncStatus – 重试 – POSTs the retry and reloads the list without it', async () => {
    let retried = false
    const { w, fetchMock } = await mountStatus({
      [FAILURES]: () => json(200, { items: retried ? [] : [makeOutboxFailure(11)] }),
      '/api/admin/outbox/11/retry': (_url, init) => {
        if (init?.method !== 'POST') return json(405, {})
        retried = true
        return new Response(null, { status: 204 })
      },
    })
    await w.get('[data-test="outbox-retry"]').trigger('click')
    await flushPromises()
    expect(retried).toBe(true)
    expect(fetchMock.mock.calls.filter(([url]) => String(url).startsWith(FAILURES))).toHaveLength(2)
    expect(w.find('[data-test="outbox-failure"]').exists()).toBe(false)
  })

  it('AdminSyncStatus – retry refused – message next to the item, item kept', async () => {
    const { w } = await mountStatus({
      [FAILURES]: () => json(200, { items: [makeOutboxFailure(11)] }),
      '/api/admin/outbox/11/retry': () => json(404, { error: { code: 'NOT_FOUND', message: '该记录已不存在' } }),
    })
    await w.get('[data-test="outbox-retry"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-test="outbox-retry-error"]').text()).toBe('该记录已不存在')
    expect(w.find('[data-test="outbox-failure"]').exists()).toBe(true)
  })
})
