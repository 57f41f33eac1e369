import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { json, stubFetch } from '@/test/fetch-stub'
import FollowupPanel from './FollowupPanel.vue'
import { CUSTOMER, NOW, callsTo, makeAttachment, makeFollowup, makeStaff, scrollToEnd } from './followups.testing'

const showImagePreview = vi.hoisted(() => vi.fn())
vi.mock('vant', async (importOriginal) => ({ ...(await importOriginal<typeof import('vant')>()), showImagePreview }))

enableAutoUnmount(afterEach)
afterEach(() => {
  vi.unstubAllGlobals()
  showImagePreview.mockReset()
})

const LIST = `/api/customers/${CUSTOMER}/followups`
const router = () =>
  createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: { template: '<div />' } }, { path: '/r', name: 'reminders', component: { template: '<div />' } }] })

async function render(props: { remindersLink?: boolean } = {}) {
  const w = mount(FollowupPanel, { props: { externalUserId: CUSTOMER, ...props }, global: { plugins: [router()], stubs: { teleport: true } } })
  await scrollToEnd(w)
  return w
}

describe('FollowupPanel', () => {
  it('FollowupPanel – a record – type, author, time, text, @mentions, reminder badge, thumbnails and file chips', async () => {
    stubFetch({
      [LIST]: () =>
        json(200, {
          items: [
            makeFollowup(1, {
              type: { id: 2, name: '电话回访' },
              author: makeStaff('lisi', '李四'),
              createdAt: Math.floor(new Date(2026, 10, 21, 9, 30).getTime() / 1000),
              text: '客户要报价单',
              mentions: [{ userid: 'wangwu', name: '王五' }],
              reminder: { id: 5, dueAt: Math.floor(new Date(2026, 10, 22, 10, 0).getTime() / 1000), status: 'scheduled', late: false },
              attachments: [makeAttachment('img1'), makeAttachment('doc1', { kind: 'file', filename: '报价.pdf', mime: 'application/pdf', size: 1536 })],
            }),
          ],
          nextCursor: null,
        }),
    })
    const w = await render()
    const item = w.get('[data-test="followup-item"]')
    expect(item.get('[data-test="followup-type-name"]').text()).toBe('电话回访')
    expect(item.get('[data-test="followup-author"]').text()).toBe('李四')
    expect(item.text()).toContain('2026-11-21 09:30')
    expect(item.get('[data-test="followup-text-view"]').text()).toBe('客户要报价单')
    expect(item.get('[data-test="followup-item-mentions"]').text()).toBe('@王五')
    expect(item.get('[data-test="followup-reminder"]').text()).toContain('提醒 2026-11-22 10:00')
    expect(item.get('[data-test="followup-image"] img').attributes('src')).toBe('/api/attachments/img1')
    const chip = item.get('[data-test="followup-file"]')
    expect(chip.attributes('href')).toBe('/api/attachments/doc1')
    expect(chip.text()).toContain('报价.pdf')
    expect(chip.text()).toContain('1.5 KB')
  })

  it('FollowupPanel – tap a thumbnail – opens the image preview at that picture', async () => {
    stubFetch({
      [LIST]: () => json(200, { items: [makeFollowup(1, { attachments: [makeAttachment('a'), makeAttachment('b')] })], nextCursor: null }),
    })
    const w = await render()
    await w.findAll('[data-test="followup-image"]')[1]!.trigger('click')
    expect(showImagePreview).toHaveBeenCalledWith(expect.objectContaining({ images: ['/api/attachments/a', '/api/attachments/b'], startPosition: 1 }))
  })

  it('FollowupPanel – scrolled to the end twice – asks for the next page by cursor and stops at the last', async () => {
    const mock = stubFetch({
      [LIST]: (url) =>
        url.searchParams.get('cursor') === 'c2'
          ? json(200, { items: [makeFollowup(3)], nextCursor: null })
          : json(200, { items: [makeFollowup(1), makeFollowup(2)], nextCursor: 'c2' }),
    })
    const w = await render()
    await scrollToEnd(w)
    expect(callsTo(mock, LIST).map((c) => c.url.searchParams.get('cursor'))).toEqual([null, 'c2'])
    expect(w.findAll('[data-test="followup-item"]').map((i) => i.attributes('data-id'))).toEqual(['1', '2', '3'])
    expect(w.text()).toContain('没有更多了')
  })

  it('FollowupPanel – no records – an empty state inviting 写跟进', async () => {
    stubFetch({ [LIST]: () => json(200, { items: [], nextCursor: null }) })
    const w = await render()
    expect(w.get('[data-test="followups-empty"]').text()).toContain('还没有跟进记录')
  })

  it('FollowupPanel – a follow-up written in the sheet – appears on top of the list', async () => {
    stubFetch({
      '/api/followup-types': () => json(200, { items: [{ id: 1, name: '笔记', enabled: true, builtin: true }] }),
      [LIST]: (_url, init) =>
        init?.method === 'POST' ? json(201, makeFollowup(7, { text: '新写的', createdAt: NOW })) : json(200, { items: [makeFollowup(1)], nextCursor: null }),
    })
    const w = await render()
    await w.get('[data-test="followup-write"]').trigger('click')
    await flushPromises()
    await w.get('[data-test="followup-text"] textarea').setValue('新写的')
    await w.get('[data-test="followup-form"]').trigger('submit')
    await flushPromises()
    expect(w.findAll('[data-test="followup-item"]').map((i) => i.attributes('data-id'))).toEqual(['7', '1'])
    expect(w.find('[data-test="followup-form"]').exists()).toBe(false)
    expect(w.emitted('created')).toHaveLength(1)
  })

  it('FollowupPanel – reminders link on – links to 我的提醒', async () => {
    stubFetch({ [LIST]: () => json(200, { items: [], nextCursor: null }) })
    const w = await render({ remindersLink: true })
    expect(w.get('[data-test="followup-reminders-link"]').attributes('href')).toBe('/r')
  })
})
