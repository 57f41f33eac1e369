import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { CustomerCard } from '@kelan/shared'
import { makeCustomerCard, makeLibraryGroup, makeMine, makeTagGroup } from '@/test/factories'
import { apiErr, json, stubFetch } from '@/test/fetch-stub'
import CustomerCardPanel from './CustomerCardPanel.vue'

// Tag writes go through the RPC client, which the app fetches on the first write (loadRpc);
// fetched once here so a test's flushPromises after the tap is enough.
beforeAll(() => import('@/api/rpc'))

const PATH = '/api/sidebar/customers/wmCUSTOMER01'
const mountPanel = () =>
  mount(CustomerCardPanel, { props: { externalUserId: 'wmCUSTOMER01', myUserid: 'zhangsan' }, global: { plugins: [createPinia()] } })
const withSync = (status: 'pending' | 'synced' | 'failed', over: Partial<CustomerCard> = {}) =>
  makeCustomerCard({ mine: makeMine({ tagSync: { status, error: status === 'failed' ? '客户已删除该成员' : null } }), ...over })
const syncStatus = (w: ReturnType<typeof mountPanel>) => w.get('[data-test="tag-sync-status"]').attributes('data-status')

enableAutoUnmount(afterEach)
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('CustomerCardPanel', () => {
  it('CustomerCardPanel – while loading – shows the skeleton', () => {
    stubFetch({ [PATH]: () => new Promise<Response>(() => {}) })
    const w = mountPanel()
    expect(w.find('[data-test="card-loading"]').exists()).toBe(true)
  })

  it('CustomerCardPanel – card loads – renders it from one API call', async () => {
    const fetchMock = stubFetch({ [PATH]: () => json(200, makeCustomerCard({ name: '李雷' })) })
    const w = mountPanel()
    await flushPromises()
    expect(w.get('[data-test="customer-name"]').text()).toBe('李雷')
    expect(fetchMock).toHaveBeenCalledOnce()
  })

  it('CustomerCardPanel – 404 – says the customer is not found or not visible, without retry', async () => {
    stubFetch({ [PATH]: () => apiErr(404, 'NOT_FOUND', '客户不存在或无权查看') })
    const w = mountPanel()
    await flushPromises()
    expect(w.get('[data-test="load-error"]').attributes('data-code')).toBe('NOT_FOUND')
    expect(w.get('[data-test="state-title"]').text()).toBe('找不到该客户')
    expect(w.find('[data-test="retry"]').exists()).toBe(false)
  })

  it('CustomerCardPanel – network failure then 重试 – loads the card', async () => {
    let calls = 0
    stubFetch({
      [PATH]: () => {
        calls += 1
        if (calls === 1) throw new TypeError('Failed to fetch')
        return json(200, makeCustomerCard({ name: '韩梅梅' }))
      },
    })
    const w = mountPanel()
    await flushPromises()
    expect(w.get('[data-test="state-title"]').text()).toBe('网络连接失败')
    await w.get('[data-test="retry"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-test="customer-name"]').text()).toBe('韩梅梅')
  })

  it('CustomerCardPanel – my tags 同步中 – polls every 2 s until 已同步, then stops', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const replies = [withSync('pending'), withSync('pending'), withSync('synced')]
    const mock = stubFetch({ [PATH]: () => json(200, replies.shift() ?? withSync('synced')) })
    const w = mountPanel()
    await flushPromises()
    expect(syncStatus(w)).toBe('pending')
    await vi.advanceTimersByTimeAsync(2_000)
    expect(syncStatus(w)).toBe('pending')
    await vi.advanceTimersByTimeAsync(2_000)
    expect(syncStatus(w)).toBe('synced')
    await vi.advanceTimersByTimeAsync(10_000)
    expect(mock).toHaveBeenCalledTimes(3)
  })

  it('CustomerCardPanel – 同步中 turns into 同步失败 – shows the failure with WeCom’s reason', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const replies = [withSync('pending'), withSync('failed')]
    stubFetch({ [PATH]: () => json(200, replies.shift() ?? withSync('failed')) })
    const w = mountPanel()
    await flushPromises()
    await vi.advanceTimersByTimeAsync(2_000)
    expect(syncStatus(w)).toBe('failed')
    expect(w.get('[data-test="tag-sync-error"]').text()).toContain('客户已删除该成员')
  })

  it('CustomerCardPanel – a poll fails – keeps the card and tries again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    let calls = 0
    stubFetch({
      [PATH]: () => {
        calls += 1
        if (calls === 1) return json(200, withSync('pending'))
        if (calls === 2) throw new TypeError('Failed to fetch')
        return json(200, withSync('synced'))
      },
    })
    const w = mountPanel()
    await flushPromises()
    await vi.advanceTimersByTimeAsync(2_000)
    expect(syncStatus(w)).toBe('pending')
    expect(w.find('[data-test="load-error"]').exists()).toBe(false)
    await vi.advanceTimersByTimeAsync(2_000)
    expect(syncStatus(w)).toBe('synced')
  })

  it('CustomerCardPanel – save in the editor – shows the saved card at once, without refetching it', async () => {
    const saved = withSync('pending', { tagGroups: [makeTagGroup('客户等级', ['A 类'])], mine: makeMine({ tagIds: ['et-A 类'], tagSync: { status: 'pending', error: null } }) })
    const mock = stubFetch({
      [PATH]: () => json(200, withSync('synced')),
      '/api/tags': () => json(200, { groups: [makeLibraryGroup('客户等级', ['A 类', 'B 类'])] }),
      '/api/customers/wmCUSTOMER01/tags': () => json(200, saved),
    })
    const w = mountPanel()
    await flushPromises()
    await w.get('[data-test="tag-edit"]').trigger('click')
    await vi.dynamicImportSettled()
    await flushPromises()
    await w.get('[data-test="tag-option"][data-id="et-A 类"]').trigger('click')
    await w.get('[data-test="tag-save"]').trigger('click')
    await flushPromises()
    expect(w.findAll('[data-test="tag-chip"]').map((c) => c.text())).toEqual(['A 类'])
    expect(syncStatus(w)).toBe('pending')
    expect(mock.mock.calls.filter(([u]) => String(u).startsWith(PATH))).toHaveLength(1)
    expect(w.get('[data-test="tag-editor"]').isVisible()).toBe(false)
  })
})
