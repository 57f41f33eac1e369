import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { makeGroupChatCard } from '@/test/factories'
import { apiErr, json, stubFetch } from '@/test/fetch-stub'
import GroupChatPanel from './GroupChatPanel.vue'

const PATH = '/api/sidebar/group-chats/wrCHAT01'
const mountPanel = () => mount(GroupChatPanel, { props: { chatId: 'wrCHAT01' } })

afterEach(() => {
  vi.unstubAllGlobals()
})

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
})
