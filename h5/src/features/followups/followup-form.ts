import {
  ATTACHMENT_FILE_TYPES,
  ATTACHMENT_RULES,
  FOLLOWUP_ATTACHMENTS_MAX,
  FOLLOWUP_TEXT_MAX,
  REMINDER_MAX_AHEAD_SECONDS,
  acceptOf,
  checkAttachment,
  extensionOf,
  type AttachmentKind,
} from '@kelan/shared'

// The 写跟进 form's rules as pure functions, mirroring the server's (shared limits), so the
// form refuses what the server would refuse before anything is sent.

/**
 * A form's idempotency key, made when the form opens: a double tap (or a retry after a lost
 * reply) sends the same key, and the server answers the first record instead of adding one.
 * getRandomValues, not randomUUID: older WeCom webviews and plain-http demos lack the latter.
 *
 * @example makeClientKey() // 'f3b2…' (32 hex characters)
 */
export function makeClientKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** Characters as the counter and the server count them: code points, so an emoji is one. */
export const textLength = (s: string): number => [...s].length

/** Why the text cannot be sent, or null. */
export function textProblem(text: string): string | null {
  const trimmed = text.trim()
  if (!trimmed) return '请填写跟进内容'
  if (textLength(trimmed) > FOLLOWUP_TEXT_MAX) return `跟进内容不能超过 ${FOLLOWUP_TEXT_MAX} 个字`
  return null
}

/** Why a reminder time cannot be used now (seconds), or null; the server's rule. */
export function remindAtProblem(remindAt: number, nowSeconds: number): string | null {
  if (remindAt <= nowSeconds) return '提醒时间必须晚于当前时间'
  if (remindAt - nowSeconds > REMINDER_MAX_AHEAD_SECONDS) return '提醒时间不能超过一年'
  return null
}

const KINDS: readonly AttachmentKind[] = ['image', 'video', 'file']
const RULES = ATTACHMENT_RULES.followup

/**
 * Which kind of follow-up attachment a file is: by its extension, else by the content type
 * the browser reports. Unknown types count as 'file' (and are then refused by its allow-list).
 */
export function kindOfFile(file: { name: string; type: string }): AttachmentKind {
  const ext = extensionOf(file.name)
  const byExt = KINDS.find((k) => RULES[k].types.some((t) => (ATTACHMENT_FILE_TYPES[t].exts as readonly string[]).includes(ext)))
  if (byExt) return byExt
  if (!ext && file.type.startsWith('image/')) return 'image'
  if (!ext && file.type.startsWith('video/')) return 'video'
  return 'file'
}

/** Every extension a follow-up accepts, for the file input. */
export const FOLLOWUP_ACCEPT = KINDS.map((k) => acceptOf(RULES[k])).join(',')

const labels = (kind: AttachmentKind) => [...new Set(RULES[kind].types.map((t) => ATTACHMENT_FILE_TYPES[t].label))].join('、')

/** The allow-list as people read it, for refusals of an unknown type. */
export const FOLLOWUP_TYPES_HINT = `支持图片（${labels('image')}）、视频（${labels('video')}）和文件（${labels('file')}）`

/**
 * Why a picked file cannot be added, or null: too many files, too large, or a type off the
 * allow-list. `count` is how many the form holds already. Messages name the file.
 *
 * @example fileProblem({ name: 'a.exe', size: 10, type: '' }, 0) // '「a.exe」格式不支持，支持图片（…）…'
 */
export function fileProblem(file: { name: string; size: number; type: string }, count: number): string | null {
  if (count >= FOLLOWUP_ATTACHMENTS_MAX) return `最多添加 ${FOLLOWUP_ATTACHMENTS_MAX} 个附件，「${file.name}」未添加`
  const kind = kindOfFile(file)
  const refusal = checkAttachment('followup', kind, file)
  if (!refusal) return null
  // A type refusal of the catch-all 'file' kind would list documents only: name the whole list.
  const wrongType = refusal.includes('只支持')
  return wrongType ? `「${file.name}」格式不支持，${FOLLOWUP_TYPES_HINT}` : `「${file.name}」${refusal}`
}

const pad = (n: number) => String(n).padStart(2, '0')

/** A reminder time picked as date parts and time parts, in local time, as Unix seconds. */
export function partsToSeconds(date: readonly string[], time: readonly string[]): number {
  const [y, m, d] = date.map(Number)
  const [hh, mm] = time.map(Number)
  return Math.floor(new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1, hh ?? 0, mm ?? 0).getTime() / 1000)
}

/** The pickers' values for a Unix-seconds time (local). */
export function secondsToParts(seconds: number): { date: string[]; time: string[] } {
  const t = new Date(seconds * 1000)
  return { date: [String(t.getFullYear()), pad(t.getMonth() + 1), pad(t.getDate())], time: [pad(t.getHours()), pad(t.getMinutes())] }
}

/** Where the reminder picker opens: the next whole hour from now. */
export function defaultRemindAt(nowSeconds: number): number {
  return Math.ceil((nowSeconds + 60) / 3600) * 3600
}
