import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { DesktopChat } from './desktop-bridge'
import DesktopChatTitle from './DesktopChatTitle.vue'

const customer = (over: Partial<Extract<DesktopChat, { kind: 'customer' }>> = {}): DesktopChat => ({
  kind: 'customer', id: 'wmA', name: '王小明', avatar: '', type: 1, corpName: '', ...over,
})
const render = (chat: DesktopChat | null) => mount(DesktopChatTitle, { props: { chat } })

describe('DesktopChatTitle', () => {
  it('DesktopChatTitle – WeChat customer – name @微信', () => {
    const w = render(customer())
    expect(w.get('[data-test="customer-name"]').text()).toBe('王小明')
    expect(w.get('[data-test="customer-suffix"]').text()).toBe('@微信')
  })

  it('DesktopChatTitle – WeCom customer of another company – name @公司名, like the card', () => {
    const w = render(customer({ type: 2, corpName: '金桥商贸' }))
    expect(w.get('[data-test="customer-suffix"]').text()).toBe('@金桥商贸')
    expect(w.text()).not.toContain('@微信')
  })

  it('DesktopChatTitle – group – name and member count', () => {
    expect(render({ kind: 'group', id: 'wrA', name: '华东客户群', memberCount: 12 }).text()).toBe('华东客户群（12）')
  })

  it('DesktopChatTitle – nothing open – 未选择聊天', () => {
    expect(render(null).text()).toBe('未选择聊天')
  })
})
