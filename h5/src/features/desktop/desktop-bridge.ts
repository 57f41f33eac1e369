import { z } from 'zod'
import type { CustomerCard, Entry } from '@kelan/shared'
import type { BridgeMethod } from '@/platform/demo-protocol'

/** 1 = a WeChat user, 2 = a WeCom user of another company. */
type CustomerType = CustomerCard['type']

/** The chat open on the simulated desktop. */
export type DesktopChat =
  | { kind: 'customer'; id: string; name: string; avatar: string; type: CustomerType; corpName: string }
  | { kind: 'group'; id: string; name: string; memberCount: number }

export type BridgeAnswer = { ok: true; result: unknown } | { ok: false; errMsg: string }

/**
 * How the WeCom client would answer a JS-SDK call for the chat that is open: the sidebar of a
 * single chat gets `single_chat_tools` and the customer's id, a group chat `group_chat_tools`
 * and its chat id, and the wrong call fails the way WeCom does ("without context").
 */
export function answerBridge(chat: DesktopChat | null, method: BridgeMethod): BridgeAnswer {
  switch (method) {
    case 'getContext':
      return { ok: true, result: { entry: entryFor(chat) } }
    case 'getCurExternalContact':
      return chat?.kind === 'customer'
        ? { ok: true, result: { userId: chat.id } }
        : { ok: false, errMsg: 'getCurExternalContact:fail without context of external contact' }
    case 'getCurExternalChat':
      return chat?.kind === 'group'
        ? { ok: true, result: { chatId: chat.id } }
        : { ok: false, errMsg: 'getCurExternalChat:fail without context of external chat' }
    case 'sendChatMessage':
      return chat ? { ok: true, result: {} } : { ok: false, errMsg: 'sendChatMessage:fail without context of external contact' }
    case 'openUserProfile':
      return { ok: true, result: {} }
  }
}

function entryFor(chat: DesktopChat | null): Entry {
  if (chat?.kind === 'customer') return 'single_chat_tools'
  if (chat?.kind === 'group') return 'group_chat_tools'
  return 'normal'
}

const SentMessage = z.discriminatedUnion('msgtype', [
  z.object({ msgtype: z.literal('text'), text: z.object({ content: z.string() }) }),
  z.object({ msgtype: z.literal('news'), news: z.object({ title: z.string(), desc: z.string().optional(), link: z.string() }) }),
  z.object({ msgtype: z.literal('image'), image: z.object({ mediaid: z.string().optional() }) }),
])

/**
 * The text the chat pane shows for a sendChatMessage payload.
 *
 * @example describeMessage({ msgtype: 'text', text: { content: '你好' } }) // '你好'
 */
export function describeMessage(params: unknown): string {
  const parsed = SentMessage.safeParse(params)
  if (!parsed.success) return '[暂不支持预览的消息]'
  const msg = parsed.data
  if (msg.msgtype === 'text') return msg.text.content
  if (msg.msgtype === 'news') return `[链接] ${msg.news.title}`
  return '[图片]'
}
