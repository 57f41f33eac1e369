import { flushPromises, mount } from '@vue/test-utils'
import { List } from 'vant'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { makeTagHistoryItem, makeTagHistoryPage } from '@/test/factories'
import { apiErr, json, stubFetch } from '@/test/fetch-stub'
import TagHistoryList from './TagHistoryList.vue'

const PATH = '/api/customers/wmCUSTOMER01/tag-history'
const mountList = () => mount(TagHistoryList, { props: { externalUserId: 'wmCUSTOMER01' } })

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('TagHistoryList', () => {
  it('TagHistoryList – two pages – loads the first, then the next with its cursor when the list asks', async () => {
    const mock = stubFetch({ [PATH]: (url) => json(200, url.searchParams.get('cursor') === '7' ? makeTagHistoryPage([6, 5]) : makeTagHistoryPage([9, 8, 7], 7)) })
    const w = mountList()
    await flushPromises()
    expect(w.findAll('[data-test="tag-history-item"]')).toHaveLength(3)
    w.findComponent(List).vm.$emit('load')
    await flushPromises()
    expect(w.findAll('[data-test="tag-history-item"]')).toHaveLength(5)
    expect(mock.mock.calls.map(([u]) => new URL(String(u), 'http://x').searchParams.get('cursor'))).toEqual([null, '7'])
    expect(w.text()).toContain('没有更多了')
  })

  it('TagHistoryList – a row – says what changed, by whom, from where and when', async () => {
    const item = makeTagHistoryItem(1, {
      action: 'remove',
      groupName: '意向程度',
      tagName: '高意向',
      operator: null,
      source: 'wecom',
      follower: { userid: 'lisi', name: '李四' },
      at: Math.floor(Date.now() / 1000) - 120,
    })
    stubFetch({ [PATH]: () => json(200, { items: [item], nextCursor: null }) })
    const w = mountList()
    await flushPromises()
    const row = w.get('[data-test="tag-history-item"]')
    expect(row.attributes('data-action')).toBe('remove')
    expect(row.text()).toContain('移除')
    expect(row.text()).toContain('「意向程度：高意向」')
    expect(row.text()).toContain('企业微信')
    expect(row.text()).toContain('跟进人 李四')
    expect(row.text()).toContain('2 分钟前')
  })

  it('TagHistoryList – no history – says 暂无标签记录', async () => {
    stubFetch({ [PATH]: () => json(200, makeTagHistoryPage([])) })
    const w = mountList()
    await flushPromises()
    expect(w.get('[data-test="tag-history-empty"]').text()).toContain('暂无标签记录')
  })

  it('TagHistoryList – page fails – shows the message; tapping it loads again', async () => {
    let calls = 0
    stubFetch({ [PATH]: () => (++calls === 1 ? apiErr(404, 'NOT_FOUND', '客户不存在或无权查看') : json(200, makeTagHistoryPage([1]))) })
    const w = mountList()
    await flushPromises()
    expect(w.text()).toContain('客户不存在或无权查看，点击重试')
    await w.get('.van-list__error-text').trigger('click')
    w.findComponent(List).vm.$emit('load')
    await flushPromises()
    expect(w.findAll('[data-test="tag-history-item"]')).toHaveLength(1)
  })
})
