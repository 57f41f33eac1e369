import type { AnswerPart, KnowledgeItem } from '@kelan/shared'
import type { ChatMessage } from '@/platform'

/**
 * What an item turns into when it goes into a chat or onto the clipboard. Pure: the send flow
 * (use-knowledge-send.ts) and the item card both read it.
 */

/** Told whenever an answer holds parts the sidebar cannot send yet (media upload is not built). */
export const MEDIA_NOTE = '图片/视频/文件暂不支持从侧边栏发送'

export type MediaPart = Extract<AnswerPart, { type: 'image' | 'video' | 'file' }>
export type SendablePart = Extract<AnswerPart, { type: 'text' | 'link' }>

/** A link as a news card: 常用链接 items and link parts of answers share it. */
export interface NewsSource {
  url: string
  title: string
  description: string
  cover: string | null
}

export interface MessageOptions {
  /**
   * The public URL of an uploaded cover image. There is no attachment URL yet (media upload is
   * a later part), so the default leaves the card without a picture rather than invent one.
   */
  coverUrl?: (attachmentId: string) => string
}

/** The messages for one item, in sending order, and what had to be left out. */
export interface SendPlan {
  messages: ChatMessage[]
  /** Image, video and file parts of an answer that were skipped. */
  skippedMedia: number
  /** Everything the customer will read, for the sensitive-word check and its log. */
  text: string
}

const isMedia = (p: AnswerPart): p is MediaPart => p.type === 'image' || p.type === 'video' || p.type === 'file'

/**
 * Splits an answer into the parts the sidebar can send (text, links: in their order) and the
 * media parts it cannot yet.
 *
 * @example splitAnswer([{ type: 'text', text: '你好' }, { type: 'image', attachmentId: 'a1' }]) // { sendable: [text], media: [image] }
 */
export function splitAnswer(parts: readonly AnswerPart[]): { sendable: SendablePart[]; media: MediaPart[] } {
  const sendable: SendablePart[] = []
  const media: MediaPart[] = []
  for (const part of parts) {
    if (isMedia(part)) media.push(part)
    else sendable.push(part)
  }
  return { sendable, media }
}

/** A text message. */
export const textMessage = (content: string): ChatMessage => ({ msgtype: 'text', text: { content } })

/** A news card: WeCom shows title, description and cover, and opens `link` on tap. */
export function newsMessage(link: NewsSource, options: MessageOptions = {}): ChatMessage {
  const imgUrl = link.cover && options.coverUrl ? options.coverUrl(link.cover) : ''
  return { msgtype: 'news', news: { link: link.url, title: link.title, desc: link.description, imgUrl } }
}

const linkText = (l: { title: string; description: string }) => [l.title, l.description].filter(Boolean).join('\n')

/**
 * The messages an item sends: an answer's text and link parts one after another (media parts
 * skipped and counted), a phrase as text, a 常用链接 as a news card.
 *
 * @example buildSendPlan(phrase).messages // [{ msgtype: 'text', text: { content: phrase.text } }]
 */
export function buildSendPlan(item: KnowledgeItem, options: MessageOptions = {}): SendPlan {
  switch (item.kind) {
    case 'phrase':
      return { messages: [textMessage(item.text)], skippedMedia: 0, text: item.text }
    case 'link':
      return { messages: [newsMessage(item, options)], skippedMedia: 0, text: linkText(item) }
    case 'script': {
      const { sendable, media } = splitAnswer(item.answer)
      const messages = sendable.map((p) => (p.type === 'text' ? textMessage(p.text) : newsMessage(p, options)))
      const text = sendable.map((p) => (p.type === 'text' ? p.text : linkText(p))).join('\n')
      return { messages, skippedMedia: media.length, text }
    }
  }
}

/** How many media parts an item has that the sidebar cannot send (0 for phrases and links). */
export const mediaCount = (item: KnowledgeItem): number => (item.kind === 'script' ? splitAnswer(item.answer).media.length : 0)

/**
 * What 复制 puts on the clipboard: the answer's text with each link as "title url" on its own
 * line, the phrase, or the link's title and URL.
 */
export function copyTextOf(item: KnowledgeItem): string {
  switch (item.kind) {
    case 'phrase':
      return item.text
    case 'link':
      return `${item.title}\n${item.url}`
    case 'script':
      return splitAnswer(item.answer)
        .sendable.map((p) => (p.type === 'text' ? p.text : `${p.title} ${p.url}`))
        .join('\n')
  }
}
