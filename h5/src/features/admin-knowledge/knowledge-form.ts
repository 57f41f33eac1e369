import { KNOWLEDGE_LIMITS, KnowledgeItemInput, type AnswerPartView, type Attachment, type KnowledgeItem, type KnowledgeKind } from '@kelan/shared'

// The item form's drafts (one per kind) and their check against the shared zod contract, so
// the messages are the server's own. Errors are keyed by field: `question`, `similar`,
// `similar.<row>`, `answer`, `answer.<part>.<field>`, `text`, `title`, `url`, `description`,
// `categoryId`; `form` for anything else.

/** Field → first message. */
export type DraftErrors = Record<string, string>

export type Checked<T> = { ok: true; input: T } | { ok: false; errors: DraftErrors }

/** An uploaded image, video or file of an answer; `file` shows it (null when it was deleted). */
export interface AttachmentPart {
  type: 'image' | 'video' | 'file'
  attachmentId: string
  file: Attachment | null
}

/**
 * One message of an answer being edited. Flat (every field on every part, `type` says which
 * count) so templates bind fields without narrowing; `key` keeps inputs stable when parts move.
 */
export interface DraftPart {
  key: number
  type: 'text' | 'link' | 'attachment'
  text: string
  url: string
  title: string
  description: string
  /** A link's uploaded cover (an attachment id) and the URL to show it. */
  cover: string | null
  coverPreview: string | null
  /** The image, video or file when `type` is 'attachment'. */
  attachment: AttachmentPart | null
}

/**
 * The item form of any kind, flat for the same reason: 话术 uses question, similar and
 * answer; 常用语 text; 常用链接 title, url, description and cover.
 */
export interface ItemDraft {
  kind: KnowledgeKind
  /** null: 未分类. */
  categoryId: number | null
  question: string
  similar: { key: number; text: string }[]
  answer: DraftPart[]
  text: string
  title: string
  url: string
  description: string
  /** A 常用链接's uploaded cover (an attachment id) and the URL to show it. */
  cover: string | null
  coverPreview: string | null
}

let lastKey = 0
/** A key for a new row or part (unique for the page's lifetime). */
export const rowKey = (): number => ++lastKey

const blankPart = { text: '', url: '', title: '', description: '', cover: null, coverPreview: null, attachment: null }

export const textPart = (text = ''): DraftPart => ({ ...blankPart, key: rowKey(), type: 'text', text })
export const linkPart = (): DraftPart => ({ ...blankPart, key: rowKey(), type: 'link' })
/** A part for a file just uploaded. */
export const attachmentPart = (file: Attachment): DraftPart => ({
  ...blankPart,
  key: rowKey(),
  type: 'attachment',
  attachment: { type: file.kind, attachmentId: file.id, file },
})

/** An empty form of `kind`, in `categoryId` (null: 未分类). */
export function emptyDraft(kind: KnowledgeKind, categoryId: number | null): ItemDraft {
  const answer = kind === 'script' ? [textPart()] : []
  return { kind, categoryId, question: '', similar: [], answer, text: '', title: '', url: '', description: '', cover: null, coverPreview: null }
}

function draftPart(part: AnswerPartView): DraftPart {
  if (part.type === 'text') return textPart(part.text)
  if (part.type === 'link') {
    const { url, title, description, cover, coverUrl } = part
    return { ...blankPart, key: rowKey(), type: 'link', url, title, description, cover, coverPreview: coverUrl }
  }
  return { ...blankPart, key: rowKey(), type: 'attachment', attachment: { type: part.type, attachmentId: part.attachmentId, file: part.attachment } }
}

/** The form for editing `item`, with everything it holds (attachments and covers included). */
export function draftFromItem(item: KnowledgeItem): ItemDraft {
  const draft = emptyDraft(item.kind, item.categoryId)
  switch (item.kind) {
    case 'script':
      return { ...draft, question: item.question, similar: item.similar.map((text) => ({ key: rowKey(), text })), answer: item.answer.map(draftPart) }
    case 'phrase':
      return { ...draft, text: item.text }
    case 'link':
      return { ...draft, title: item.title, url: item.url, description: item.description, cover: item.cover, coverPreview: item.coverUrl }
  }
}

/** Characters as the limits count them (an emoji or a CJK character is one). */
const charCount = (s: string): number => [...s].length

/** Characters of an answer's text, all text parts together (what the 300 limit counts). */
export const answerTextLength = (parts: readonly DraftPart[]): number =>
  charCount(parts.map((p) => (p.type === 'text' ? p.text.trim() : '')).join(''))

function answerInput(parts: readonly DraftPart[]): unknown[] {
  return parts.map((p) => {
    if (p.type === 'text') return { type: 'text', text: p.text }
    if (p.type === 'link') return { type: 'link', url: p.url, title: p.title, description: p.description, cover: p.cover }
    return p.attachment && { type: p.attachment.type, attachmentId: p.attachment.attachmentId }
  })
}

/** The body the draft would send (before validation) and, for 相似问, draft row of each sent entry. */
function rawInput(draft: ItemDraft): { raw: Record<string, unknown>; similarRows: number[] } {
  const placement = draft.categoryId === null ? {} : { categoryId: draft.categoryId }
  switch (draft.kind) {
    case 'script': {
      // Blank 相似问 rows are left-over inputs, not questions.
      const rows = draft.similar.map((s, row) => ({ text: s.text, row })).filter((s) => s.text.trim() !== '')
      const raw = { kind: 'script', question: draft.question, similar: rows.map((s) => s.text), answer: answerInput(draft.answer), ...placement }
      return { raw, similarRows: rows.map((s) => s.row) }
    }
    case 'phrase':
      return { raw: { kind: 'phrase', text: draft.text, ...placement }, similarRows: [] }
    case 'link': {
      const { title, url, description, cover } = draft
      return { raw: { kind: 'link', title, url, description, cover, ...placement }, similarRows: [] }
    }
  }
}

/** The error key of a zod issue path; 相似问 entries map back to their row in the form. */
function fieldOf(path: readonly PropertyKey[], similarRows: readonly number[]): string {
  const [head, index, field] = path
  if (head === 'similar' && typeof index === 'number') return `similar.${similarRows[index] ?? index}`
  if (head === 'answer' && typeof index === 'number') return field === undefined ? `answer.${index}` : `answer.${index}.${String(field)}`
  return head === undefined ? 'form' : String(head)
}

/**
 * Checks a draft with the shared KnowledgeItemInput; on success, the body for POST / PUT
 * (without `seq`, so an edit keeps the item's 序号).
 *
 * @example checkDraft({ kind: 'phrase', categoryId: null, text: ' ' }) // { ok: false, errors: { text: '常用语不能为空' } }
 */
export function checkDraft(draft: ItemDraft): Checked<KnowledgeItemInput> {
  const { raw, similarRows } = rawInput(draft)
  const result = KnowledgeItemInput.safeParse(raw)
  if (result.success) return { ok: true, input: result.data }
  const errors: DraftErrors = {}
  for (const issue of result.error.issues) errors[fieldOf(issue.path, similarRows)] ??= issue.message
  return { ok: false, errors }
}

/** True when another 相似问 row may be added. */
export const canAddSimilar = (draft: Pick<ItemDraft, 'similar'>): boolean => draft.similar.length < KNOWLEDGE_LIMITS.similarCount

/** True when another answer part may be added. */
export const canAddPart = (parts: readonly DraftPart[]): boolean => parts.length < KNOWLEDGE_LIMITS.answerParts

/**
 * A copy of `list` with the entry at `index` moved by `step` (−1 up, +1 down); unchanged at an end.
 *
 * @example movedBy(['a', 'b', 'c'], 2, -1) // ['a', 'c', 'b']
 */
export function movedBy<T>(list: readonly T[], index: number, step: -1 | 1): T[] {
  const to = index + step
  const copy = [...list]
  if (index < 0 || index >= copy.length || to < 0 || to >= copy.length) return copy
  ;[copy[index], copy[to]] = [copy[to] as T, copy[index] as T]
  return copy
}

/** Attachment kinds in words. */
export const ATTACHMENT_LABELS: Record<AttachmentPart['type'], string> = { image: '图片', video: '视频', file: '文件' }
