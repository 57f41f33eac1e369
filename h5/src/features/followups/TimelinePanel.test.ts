import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { TimelineItem } from '@kelan/shared'
import { json, stubFetch } from '@/test/fetch-stub'
import TimelinePanel from './TimelinePanel.vue'
import { CUSTOMER, NOW, callsTo, makeFollowup, makeStaff, scrollToEnd } from './followups.testing'
import { noteActivity } from './followup-activity'
import { timelineLine } from './timeline.format'

enableAutoUnmount(afterEach)
afterEach(() => vi.unstubAllGlobals())

const PATH = `/api/customers/${CUSTOMER}/timeline`
const zhang = { userid: 'zhangsan', name: '张三' }
type Added = Extract<TimelineItem, { kind: 'added' }>
const added = (n: number, state = ''): Added => ({ kind: 'added', key: `added-${n}`, at: NOW - n, follower: zhang, addWay: 1, addWayLabel: '扫描二维码', state })

async function render() {
  const w = mount(TimelinePanel, { props: { externalUserId: CUSTOMER } })
  await scrollToEnd(w)
  return w
}

describe('TimelinePanel', () => {
  it('TimelinePanel – two pages – the second asked by cursor, entries appended in order', async () => {
    const mock = stubFetch({
      [PATH]: (url) => (url.searchParams.get('cursor') ? json(200, { items: [added(3)], nextCursor: null }) : json(200, { items: [added(1), added(2)], nextCursor: 'next-1' })),
    })
    const w = await render()
    await scrollToEnd(w)
    expect(callsTo(mock, PATH).map((c) => c.url.searchParams.get('cursor'))).toEqual([null, 'next-1'])
    expect(w.findAll('[data-test="timeline-item"]')).toHaveLength(3)
    expect(w.text()).toContain('没有更多了')
  })

  it('TimelinePanel – pick 标签变更 then 跟进记录 – the list restarts with kinds=tags,followup; 全部 clears it', async () => {
    const mock = stubFetch({ [PATH]: () => json(200, { items: [added(1)], nextCursor: 'more' }) })
    const w = await render()
    await w.get('[data-test="timeline-filter"][data-kind="followup"]').trigger('click')
    await flushPromises()
    await w.get('[data-test="timeline-filter"][data-kind="tags"]').trigger('click')
    await flushPromises()
    const calls = callsTo(mock, PATH)
    expect(calls.map((c) => c.url.searchParams.get('kinds'))).toEqual([null, 'followup', 'tags,followup'])
    // A new filter starts from the first page.
    expect(calls.at(-1)?.url.searchParams.get('cursor')).toBeNull()
    expect(w.get('[data-test="timeline-filter"][data-kind="tags"]').attributes('aria-pressed')).toBe('true')
    await w.get('[data-test="timeline-filter"][data-kind="all"]').trigger('click')
    await flushPromises()
    expect(callsTo(mock, PATH).at(-1)?.url.searchParams.get('kinds')).toBeNull()
  })

  it('TimelinePanel – a filter with nothing – says no entries match', async () => {
    stubFetch({ [PATH]: (url) => json(200, { items: url.searchParams.get('kinds') ? [] : [added(1)], nextCursor: null }) })
    const w = await render()
    await w.get('[data-test="timeline-filter"][data-kind="remark"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-test="timeline-empty"]').text()).toBe('没有符合筛选的动态')
  })

  it('TimelinePanel – each kind – one icon and one readable line', async () => {
    const followup = makeFollowup(1, { text: '客户要报价', type: { id: 2, name: '电话回访' } })
    const items: TimelineItem[] = [
      added(1, '展会'),
      { kind: 'removed', key: 'r', at: NOW, follower: zhang, by: 'customer' },
      { kind: 'tags', key: 't', at: NOW, action: 'add', tagName: '高意向', groupName: '意向', follower: zhang, operator: { userid: 'lisi', name: '李四' }, source: 'sidebar', sourceLabel: '侧边栏' },
      { kind: 'remark', key: 'm', at: NOW, follower: zhang, operator: null, from: '王总', to: '王总-已签约' },
      { kind: 'mark', key: 'k', at: NOW, event: 'added', follower: null, operator: { userid: 'zhangwei', name: '张伟' }, text: '加入客户标记：风险客户' },
      { kind: 'followup', key: 'f', at: NOW, followup },
      { kind: 'reminder', key: 'rm', at: NOW, reminder: { id: 1, followupId: 1, dueAt: NOW, late: true, excerpt: '回访', recipients: [zhang] } },
      {
        kind: 'business',
        key: 'b',
        at: NOW,
        record: { id: 1, templateName: '意向登记', author: makeStaff('zhangsan', '张三'), fields: [{ id: 'f1', name: '产品', type: 'multiselect', value: ['年卡', '季卡'] }] },
      },
    ]
    stubFetch({ [PATH]: () => json(200, { items, nextCursor: null }) })
    const w = await render()
    expect(w.findAll('[data-test="timeline-line"]').map((l) => l.text())).toEqual([
      '张三 添加了客户 · 扫描二维码 · 渠道：展会',
      '客户删除了 张三',
      '李四 添加了标签「意向/高意向」 · 侧边栏',
      '张三 将备注从「王总」改为「王总-已签约」',
      '张伟：加入客户标记：风险客户',
      '张三 写了跟进（电话回访）：客户要报价',
      '已提醒 张三：回访（延迟送达）',
      '张三 添加了业务记录「意向登记」：产品：年卡、季卡',
    ])
    expect(w.findAll('[data-test="timeline-item"] .van-icon').map((i) => [...i.classes()].find((c) => c.startsWith('van-icon-')))).toEqual([
      'van-icon-friends-o',
      'van-icon-delete-o',
      'van-icon-label-o',
      'van-icon-edit',
      'van-icon-warning-o',
      'van-icon-notes-o',
      'van-icon-clock-o',
      'van-icon-orders-o',
    ])
  })

  it('TimelinePanel – a follow-up added to this customer elsewhere – the first page is read again; another customer’s is ignored', async () => {
    const mock = stubFetch({ [PATH]: () => json(200, { items: [added(1)], nextCursor: null }) })
    await render()
    noteActivity('wmSOMEONE_ELSE')
    await flushPromises()
    expect(callsTo(mock, PATH)).toHaveLength(1)
    noteActivity(CUSTOMER)
    await flushPromises()
    expect(callsTo(mock, PATH)).toHaveLength(2)
  })

  it('timelineLine – staff removed the customer, remark cleared – their own wording', () => {
    expect(timelineLine({ kind: 'removed', key: 'r', at: NOW, follower: zhang, by: 'staff' })).toBe('张三 删除了客户')
    expect(timelineLine({ kind: 'remark', key: 'm', at: NOW, follower: zhang, operator: null, from: '王总', to: '' })).toBe('张三 清空了备注（原为「王总」）')
  })
})
