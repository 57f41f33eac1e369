import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { makeCardTag, makeCustomerCard, makeFollower, makeLibraryGroup, makeMine, makeTagGroup, makeTagHistoryPage } from '@/test/factories'
import { apiErr, json, stubFetch } from '@/test/fetch-stub'
import CustomerCard from './CustomerCard.vue'

// Tag writes go through the RPC client, which the app fetches on the first write (loadRpc);
// fetched once here so a test's flushPromises after the tap is enough.
beforeAll(() => import('@/api/rpc'))

const render = (card = makeCustomerCard(), myUserid = 'zhangsan') =>
  mount(CustomerCard, { props: { card, myUserid }, global: { plugins: [createPinia()] } })

enableAutoUnmount(afterEach)
afterEach(() => {
  vi.unstubAllGlobals()
})

describe('CustomerCard', () => {
  it('CustomerCard – WeChat customer – shows the name with a green @微信 suffix', () => {
    const w = render(makeCustomerCard({ name: '王小明', type: 1 }))
    expect(w.get('[data-test="customer-name"]').text()).toBe('王小明')
    const suffix = w.get('[data-test="customer-suffix"]')
    expect(suffix.text()).toBe('@微信')
    expect(suffix.classes()).toContain('suffix--wechat')
  })

  it('CustomerCard – WeCom customer of another company – shows @公司名 in orange', () => {
    const w = render(makeCustomerCard({ type: 2, corpName: '腾讯科技' }))
    const suffix = w.get('[data-test="customer-suffix"]')
    expect(suffix.text()).toBe('@腾讯科技')
    expect(suffix.classes()).toContain('suffix--corp')
  })

  it('CustomerCard – my relation – shows remark, description, formatted add time, add way and channel', () => {
    const createtime = new Date(2024, 2, 5, 9, 7).getTime() / 1000
    const mine = makeMine({ remark: '王总', description: '华东区采购', createtime, addWay: 1, addWayLabel: '扫描二维码', state: '展会' })
    const w = render(makeCustomerCard({ mine }))
    expect(w.get('[data-test="relation-remark"]').text()).toContain('王总')
    expect(w.get('[data-test="relation-description"]').text()).toContain('华东区采购')
    expect(w.get('[data-test="relation-added-at"]').text()).toContain('2024-03-05 09:07')
    expect(w.get('[data-test="relation-add-way"]').text()).toContain('扫描二维码')
    expect(w.get('[data-test="relation-channel"]').text()).toContain('展会')
  })

  it('CustomerCard – no channel state – shows a dash', () => {
    const w = render(makeCustomerCard())
    expect(w.get('[data-test="relation-channel"]').text()).toContain('—')
  })

  it('CustomerCard – I do not follow the customer – says 你尚未添加该客户', () => {
    const w = render(makeCustomerCard({ mine: null }))
    expect(w.get('[data-test="not-my-customer"]').text()).toContain('你尚未添加该客户')
    expect(w.find('[data-test="customer-relation"]').exists()).toBe(false)
  })

  it('CustomerCard – tags in two groups – renders each group with its chips', () => {
    const tagGroups = [makeTagGroup('客户等级', ['A 类', '重点']), makeTagGroup('来源', ['展会'])]
    const w = render(makeCustomerCard({ tagGroups }))
    const groups = w.findAll('[data-test="tag-group"]')
    expect(groups).toHaveLength(2)
    expect(groups[0]?.text()).toContain('客户等级')
    expect(w.findAll('[data-test="tag-chip"]').map((c) => c.text())).toEqual(['A 类', '重点', '展会'])
  })

  it('CustomerCard – no tags – says 暂无标签', () => {
    const w = render(makeCustomerCard({ tagGroups: [] }))
    expect(w.get('[data-test="tags-empty"]').text()).toBe('暂无标签')
  })

  it('CustomerCard – three other followers – summarises as first name 等3人跟进, without me', () => {
    const followers = [makeFollower('zhangsan', '张三'), makeFollower('lisi', '李四'), makeFollower('wangwu', '王五'), makeFollower('zhaoliu', '赵六')]
    const w = render(makeCustomerCard({ followers }), 'zhangsan')
    expect(w.get('[data-test="followers-summary"]').text()).toContain('李四等3人跟进')
  })

  it('CustomerCard – tap the followers line – expands the list of other followers', async () => {
    const followers = [makeFollower('zhangsan', '张三'), makeFollower('lisi', '李四'), makeFollower('wangwu', '王五')]
    const w = render(makeCustomerCard({ followers }), 'zhangsan')
    expect(w.find('[data-test="followers-list"]').exists()).toBe(false)
    await w.get('[data-test="followers-summary"]').trigger('click')
    expect(w.findAll('[data-test="follower-item"]').map((i) => i.text())).toEqual([
      expect.stringContaining('李四'),
      expect.stringContaining('王五'),
    ])
  })

  it('CustomerCard – only I follow – says nobody else follows', () => {
    const w = render(makeCustomerCard({ followers: [makeFollower('zhangsan', '张三')] }), 'zhangsan')
    expect(w.get('[data-test="followers-summary"]').text()).toContain('暂无其他同事跟进')
  })

  it('CustomerCard – tags – drawn in their colour, a locked one with a lock and who added it in the title', () => {
    const followers = [makeFollower('zhangsan', '张三'), makeFollower('lisi', '李四')]
    const tags = [makeCardTag('VIP', { color: 'green', locked: true, addedBy: ['zhangsan', 'lisi'] }), makeCardTag('普通')]
    const w = render(makeCustomerCard({ followers, tagGroups: [makeTagGroup('客户标记', [], { tags })] }))
    const [vip, plain] = w.findAll('[data-test="tag-chip"]')
    expect(vip?.attributes('style')).toContain('color: rgb(6, 122, 80)')
    expect(vip?.attributes('data-locked')).toBe('true')
    expect(vip?.find('.van-icon-lock').exists()).toBe(true)
    expect(vip?.attributes('title')).toBe('添加人：张三、李四')
    expect(vip?.text()).toBe('VIP')
    expect(plain?.attributes('data-locked')).toBeUndefined()
  })

  it('CustomerCard – my tag and a colleague’s – mine filled, the colleague’s outlined, with a legend', () => {
    const tags = [makeCardTag('VIP', { color: 'green' }), makeCardTag('普通', { color: 'green', addedBy: ['lisi'] })]
    const card = makeCustomerCard({ mine: makeMine({ tagIds: ['et-VIP'] }), tagGroups: [makeTagGroup('客户标记', [], { tags })] })
    const w = render(card)
    const [mine, others] = w.findAll('[data-test="tag-chip"]')
    expect(mine?.attributes('data-mine')).toBe('true')
    expect(mine?.attributes('style')).toContain('background: rgb(227, 247, 236)')
    expect(others?.attributes('data-mine')).toBe('false')
    expect(others?.attributes('style')).toContain('background: transparent')
    expect(others?.attributes('style')).toContain('border-color: rgb(6, 122, 80)')
    expect(w.get('[data-test="tag-legend"]').text()).toContain('空心为同事添加的标签')
  })

  it('CustomerCard – only my tags – all filled and no legend', () => {
    const card = makeCustomerCard({ mine: makeMine({ tagIds: ['et-A 类', 'et-重点'] }), tagGroups: [makeTagGroup('客户等级', ['A 类', '重点'])] })
    const w = render(card)
    expect(w.findAll('[data-test="tag-chip"]').map((c) => c.attributes('data-mine'))).toEqual(['true', 'true'])
    expect(w.find('[data-test="tag-legend"]').exists()).toBe(false)
  })

  it('CustomerCard – I do not follow the customer – every tag is outlined', () => {
    const w = render(makeCustomerCard({ mine: null, tagGroups: [makeTagGroup('客户等级', ['A 类'])] }))
    expect(w.get('[data-test="tag-chip"]').attributes('data-mine')).toBe('false')
    expect(w.find('[data-test="tag-legend"]').exists()).toBe(true)
  })

  it('CustomerCard – tap a tag – a toast names everyone who added it', async () => {
    const followers = [makeFollower('zhangsan', '张三'), makeFollower('wangfang', '王芳'), makeFollower('lina', '李娜')]
    const tags = [makeCardTag('VIP', { addedBy: ['wangfang', 'lina'] })]
    const w = render(makeCustomerCard({ followers, tagGroups: [makeTagGroup('客户标记', [], { tags })] }))
    await w.get('[data-test="tag-chip"]').trigger('click')
    await flushPromises()
    expect(document.querySelector('.van-toast')?.textContent).toBe('添加人：王芳、李娜')
  })

  it('CustomerCard – tap a tag added by someone no longer following – names them by userid', async () => {
    const tags = [makeCardTag('VIP', { addedBy: ['zhangsan', 'gone01'] })]
    const w = render(makeCustomerCard({ tagGroups: [makeTagGroup('客户标记', [], { tags })] }))
    await w.get('[data-test="tag-chip"]').trigger('click')
    await flushPromises()
    expect(document.querySelector('.van-toast')?.textContent).toBe('添加人：张三、gone01')
  })

  it.each([
    ['pending', '同步中'],
    ['synced', '已同步'],
    ['failed', '同步失败 · 重试'],
  ] as const)('CustomerCard – my tags %s – shows %s', (status, text) => {
    const w = render(makeCustomerCard({ mine: makeMine({ tagSync: { status, error: null } }) }))
    const el = w.get('[data-test="tag-sync-status"]')
    expect(el.attributes('data-status')).toBe(status)
    expect(el.text()).toBe(text)
  })

  it('CustomerCard – sync failed – shows WeCom’s reason', () => {
    const w = render(makeCustomerCard({ mine: makeMine({ tagSync: { status: 'failed', error: '客户已删除该成员' } }) }))
    expect(w.get('[data-test="tag-sync-error"]').text()).toContain('客户已删除该成员')
  })

  it('CustomerCard – I do not follow the customer – no 编辑 and no sync status, but the history link', () => {
    const w = render(makeCustomerCard({ mine: null }))
    expect(w.find('[data-test="tag-edit"]').exists()).toBe(false)
    expect(w.find('[data-test="tag-sync-status"]').exists()).toBe(false)
    expect(w.find('[data-test="tag-history-link"]').exists()).toBe(true)
  })

  it('CustomerCard – tap 编辑 – opens the editor with the library', async () => {
    stubFetch({ '/api/tags': () => json(200, { groups: [makeLibraryGroup('客户等级', ['A 类', 'B 类'])] }) })
    const w = render(makeCustomerCard({ mine: makeMine({ tagIds: ['et-A 类'] }) }))
    expect(w.find('[data-test="tag-editor"]').exists()).toBe(false)
    await w.get('[data-test="tag-edit"]').trigger('click')
    // The sheet's chunk loads on the first tap.
    await vi.dynamicImportSettled()
    await flushPromises()
    expect(w.get('[data-test="tag-editor"]').isVisible()).toBe(true)
    expect(w.findAll('[data-test="tag-option"][data-selected="true"]').map((o) => o.text())).toEqual(['A 类'])
  })

  it('CustomerCard – tap 标签记录 – opens the history of this customer', async () => {
    const mock = stubFetch({ '/api/customers/wmCUSTOMER01/tag-history': () => json(200, makeTagHistoryPage([2, 1])) })
    const w = render()
    await w.get('[data-test="tag-history-link"]').trigger('click')
    await vi.dynamicImportSettled()
    await flushPromises()
    expect(mock).toHaveBeenCalledOnce()
    expect(w.findAll('[data-test="tag-history-item"]')).toHaveLength(2)
  })

  it('CustomerCard – tap 同步失败 · 重试 – re-queues and hands up the card the server returns', async () => {
    const pending = makeCustomerCard({ mine: makeMine({ tagSync: { status: 'pending', error: null } }) })
    const mock = stubFetch({ '/api/customers/wmCUSTOMER01/tags/retry': () => json(200, pending) })
    const w = render(makeCustomerCard({ mine: makeMine({ tagSync: { status: 'failed', error: '客户已删除该成员' } }) }))
    await w.get('[data-test="tag-sync-status"]').trigger('click')
    await flushPromises()
    expect(mock.mock.calls[0]?.[1]?.method).toBe('POST')
    expect(w.emitted('cardChange')).toEqual([[pending]])
  })

  it('CustomerCard – retry refused – keeps the failed status and emits nothing', async () => {
    stubFetch({ '/api/customers/wmCUSTOMER01/tags/retry': () => apiErr(403, 'NOT_FOLLOWER', '你已不再跟进该客户') })
    const w = render(makeCustomerCard({ mine: makeMine({ tagSync: { status: 'failed', error: 'x' } }) }))
    await w.get('[data-test="tag-sync-status"]').trigger('click')
    await flushPromises()
    expect(w.emitted('cardChange')).toBeUndefined()
    expect(w.get('[data-test="tag-sync-status"]').attributes('data-status')).toBe('failed')
    expect(document.body.textContent).toContain('你已不再跟进该客户')
  })
})
