import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { makeCustomerCard } from '@/test/factories'
import { apiErr, json, stubFetch } from '@/test/fetch-stub'
import CustomerCardPanel from './CustomerCardPanel.vue'

const PATH = '/api/sidebar/customers/wmCUSTOMER01'
const mountPanel = () => mount(CustomerCardPanel, { props: { externalUserId: 'wmCUSTOMER01', myUserid: 'zhangsan' } })

afterEach(() => {
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
})
