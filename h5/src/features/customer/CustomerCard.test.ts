import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { makeCustomerCard, makeFollower, makeTagGroup } from '@/test/factories'
import CustomerCard from './CustomerCard.vue'

const render = (card = makeCustomerCard(), myUserid = 'zhangsan') => mount(CustomerCard, { props: { card, myUserid } })

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
    const mine = { remark: '王总', description: '华东区采购', createtime, addWay: 1, addWayLabel: '扫描二维码', state: '展会' }
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
})
