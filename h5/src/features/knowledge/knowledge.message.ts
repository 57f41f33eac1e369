import type { AnswerPartView, KnowledgeItem } from '@kelan/shared'
import type { ChatMessage } from '@/platform'

/**
 * What an item turns into when it goes into a chat or onto the clipboard. Pure: the send flow
 * (use-knowledge-send.ts) and the item card both read it.
 */

export type MediaType = 'image' | 'video' | 'file'

/** A link as a news card: 常用链接 items and link parts of answers share it. */
export interface NewsSource {
  url: string
  title: string
  description: string
  /** The cover's public URL (the customer's WeChat fetches it); null: no picture. */
  coverUrl: string | null
}

/**
 * One message of an item, in sending order: ready to send, or an image, video or file that
 * needs a WeCom media_id from the server first (POST /api/knowledge/items/:id/media).
 */
export type SendStep = { type: 'message'; message: ChatMessage } | { type: 'media'; msgtype: MediaType; partIndex: number }

/** The messages for one item, in sending order. */
export interface SendPlan {
  steps: SendStep[]
  /** Everything the customer will read, for the sensitive-word check and its log. */
  text: string
}

/** A text message. */
export const textMessage = (content: string): ChatMessage => ({ msgtype: 'text', text: { content } })

/** A news card: WeCom shows title, description and cover, and opens `link` on tap. */
export function newsMessage(link: NewsSource): ChatMessage {
  return { msgtype: 'news', news: { link: link.url, title: link.title, desc: link.description, imgUrl: link.coverUrl ?? '' } }
}

/** An image, video or file message by WeCom media_id. */
export function mediaMessage(msgtype: MediaType, mediaid: string): ChatMessage {
  switch (msgtype) {
    case 'image':
      return { msgtype, image: { mediaid } }
    case 'video':
      return { msgtype, video: { mediaid } }
    case 'file':
      return { msgtype, file: { mediaid } }
  }
}

const linkText = (l: { title: string; description: string }) => [l.title, l.description].filter(Boolean).join('\n')

function partStep(part: AnswerPartView, partIndex: number): SendStep {
  if (part.type === 'text') return { type: 'message', message: textMessage(part.text) }
  if (part.type === 'link') return { type: 'message', message: newsMessage(part) }
  return { type: 'media', msgtype: part.type, partIndex }
}

/**
 * The messages an item sends: an answer's parts one after another (texts, media by media_id,
 * links as news cards), a phrase as text, a 常用链接 as a news card with its cover.
 *
 * @example buildSendPlan(phrase).steps // [{ type: 'message', message: { msgtype: 'text', text: { content: phrase.text } } }]
 */
export function buildSendPlan(item: KnowledgeItem): SendPlan {
  switch (item.kind) {
    case 'phrase':
      return { steps: [{ type: 'message', message: textMessage(item.text) }], text: item.text }
    case 'link':
      return { steps: [{ type: 'message', message: newsMessage(item) }], text: linkText(item) }
    case 'script': {
      const text = item.answer.flatMap((p) => (p.type === 'text' ? [p.text] : p.type === 'link' ? [linkText(p)] : [])).join('\n')
      return { steps: item.answer.map(partStep), text }
    }
  }
}

/**
 * What 复制 puts on the clipboard: the answer's text with each link as "title url" on its own
 * line (images, videos and files cannot go on a clipboard), the phrase, or the link's title and URL.
 */
export function copyTextOf(item: KnowledgeItem): string {
  switch (item.kind) {
    case 'phrase':
      return item.text
    case 'link':
      return `${item.title}\n${item.url}`
    case 'script':
      return item.answer.flatMap((p) => (p.type === 'text' ? [p.text] : p.type === 'link' ? [`${p.title} ${p.url}`] : [])).join('\n')
  }
}
