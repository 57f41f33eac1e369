import * as z from 'zod/mini'

/**
 * Sensitive words (敏感词): before a knowledge item or a personal phrase goes into a chat,
 * Kelan checks its text. 'warn' asks the sender to confirm; 'block' refuses the send.
 */
export const SensitiveAction = z.enum(['warn', 'block'])
export type SensitiveAction = z.infer<typeof SensitiveAction>

/**
 * A character someone can see: not a format character (zero-width space, soft hyphen, joiners,
 * direction marks: \p{Cf}), not a control character (\p{Cc}), not whitespace.
 */
const VISIBLE = /[^\p{Cf}\p{Cc}\s]/u

/**
 * One sensitive word: trimmed, 1 to 30 characters, at least one of them visible. A word of
 * invisible characters only could not be shown in the admin list nor told apart from another.
 */
export const SensitiveWordText = z.string().check(
  z.trim(),
  z.minLength(1, '敏感词不能为空'),
  z.refine((s) => [...s].length <= 30, '敏感词不能超过 30 个字'),
  // '' already failed min(1): one message for it, not two.
  z.refine((s) => !s || VISIBLE.test(s), '敏感词不能只包含不可见字符'),
)

export const SensitiveWord = z.object({
  id: z.int(),
  word: z.string(),
  action: SensitiveAction,
  createdAt: z.int(),
})
export type SensitiveWord = z.infer<typeof SensitiveWord>

export const SensitiveWordList = z.object({ items: z.array(SensitiveWord) })
export type SensitiveWordList = z.infer<typeof SensitiveWordList>

/** POST /api/admin/sensitive-words (several at once: one per line in the admin form). */
export const CreateSensitiveWordsInput = z.object({
  words: z.array(SensitiveWordText).check(z.minLength(1), z.maxLength(500)),
  action: z._default(SensitiveAction, 'warn'),
})
export type CreateSensitiveWordsInput = z.infer<typeof CreateSensitiveWordsInput>

/**
 * Reply of POST /api/admin/sensitive-words: the words created, and the ones skipped because
 * the corp already has them (or they repeat an earlier line), as they were sent. Words are
 * compared after folding case and full-/half-width forms, as matching does.
 */
export const CreateSensitiveWordsResult = z.extend(SensitiveWordList, { skipped: z.array(z.string()) })
export type CreateSensitiveWordsResult = z.infer<typeof CreateSensitiveWordsResult>

export const UpdateSensitiveWordInput = z.object({ action: SensitiveAction })
export type UpdateSensitiveWordInput = z.infer<typeof UpdateSensitiveWordInput>

/** POST /api/knowledge/check: the text about to be sent (all text parts joined). */
export const SensitiveCheckInput = z.object({ text: z.string().check(z.maxLength(5000)) })
export type SensitiveCheckInput = z.infer<typeof SensitiveCheckInput>

export const SensitiveHit = z.object({
  word: z.string(),
  action: SensitiveAction,
  /** [start, end) offsets in the checked text, JS string indices. */
  ranges: z.array(z.tuple([z.int(), z.int()])),
})
export type SensitiveHit = z.infer<typeof SensitiveHit>

/** A one-time token from the check: POST /use and /send-log take it, each once. */
export const SendToken = z.string().check(z.minLength(1, '缺少发送凭证，请重新发送'), z.maxLength(64))

export const SensitiveCheckResult = z.object({
  hits: z.array(SensitiveHit),
  /** True when any hit is a 'block' word: the send must not happen. */
  blocked: z.boolean(),
  /**
   * Counts one use of the item sent (POST /api/knowledge/items/:id/use) and logs this check's
   * text and words once (POST /api/knowledge/send-log); valid for SEND_TOKEN_TTL seconds.
   */
  sendToken: SendToken,
})
export type SensitiveCheckResult = z.infer<typeof SensitiveCheckResult>

/**
 * POST /api/knowledge/send-log: a send that hit sensitive words, confirmed or blocked. The text,
 * the words and the outcome (blocked when a 拦截 word was found) are the check's, as the server
 * recorded them under `sendToken`; the client adds what only it knows.
 */
export const SendLogInput = z.object({
  sendToken: SendToken,
  /** The knowledge item sent, or null for free text. */
  itemId: z.nullable(z.int().check(z.positive())),
  /** The chat it went to: an external_userid or a chat_id, when known. */
  chatId: z.nullable(z.string().check(z.maxLength(64))),
})
export type SendLogInput = z.infer<typeof SendLogInput>

export const SendLogEntry = z.object({
  id: z.int(),
  userid: z.string(),
  userName: z.string(),
  itemId: z.nullable(z.int().check(z.positive())),
  text: z.string(),
  outcome: z.enum(['confirmed', 'blocked']),
  words: z.array(z.string()),
  chatId: z.nullable(z.string()),
  at: z.int(),
})
export type SendLogEntry = z.infer<typeof SendLogEntry>

export const SendLogPage = z.object({ items: z.array(SendLogEntry), nextCursor: z.nullable(z.int()) })
export type SendLogPage = z.infer<typeof SendLogPage>
