import * as z from 'zod/mini'
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

const MediaId = z.object({ mediaid: z.string().check(z.minLength(1)) })

const SentMessage = z.discriminatedUnion('msgtype', [
  z.object({ msgtype: z.literal('text'), text: z.object({ content: z.string() }) }),
  z.object({
    msgtype: z.literal('news'),
    news: z.object({ title: z.string(), desc: z.optional(z.string()), link: z.string(), imgUrl: z.optional(z.string()) }),
  }),
  z.object({ msgtype: z.literal('image'), image: MediaId }),
  z.object({ msgtype: z.literal('video'), video: MediaId }),
  z.object({ msgtype: z.literal('file'), file: MediaId }),
])

/** What the simulated chat shows for one sendChatMessage: a text, a news card, a picture, video or file by media_id. */
export type ChatBubble =
  | { kind: 'text'; text: string }
  | { kind: 'news'; title: string; desc: string; link: string; imgUrl: string }
  | { kind: 'media'; msgtype: 'image' | 'video' | 'file'; mediaid: string }
  | { kind: 'unknown' }

/**
 * The chat bubble for a sendChatMessage payload, as the WeCom client would show it.
 *
 * @example bubbleOf({ msgtype: 'image', image: { mediaid: 'M1' } }) // { kind: 'media', msgtype: 'image', mediaid: 'M1' }
 */
export function bubbleOf(params: unknown): ChatBubble {
  const parsed = SentMessage.safeParse(params)
  if (!parsed.success) return { kind: 'unknown' }
  const msg = parsed.data
  switch (msg.msgtype) {
    case 'text':
      return { kind: 'text', text: msg.text.content }
    case 'news':
      return { kind: 'news', title: msg.news.title, desc: msg.news.desc ?? '', link: msg.news.link, imgUrl: msg.news.imgUrl ?? '' }
    case 'image':
      return { kind: 'media', msgtype: 'image', mediaid: msg.image.mediaid }
    case 'video':
      return { kind: 'media', msgtype: 'video', mediaid: msg.video.mediaid }
    case 'file':
      return { kind: 'media', msgtype: 'file', mediaid: msg.file.mediaid }
  }
}

const MEDIA_TEXT = { image: '[图片]', video: '[视频]', file: '[文件]' } as const

/**
 * The text the chat pane shows for a sendChatMessage payload (also its accessible text).
 *
 * @example describeMessage({ msgtype: 'text', text: { content: '你好' } }) // '你好'
 */
export function describeMessage(params: unknown): string {
  const bubble = bubbleOf(params)
  if (bubble.kind === 'text') return bubble.text
  if (bubble.kind === 'news') return `[链接] ${bubble.title}`
  if (bubble.kind === 'media') return MEDIA_TEXT[bubble.msgtype]
  return '[暂不支持预览的消息]'
}
