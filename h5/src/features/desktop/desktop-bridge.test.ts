import { describe, expect, it } from 'vitest'
import { answerBridge, describeMessage, type DesktopChat } from './desktop-bridge'

const customer: DesktopChat = { kind: 'customer', id: 'wmA', name: '王', avatar: '', type: 1, corpName: '' }
const group: DesktopChat = { kind: 'group', id: 'wrA', name: '群', memberCount: 2 }

describe('answerBridge', () => {
  it.each([
    [customer, { entry: 'single_chat_tools' }],
    [group, { entry: 'group_chat_tools' }],
    [null, { entry: 'normal' }],
  ])('answerBridge – getContext with %j open – %j', (chat, result) => {
    expect(answerBridge(chat, 'getContext')).toEqual({ ok: true, result })
  })

  it('answerBridge – getCurExternalChat in a single chat – fails without context', () => {
    expect(answerBridge(customer, 'getCurExternalChat')).toEqual({
      ok: false,
      errMsg: 'getCurExternalChat:fail without context of external chat',
    })
  })

  it('answerBridge – sendChatMessage with no chat open – fails without context', () => {
    expect(answerBridge(null, 'sendChatMessage').ok).toBe(false)
  })
})

describe('describeMessage', () => {
  it.each([
    [{ msgtype: 'text', text: { content: '你好' } }, '你好'],
    [{ msgtype: 'news', news: { title: '产品手册', desc: '', link: 'https://x', imgUrl: '' } }, '[链接] 产品手册'],
    [{ msgtype: 'image', image: { mediaid: 'm1' } }, '[图片]'],
    [{ msgtype: 'video', video: { mediaid: 'v' } }, '[暂不支持预览的消息]'],
  ])('describeMessage – %j – %s', (msg, text) => {
    expect(describeMessage(msg)).toBe(text)
  })
})
