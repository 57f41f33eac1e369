import { describe, expect, it } from 'vitest'
import { answerBridge, bubbleOf, describeMessage, type DesktopChat } from './desktop-bridge'

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
    [{ msgtype: 'video', video: { mediaid: 'v' } }, '[视频]'],
    [{ msgtype: 'file', file: { mediaid: 'f' } }, '[文件]'],
    [{ msgtype: 'image', image: {} }, '[暂不支持预览的消息]'],
    [{ msgtype: 'miniprogram', miniprogram: {} }, '[暂不支持预览的消息]'],
  ])('describeMessage – %j – %s', (msg, text) => {
    expect(describeMessage(msg)).toBe(text)
  })
})

describe('bubbleOf', () => {
  it('bubbleOf – a news card with a cover and an image by media_id – what the chat draws', () => {
    expect(bubbleOf({ msgtype: 'news', news: { title: 'T', desc: 'D', link: 'https://x', imgUrl: 'https://k/c.png' } })).toEqual({
      kind: 'news', title: 'T', desc: 'D', link: 'https://x', imgUrl: 'https://k/c.png',
    })
    expect(bubbleOf({ msgtype: 'image', image: { mediaid: 'M1' } })).toEqual({ kind: 'media', msgtype: 'image', mediaid: 'M1' })
  })
})
