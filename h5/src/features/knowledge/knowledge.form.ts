import { KnowledgeItemInput, type AnswerPartView, type Attachment, type KnowledgeItem, type KnowledgeKind } from '@kelan/shared'
import type { ApiError } from '@/api/errors'

/**
 * The personal item form's state and its validation with the shared zod contract, so the
 * sidebar refuses exactly what the server would, with the same Chinese messages.
 */

/** The editable fields of a link, in a 常用链接 or in an answer. */
export interface LinkFields {
  url: string
  title: string
  description: string
}

/** A link's cover: the uploaded image's id, and the URL to show it (null when none or gone). */
export interface CoverFields {
  cover: string | null
  coverPreview: string | null
}

export type TextDraftPart = { key: number; type: 'text'; text: string }
export type LinkDraftPart = { key: number; type: 'link' } & LinkFields & CoverFields
/** An uploaded image, video or file; `attachment` for its thumbnail or chip (null when it was deleted). */
export type MediaDraftPart = { key: number; type: 'image' | 'video' | 'file'; attachmentId: string; attachment: Attachment | null }

/** One part of an answer being edited; `key` keeps Vue's list stable while parts come and go. */
export type AnswerDraftPart = TextDraftPart | LinkDraftPart | MediaDraftPart

export type ItemDraft =
  | { kind: 'script'; question: string; similar: string[]; answer: AnswerDraftPart[]; categoryId?: number }
  | { kind: 'phrase'; text: string; categoryId?: number }
  | ({ kind: 'link'; title: string; url: string; description: string; categoryId?: number } & CoverFields)

/** Error messages by dotted field path: `question`, `similar.1`, `answer.0.text`, `url`… */
export type FieldErrors = Record<string, string>

export type DraftResult = { ok: true; input: KnowledgeItemInput } | { ok: false; errors: FieldErrors }

let nextKey = 0
const key = () => ++nextKey

export const textDraft = (text = ''): TextDraftPart => ({ key: key(), type: 'text', text })
export const linkDraft = (): LinkDraftPart => ({ key: key(), type: 'link', url: '', title: '', description: '', cover: null, coverPreview: null })
/** A part for a file just uploaded. */
export const mediaDraft = (attachment: Attachment): MediaDraftPart => ({ key: key(), type: attachment.kind, attachmentId: attachment.id, attachment })

/** A part of a saved answer, as the form edits it. */
function partDraft(part: AnswerPartView): AnswerDraftPart {
  switch (part.type) {
    case 'text':
      return { key: key(), type: 'text', text: part.text }
    case 'link':
      return { key: key(), type: 'link', url: part.url, title: part.title, description: part.description, cover: part.cover, coverPreview: part.coverUrl }
    default:
      return { key: key(), type: part.type, attachmentId: part.attachmentId, attachment: part.attachment }
  }
}

/** A blank form of `kind`, filed under `categoryId` (未分类 when left out). */
export function emptyDraft(kind: KnowledgeKind, categoryId?: number): ItemDraft {
  switch (kind) {
    case 'script':
      return { kind, question: '', similar: [], answer: [textDraft()], categoryId }
    case 'phrase':
      return { kind, text: '', categoryId }
    case 'link':
      return { kind, title: '', url: '', description: '', cover: null, coverPreview: null, categoryId }
  }
}

/** A deep copy the form can edit freely (drafts are plain JSON; works on reactive proxies too). */
export const cloneDraft = (draft: ItemDraft): ItemDraft => JSON.parse(JSON.stringify(draft)) as ItemDraft

/** The form for editing `item`. */
export function draftFromItem(item: KnowledgeItem): ItemDraft {
  switch (item.kind) {
    case 'script':
      return { kind: 'script', question: item.question, similar: [...item.similar], answer: item.answer.map(partDraft), categoryId: item.categoryId }
    case 'phrase':
      return { kind: 'phrase', text: item.text, categoryId: item.categoryId }
    case 'link': {
      const { title, url, description, cover, coverUrl, categoryId } = item
      return { kind: 'link', title, url, description, cover, coverPreview: coverUrl, categoryId }
    }
  }
}

/** Rows of the similar-question list that are filled in, by their index in the form. */
const filledRows = (similar: readonly string[]) => similar.flatMap((s, i) => (s.trim() === '' ? [] : [i]))

/** The draft as the API's input shape (keys and previews dropped; blank similar-question rows left out). */
function rawInput(draft: ItemDraft): unknown {
  if (draft.kind === 'link') {
    const { coverPreview: _preview, ...rest } = draft
    return rest
  }
  if (draft.kind !== 'script') return draft
  const { answer, similar, ...rest } = draft
  return {
    ...rest,
    similar: filledRows(similar).map((i) => similar[i]),
    answer: answer.map(partInput),
  }
}

function partInput(part: AnswerDraftPart): unknown {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text }
    case 'link':
      return { type: 'link', url: part.url, title: part.title, description: part.description, cover: part.cover }
    default:
      return { type: part.type, attachmentId: part.attachmentId }
  }
}

/** `similar.<n>` counts filled rows only; point it back at the row the member sees. */
function formPath(draft: ItemDraft, path: string): string {
  const m = /^similar\.(\d+)(.*)$/.exec(path)
  if (!m || draft.kind !== 'script') return path
  const row = filledRows(draft.similar)[Number(m[1])]
  return row === undefined ? path : `similar.${row}${m[2] ?? ''}`
}

/**
 * Validates the draft with the shared contract: the input to send, or the first message for
 * each field that is wrong. Blank similar-question rows are dropped, not refused.
 *
 * @example toInput(emptyDraft('phrase')) // { ok: false, errors: { text: '常用语不能为空' } }
 */
export function toInput(draft: ItemDraft): DraftResult {
  const result = KnowledgeItemInput.safeParse(rawInput(draft))
  if (result.success) return { ok: true, input: result.data }
  const errors: FieldErrors = {}
  for (const issue of result.error.issues) {
    const path = formPath(draft, issue.path.map(String).join('.'))
    errors[path] ??= issue.message
  }
  return { ok: false, errors }
}

/**
 * The field errors in a server refusal (400 VALIDATION_FAILED carries `issues` with paths like
 * `json.question`); empty when it has none, and the caller shows the message instead.
 */
export function serverFieldErrors(err: ApiError): FieldErrors {
  const issues = err.details?.issues
  if (!Array.isArray(issues)) return {}
  const errors: FieldErrors = {}
  for (const issue of issues as { path?: unknown; message?: unknown }[]) {
    if (typeof issue.path !== 'string' || typeof issue.message !== 'string') continue
    errors[issue.path.replace(/^json\.?/, '')] ??= issue.message
  }
  return errors
}
