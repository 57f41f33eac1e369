import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import CustomerCardPanel from '@/features/customer/CustomerCardPanel.vue'
import { useContextStore } from '@/stores/context'
import { makeCustomerCard } from '@/test/factories'
import { json, stubFetch } from '@/test/fetch-stub'
import { fakePlatform, hitsOf, makePhrase, makeTree, preloadLazyParts } from './knowledge.testing'

beforeAll(preloadLazyParts)

// The 话术 tab next to the customer card: loaded on first open, sending into that customer's chat.

enableAutoUnmount(afterEach)
afterEach(() => vi.unstubAllGlobals())

describe('CustomerCardPanel – 话术 tab', () => {
  it('CustomerCardPanel – 话术 tab – not loaded until opened, then sends into the customer’s chat and logs against it', async () => {
    const mock = stubFetch({
      '/api/sidebar/customers/wmCUSTOMER01': () => json(200, makeCustomerCard()),
      '/api/knowledge/categories': () => json(200, makeTree()),
      '/api/knowledge/items': () => json(200, { items: [makePhrase(1, '加微信')], total: 1, page: 1, pageSize: 20 }),
      '/api/knowledge/check': () => json(200, hitsOf('加微信', [['微信', 'warn']])),
      '/api/knowledge/send-log': () => json(201, {}),
      '/api/knowledge/items/1/use': () => json(200, { id: 1, useCount: 1 }),
    })
    const pinia = createPinia()
    setActivePinia(pinia)
    const platform = fakePlatform()
    useContextStore().platform = platform
    const w = mount(CustomerCardPanel, { props: { externalUserId: 'wmCUSTOMER01' }, global: { plugins: [pinia] } })
    await flushPromises()
    // Let any eager import finish, so "not loaded" means not requested rather than not yet arrived.
    await vi.dynamicImportSettled()
    await flushPromises()
    expect(w.find('[data-test="customer-card"]').exists()).toBe(true)
    expect(mock.mock.calls.some(([u]) => String(u).startsWith('/api/knowledge'))).toBe(false)

    await w.get('[data-test="customer-tab-knowledge"]').trigger('click')
    await vi.dynamicImportSettled()
    await flushPromises()
    expect(w.get('[data-test="customer-card"]').isVisible()).toBe(false)
    await w.get('[data-test="knowledge-item"][data-id="1"] [data-test="knowledge-send"]').trigger('click')
    await flushPromises()
    await w.get('[data-test="knowledge-confirm-send"]').trigger('click')
    await flushPromises()
    const log = mock.mock.calls.find(([u]) => String(u) === '/api/knowledge/send-log')
    expect(JSON.parse(String(log?.[1]?.body))).toMatchObject({ itemId: 1, chatId: 'wmCUSTOMER01' })
    expect(platform.sendChatMessage).toHaveBeenCalledWith({ msgtype: 'text', text: { content: '加微信' } })
  })
})
