import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import CustomerCardPanel from '@/features/customer/CustomerCardPanel.vue'
import { makeCustomerCard } from '@/test/factories'
import { json, stubFetch } from '@/test/fetch-stub'
import { CUSTOMER, callsTo, makeFollowup } from './followups.testing'

// The 跟进 / 动态 / 业务 tabs on the sidebar customer card: in order, loaded on first open.

enableAutoUnmount(afterEach)
afterEach(() => vi.unstubAllGlobals())

const router = () =>
  createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: { template: '<div />' } }, { path: '/r', name: 'reminders', component: { template: '<div />' } }] })

describe('CustomerCardPanel – work tabs', () => {
  it('CustomerCardPanel – tabs – 客户, 跟进, 动态, 业务, 话术; 跟进 asks for nothing until opened, then lists this customer’s records', async () => {
    const mock = stubFetch({
      [`/api/sidebar/customers/${CUSTOMER}`]: () => json(200, makeCustomerCard()),
      [`/api/customers/${CUSTOMER}/followups`]: () => json(200, { items: [makeFollowup(1, { text: '第一次拜访' })], nextCursor: null }),
    })
    const w = mount(CustomerCardPanel, { props: { externalUserId: CUSTOMER }, global: { plugins: [createPinia(), router()], stubs: { teleport: true } } })
    await flushPromises()
    await vi.dynamicImportSettled()
    expect(w.findAll('.van-tab').map((t) => t.text())).toEqual(['客户', '跟进', '动态', '业务', '话术'])
    expect(callsTo(mock, `/api/customers/${CUSTOMER}/followups`)).toHaveLength(0)
    expect(w.find('[data-test="followup-panel"]').exists()).toBe(false)

    await w.get('[data-test="customer-tab-followups"]').trigger('click')
    await vi.dynamicImportSettled()
    await flushPromises()
    // jsdom has no layout, so van-list cannot see its end: ask for the first page as it would.
    w.findComponent({ name: 'van-list' }).vm.$emit('load')
    await flushPromises()
    expect(w.get('[data-test="customer-card"]').isVisible()).toBe(false)
    expect(w.get('[data-test="followup-text-view"]').text()).toBe('第一次拜访')
    expect(w.find('[data-test="followup-reminders-link"]').exists()).toBe(true)
    expect(w.find('[data-test="timeline-panel"]').exists()).toBe(false)
  })
})
