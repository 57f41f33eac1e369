import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { fakePlatform, hitsOf, makePhrase, makeTree, preloadLazyParts } from '@/features/knowledge/knowledge.testing'
import { useContextStore } from '@/stores/context'
import { makeGroupChatCard } from '@/test/factories'
import { apiErr, json, stubFetch } from '@/test/fetch-stub'
import GroupChatPanel from './GroupChatPanel.vue'

beforeAll(preloadLazyParts)

const PATH = '/api/sidebar/group-chats/wrCHAT01'
const mountPanel = () => mount(GroupChatPanel, { props: { chatId: 'wrCHAT01' } })

enableAutoUnmount(afterEach)
afterEach(() => {
  vi.unstubAllGlobals()
})

/**
 * The knowledge panel's code arrives through nested dynamic imports; wait until it has
 * rendered rather than for one round of imports, which a loaded machine may not finish.
 */
async function openedKnowledge(w: { find: (s: string) => { exists: () => boolean } }): Promise<void> {
  await vi.waitFor(async () => {
    await vi.dynamicImportSettled()
    await flushPromises()
    if (!w.find('[data-test="knowledge-panel"]').exists()) throw new Error('knowledge panel not rendered yet')
  }, { timeout: 5_000 })
}

describe('GroupChatPanel', () => {
  it('GroupChatPanel – while loading – shows the skeleton', () => {
    stubFetch({ [PATH]: () => new Promise<Response>(() => {}) })
    expect(mountPanel().find('[data-test="card-loading"]').exists()).toBe(true)
  })

  it('GroupChatPanel – card loads – shows the group name, owner and member count', async () => {
    stubFetch({ [PATH]: () => json(200, makeGroupChatCard({ name: '华东客户群', ownerName: '张三', memberCount: 12 })) })
    const w = mountPanel()
    await flushPromises()
    expect(w.get('[data-test="group-name"]').text()).toBe('华东客户群')
    expect(w.get('[data-test="group-owner"]').text()).toContain('张三')
    expect(w.get('[data-test="group-member-count"]').text()).toBe('12')
  })

  it('GroupChatPanel – group without a name – says 未命名的客户群', async () => {
    stubFetch({ [PATH]: () => json(200, makeGroupChatCard({ name: '' })) })
    const w = mountPanel()
    await flushPromises()
    expect(w.get('[data-test="group-name"]').text()).toBe('未命名的客户群')
  })

  it('GroupChatPanel – network failure – offers 重试', async () => {
    stubFetch({
      [PATH]: () => {
        throw new TypeError('Failed to fetch')
      },
    })
    const w = mountPanel()
    await flushPromises()
    expect(w.get('[data-test="load-error"]').attributes('data-code')).toBe('NETWORK')
    expect(w.find('[data-test="retry"]').exists()).toBe(true)
  })

  it('GroupChatPanel – 404 – says the group is not found, without retry', async () => {
    stubFetch({ [PATH]: () => apiErr(404, 'NOT_FOUND', '客户群不存在') })
    const w = mountPanel()
    await flushPromises()
    expect(w.get('[data-test="state-title"]').text()).toBe('找不到该客户群')
    expect(w.find('[data-test="retry"]').exists()).toBe(false)
  })

  it('GroupChatPanel – 话术 tab – not loaded until opened, then shown instead of the card', async () => {
    const mock = stubFetch({
      [PATH]: () => json(200, makeGroupChatCard({ memberCount: 12 })),
      '/api/knowledge/categories': () => json(200, makeTree()),
      '/api/knowledge/items': () => json(200, { items: [makePhrase(1, '欢迎进群')], total: 1, page: 1, pageSize: 20 }),
    })
    const w = mount(GroupChatPanel, { props: { chatId: 'wrCHAT01' }, global: { plugins: [createPinia()] } })
    // Let any dynamic import finish, so "not loaded" means not requested, not merely still loading.
    await vi.dynamicImportSettled()
    await flushPromises()
    expect(w.get('[data-test="group-member-count"]').text()).toBe('12')
    expect(w.find('[data-test="knowledge-panel"]').exists()).toBe(false)
    expect(mock.mock.calls.some(([u]) => String(u).startsWith('/api/knowledge'))).toBe(false)

    await w.get('[data-test="group-tab-knowledge"]').trigger('click')
    await openedKnowledge(w)
    expect(w.get('[data-test="knowledge-panel"]').isVisible()).toBe(true)
    expect(w.get('[data-test="group-card"]').isVisible()).toBe(false)
    expect(w.find('[data-test="knowledge-item"][data-id="1"]').exists()).toBe(true)
  })

  it('GroupChatPanel – 发送 from the 话术 tab – sends into the group and logs against its chat_id', async () => {
    const mock = stubFetch({
      [PATH]: () => json(200, makeGroupChatCard()),
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
    const w = mount(GroupChatPanel, { props: { chatId: 'wrCHAT01' }, global: { plugins: [pinia] } })
    await flushPromises()
    await w.get('[data-test="group-tab-knowledge"]').trigger('click')
    await openedKnowledge(w)
    await w.get('[data-test="knowledge-item"][data-id="1"] [data-test="knowledge-send"]').trigger('click')
    await flushPromises()
    await w.get('[data-test="knowledge-confirm-send"]').trigger('click')
    await flushPromises()
    const log = mock.mock.calls.find(([u]) => String(u) === '/api/knowledge/send-log')
    expect(JSON.parse(String(log?.[1]?.body))).toMatchObject({ itemId: 1, chatId: 'wrCHAT01' })
    expect(platform.sendChatMessage).toHaveBeenCalledWith({ msgtype: 'text', text: { content: '加微信' } })
  })

  it('GroupChatPanel – back to the 客户群 tab – the card shows again and the panel stays mounted', async () => {
    stubFetch({
      [PATH]: () => json(200, makeGroupChatCard()),
      '/api/knowledge/categories': () => json(200, makeTree()),
      '/api/knowledge/items': () => json(200, { items: [], total: 0, page: 1, pageSize: 20 }),
    })
    const w = mount(GroupChatPanel, { props: { chatId: 'wrCHAT01' }, global: { plugins: [createPinia()] } })
    await flushPromises()
    await w.get('[data-test="group-tab-knowledge"]').trigger('click')
    await openedKnowledge(w)
    await w.findAll('[data-test="group-tabs"] .van-tab').at(0)?.trigger('click')
    await flushPromises()
    expect(w.get('[data-test="group-card"]').isVisible()).toBe(true)
    // v-show hides with an inline style; jsdom's computed style misses it once stylesheets load.
    expect((w.get('[data-test="knowledge-panel"]').element as HTMLElement).style.display).toBe('none')
  })
})
