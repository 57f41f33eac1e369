import type {
  AnswerPartView,
  Attachment,
  KnowledgeCategoryNode,
  KnowledgeHighlight,
  KnowledgeSearchHit,
  KnowledgeCategoryTree,
  KnowledgeItem,
  KnowledgeKind,
  KnowledgeLibrary,
  SensitiveCheckResult,
} from '@kelan/shared'
import { vi } from 'vitest'
import type { Platform } from '@/platform'

// One-line factories for the knowledge tests; each test states only what it cares about.

type Of<K extends KnowledgeItem['kind']> = Extract<KnowledgeItem, { kind: K }>

const base = (id: number, library: KnowledgeLibrary = 'public') => ({
  id,
  library,
  categoryId: 2,
  seq: 0,
  useCount: 0,
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
})

/** A stored file as the server shows it. */
export const makeAttachment = (id: string, kind: Attachment['kind'] = 'image', filename = `${id}.png`): Attachment => ({
  id,
  kind,
  mime: kind === 'image' ? 'image/png' : kind === 'video' ? 'video/mp4' : 'application/pdf',
  size: 2048,
  filename,
  url: `/api/attachments/${id}`,
})

export const textPart = (text: string): AnswerPartView => ({ type: 'text', text })
export const linkPart = (title: string, url = 'https://example.com/a', description = ''): AnswerPartView => ({ type: 'link', url, title, description, cover: null, coverUrl: null })
export const mediaPart = (type: 'image' | 'video' | 'file', attachmentId = `${type}-1`): AnswerPartView => ({ type, attachmentId, attachment: makeAttachment(attachmentId, type) })

export const makeScript = (id: number, question: string, answer: AnswerPartView[] = [textPart(`${question}的答案`)], over: Partial<Of<'script'>> = {}): Of<'script'> => ({
  ...base(id),
  kind: 'script',
  question,
  similar: [],
  answer,
  ...over,
})

export const makePhrase = (id: number, text: string, over: Partial<Of<'phrase'>> = {}): Of<'phrase'> => ({ ...base(id), kind: 'phrase', text, ...over })

export const makeLink = (id: number, title: string, over: Partial<Of<'link'>> = {}): Of<'link'> => ({
  ...base(id),
  kind: 'link',
  title,
  url: `https://example.com/${id}`,
  description: '',
  cover: null,
  coverUrl: null,
  ...over,
})

/** A category node; `children` are built with the same factory. */
export const makeCategory = (id: number, name: string, children: KnowledgeCategoryNode[] = [], over: Partial<KnowledgeCategoryNode> = {}): KnowledgeCategoryNode => ({
  id,
  name,
  fixed: null,
  depth: 1,
  itemCount: 0,
  children,
  ...over,
})

/** 全部 (id 1) with 未分类 (id 2) first, then `children`. */
export const makeTree = (children: KnowledgeCategoryNode[] = [], library: KnowledgeLibrary = 'public', kind: KnowledgeKind = 'script'): KnowledgeCategoryTree => ({
  library,
  kind,
  root: makeCategory(1, '全部', [makeCategory(2, '未分类', [], { fixed: 'uncategorized' }), ...children], { fixed: 'root', depth: 0 }),
})

/** A search hit; `highlights` as the server marks them. */
export const makeHit = (item: KnowledgeItem, highlights: KnowledgeHighlight[] = [], matchedIn: KnowledgeSearchHit['matchedIn'] = 'title'): KnowledgeSearchHit => ({
  item,
  matchedIn,
  highlights,
})

/** The send token the fake checks answer (the server issues a new one per check). */
export const SEND_TOKEN = 'tok-check-1'

export const clean = (): SensitiveCheckResult => ({ hits: [], blocked: false, sendToken: SEND_TOKEN })

/** A check result with one hit per word, each found once at `[at, at + length)`. */
export const hitsOf = (text: string, words: [word: string, action: 'warn' | 'block'][]): SensitiveCheckResult => {
  const hits = words.map(([word, action]) => {
    const at = text.indexOf(word)
    return { word, action, ranges: at < 0 ? [] : [[at, at + word.length] as [number, number]] }
  })
  return { hits, blocked: hits.some((h) => h.action === 'block'), sendToken: SEND_TOKEN }
}

/** A platform inside a chat whose sendChatMessage records what it was given. */
export function fakePlatform(over: Partial<Platform> = {}): Platform {
  return {
    kind: 'demo',
    getContext: vi.fn().mockResolvedValue({ entry: 'single_chat_tools' }),
    getCurExternalContact: vi.fn().mockResolvedValue('wmCUST'),
    getCurExternalChat: vi.fn().mockResolvedValue('wrCHAT'),
    sendChatMessage: vi.fn().mockResolvedValue(undefined),
    openUserProfile: vi.fn().mockResolvedValue(undefined),
    ...over,
  }
}

/**
 * Fetches the panel's lazy parts (item form, sensitive-word dialog, delete confirm) once, so a
 * test's flushPromises after a tap is enough for them to render. The panel still starts
 * without them and asks for them on the tap; a download that is slow or fails is covered by
 * use-lazy-chunk's tests.
 */
export async function preloadLazyParts(): Promise<void> {
  await Promise.all([import('./KnowledgeItemForm.vue'), import('./KnowledgeSendReview.vue'), import('./knowledge.confirm')])
}
