import type { CreateFollowupInput, Followup, TimelineItem } from '@kelan/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { makeCustomerCard, makeTagHistoryPage } from '@/test/factories'
import { json, stubFetch } from '@/test/fetch-stub'
import AdminCustomerDetail from './AdminCustomerDetail.vue'

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

// van-list loads only when its element is laid out (offsetParent set), which jsdom never does.
const offsetParent = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetParent')
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'offsetParent', { configurable: true, get: () => document.body })
})
afterAll(() => {
  if (offsetParent) Object.defineProperty(HTMLElement.prototype, 'offsetParent', offsetParent)
})

const ID = 'wmADMIN01'
const customer = (rest: string) => `/api/customers/${ID}/${rest}`

const makeFollowup = (id: number, text: string, over: Partial<Followup> = {}): Followup => ({
  id,
  externalUserId: ID,
  type: { id: 1, name: '笔记' },
  author: { userid: 'zhangsan', name: '张三', avatar: '' },
  text,
  attachments: [],
  mentions: [],
  reminder: null,
  source: 'sidebar',
  createdAt: 1_700_000_000 + id,
  ...over,
})
const asTimeline = (f: Followup): TimelineItem => ({ kind: 'followup', key: `followup-${f.id}`, at: f.createdAt, followup: f })

/** A server holding one customer's follow-ups: POST adds one, the timeline lists them. */
function stubCustomerServer() {
  const followups = [makeFollowup(1, '初次沟通，客户关注价格')]
  const posted: CreateFollowupInput[] = []
  const fetchMock = stubFetch({
    [`/api/sidebar/customers/${ID}`]: () => json(200, makeCustomerCard({ externalUserId: ID, name: '赵六', mine: null })),
    '/api/followup-types': () => json(200, { items: [{ id: 1, name: '笔记', enabled: true, builtin: true }, { id: 2, name: '电话回访', enabled: true, builtin: false }] }),
    [customer('followups')]: (_url, init) => {
      if (init?.method !== 'POST') return json(200, { items: [...followups], nextCursor: null })
      const input = JSON.parse(String(init.body)) as CreateFollowupInput
      posted.push(input)
      const created = makeFollowup(followups.length + 1, input.text, { type: { id: input.typeId, name: '电话回访' }, source: input.source ?? 'sidebar' })
      followups.unshift(created)
      return json(201, created)
    },
    [customer('timeline')]: () => json(200, { items: followups.map(asTimeline), nextCursor: null }),
    '/api/business-templates': () => json(200, { items: [] }),
    [customer('business-records')]: () => json(200, { items: [], nextCursor: null }),
    [customer('tag-history')]: () => json(200, makeTagHistoryPage([7])),
  })
  return { fetchMock, posted }
}

async function mountDetail() {
  const server = stubCustomerServer()
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: { render: () => null } }] })
  const w = mount(AdminCustomerDetail, { props: { externalUserId: ID }, global: { plugins: [router, createPinia()] }, attachTo: document.body })
  await flushPromises()
  return { w, ...server }
}

async function openTab(w: VueWrapper, title: string) {
  const tab = w.findAll('[data-test="admin-customer-tabs"] .van-tab').find((t) => t.text() === title)
  await tab!.trigger('click')
  await flushPromises()
}

describe('AdminCustomerDetail', () => {
  it('AdminCustomerDetail – opened – the card and the 跟进 tab with the follow-ups', async () => {
    const { w } = await mountDetail()
    expect(w.get('[data-test="customer-card"]').attributes('data-id')).toBe(ID)
    expect(w.get('[data-test="admin-customer-card"]').text()).toContain('赵六')
    expect(w.findAll('[data-test="admin-customer-tabs"] .van-tab').map((t) => t.text())).toEqual(['跟进', '动态', '业务记录', '标签记录'])
    expect(w.get('[data-test="followup-panel"]').text()).toContain('初次沟通，客户关注价格')
    expect(w.get('[data-test="back-to-customers"]').attributes('href')).toBe('/admin/customers')
  })

  it('AdminCustomerDetail – other tabs – 动态, 业务记录 and 标签记录 load their panels', async () => {
    const { w } = await mountDetail()
    await openTab(w, '动态')
    expect(w.findAll('[data-test="timeline-item"]').map((i) => i.attributes('data-kind'))).toEqual(['followup'])
    await openTab(w, '业务记录')
    expect(w.get('[data-test="business-no-template"]').text()).toBe('暂无业务记录模板，请联系管理员添加')
    await openTab(w, '标签记录')
    expect(w.findAll('[data-test="tag-history-item"]')).toHaveLength(1)
  })

  it('AdminCustomerDetail – 写跟进 saved – sent as from the admin page, shown in 跟进 and in 动态', async () => {
    const { w, posted } = await mountDetail()
    await openTab(w, '动态')
    await openTab(w, '跟进')
    await w.get('[data-test="followup-write"]').trigger('click')
    await flushPromises()
    const form = document.querySelector('[data-test="followup-sheet"] [data-test="followup-form"]') as HTMLFormElement
    const type2 = form.querySelector('[data-test="followup-type"][data-id="2"]') as HTMLButtonElement
    type2.click()
    const text = form.querySelector('[data-test="followup-text"] textarea') as HTMLTextAreaElement
    text.value = '电话回访：客户同意下周到店'
    text.dispatchEvent(new Event('input'))
    await flushPromises()
    form.dispatchEvent(new Event('submit'))
    await flushPromises()
    expect(posted).toEqual([expect.objectContaining({ typeId: 2, text: '电话回访：客户同意下周到店', source: 'admin' })])
    expect(w.get('[data-test="followup-panel"]').text()).toContain('电话回访：客户同意下周到店')
    await openTab(w, '动态')
    expect(w.findAll('[data-test="timeline-item"]')).toHaveLength(2)
    expect(w.get('[data-test="timeline-panel"]').text()).toContain('电话回访：客户同意下周到店')
  })
})
