import type { CardMark } from '@kelan/shared'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { makeCardTag, makeCustomerCard, makeMine, makeTagGroup } from '@/test/factories'
import { json, stubFetch } from '@/test/fetch-stub'
import CustomerCard from './CustomerCard.vue'

enableAutoUnmount(afterEach)
afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const render = (card = makeCustomerCard()) =>
  mount(CustomerCard, { props: { card, myUserid: 'zhangsan' }, global: { plugins: [createPinia()] }, attachTo: document.body })

const makeCardMark = (over: Partial<CardMark> = {}): CardMark => ({
  tagName: '风险客户',
  reason: '多次恶意投诉',
  remark: '【风险客户】王小明',
  markedBy: { userid: 'zhangsan', name: '张三' },
  markedAt: new Date(2026, 10, 21, 14, 3).getTime() / 1000,
  ...over,
})

/** A marked customer as the server sends them: the mark's group and tag first, locked and `mark`. */
const markedCard = () =>
  makeCustomerCard({
    mark: makeCardMark(),
    mine: makeMine({ remark: '【风险客户】王小明', tagIds: ['et-风险客户', 'et-A 类'] }),
    tagGroups: [
      makeTagGroup('客户等级', ['A 类']),
      makeTagGroup('客户标记', [], { tags: [makeCardTag('同行'), makeCardTag('风险客户', { locked: true, mark: true, color: 'gray' })] }),
    ],
  })

describe('CustomerCard – special mark', () => {
  it('banner – a marked customer – red banner with the mark, the reason and who marked them when', () => {
    const w = render(markedCard())
    const banner = w.get('[data-test="mark-banner"]')
    expect(banner.get('[data-test="mark-banner-title"]').text()).toBe('已标记：风险客户')
    expect(banner.get('[data-test="mark-banner-reason"]').text()).toBe('原因：多次恶意投诉')
    expect(banner.get('[data-test="mark-banner-by"]').text()).toBe('由 张三 于 2026-11-21 14:03 标记')
    // The banner opens the card, above the customer's name.
    expect(w.get('[data-test="customer-card"]').element.firstElementChild).toBe(banner.element)
  })

  it('banner – no reason – no reason line', () => {
    const card = { ...markedCard(), mark: makeCardMark({ reason: '' }) }
    expect(render(card).find('[data-test="mark-banner-reason"]').exists()).toBe(false)
  })

  it('banner – not marked – none', () => {
    expect(render(makeCustomerCard()).find('[data-test="mark-banner"]').exists()).toBe(false)
  })

  it('tags – a marked customer – the mark tag first of all, solid red, with a lock', () => {
    const w = render(markedCard())
    const chips = w.findAll('[data-test="tag-chip"]')
    expect(chips.map((c) => c.text())).toEqual(['风险客户', '同行', 'A 类'])
    expect(chips[0]?.attributes('data-mark')).toBe('true')
    expect(chips[0]?.attributes('data-locked')).toBe('true')
    expect(chips[0]?.find('.lock').exists()).toBe(true)
    expect(chips[0]?.attributes('style')).toContain('background: rgb(196, 29, 29)')
    expect(chips[1]?.attributes('data-mark')).toBeUndefined()
  })

  it('remark – a marked customer – the forced remark with a lock and no edit action', () => {
    const w = render(markedCard())
    const remark = w.get('[data-test="relation-remark"]')
    expect(remark.text()).toContain('【风险客户】王小明')
    expect(remark.find('[data-test="remark-locked"]').exists()).toBe(true)
    expect(remark.find('[data-test="remark-edit"]').exists()).toBe(false)
  })

  it('remark – not marked, edited and saved – PUT with the trimmed remark, the new card handed up', async () => {
    const saved = makeCustomerCard({ mine: makeMine({ remark: '王总（华东）' }) })
    const fetchMock = stubFetch({ '/api/customers/wmCUSTOMER01/remark': () => json(200, saved) })
    const w = render()
    await w.get('[data-test="remark-edit"]').trigger('click')
    await flushPromises()
    await vi.dynamicImportSettled()
    await flushPromises()
    const input = document.querySelector<HTMLInputElement>('[data-test="remark-input"]')!
    expect(input.value).toBe('王总')
    input.value = ' 王总（华东） '
    input.dispatchEvent(new Event('input'))
    document.querySelector<HTMLElement>('[data-test="remark-dialog"] .van-dialog__confirm')!.click()
    await flushPromises()
    const [url, init] = fetchMock.mock.calls[0] ?? []
    expect(String(url)).toBe('/api/customers/wmCUSTOMER01/remark')
    expect(init?.method).toBe('PUT')
    expect(JSON.parse(String(init?.body))).toEqual({ remark: '王总（华东）' })
    expect(w.emitted('cardChange')?.[0]).toEqual([saved])
  })

  it('remark – 21 characters – says so and sends nothing', async () => {
    const fetchMock = stubFetch({})
    const w = render()
    await w.get('[data-test="remark-edit"]').trigger('click')
    await flushPromises()
    await vi.dynamicImportSettled()
    await flushPromises()
    const input = document.querySelector<HTMLInputElement>('[data-test="remark-input"]')!
    input.value = '一'.repeat(21)
    input.dispatchEvent(new Event('input'))
    await flushPromises()
    expect(document.querySelector('[data-test="remark-too-long"]')?.textContent).toBe('备注最多 20 个字')
    document.querySelector<HTMLElement>('[data-test="remark-dialog"] .van-dialog__confirm')!.click()
    await flushPromises()
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('remark – refused with REMARK_LOCKED (marked meanwhile) – the server message shows, the dialog stays', async () => {
    const message = '该客户已被标记为「风险客户」，备注不能修改'
    stubFetch({ '/api/customers/wmCUSTOMER01/remark': () => json(409, { error: { code: 'REMARK_LOCKED', message } }) })
    const w = render()
    await w.get('[data-test="remark-edit"]').trigger('click')
    await flushPromises()
    await vi.dynamicImportSettled()
    await flushPromises()
    document.querySelector<HTMLElement>('[data-test="remark-dialog"] .van-dialog__confirm')!.click()
    await flushPromises()
    expect(document.querySelector('[data-test="remark-error"]')?.textContent).toBe(message)
    expect(document.querySelector<HTMLElement>('[data-test="remark-dialog"]')?.style.display).not.toBe('none')
    expect(w.emitted('cardChange')).toBeUndefined()
  })
})
