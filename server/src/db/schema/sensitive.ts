import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

/** 提醒 (the sender confirms) or 拦截 (the send is refused). */
export const SENSITIVE_ACTIONS = ['warn', 'block'] as const

/** What became of a send that hit sensitive words. */
export const SEND_OUTCOMES = ['confirmed', 'blocked'] as const

/**
 * The corp's sensitive words (敏感词), checked before a knowledge item or a phrase is sent.
 * `word` is shown as the admin typed it; `word_key` is the form matching compares (case and
 * full-/half-width folded), so 'VX' and 'ｖｘ' are one word and the second is refused as a
 * duplicate.
 */
export const sensitiveWords = sqliteTable(
  'sensitive_words',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    corpId: text('corp_id').notNull(),
    word: text('word').notNull(),
    wordKey: text('word_key').notNull(),
    action: text('action', { enum: SENSITIVE_ACTIONS }).notNull().default('warn'),
    createdAt: integer('created_at').notNull(),
    /** The admin's userid. */
    createdBy: text('created_by').notNull(),
  },
  (t) => [uniqueIndex('sensitive_words_key').on(t.corpId, t.wordKey)],
)

/**
 * Sends that hit sensitive words: confirmed after the warning, or blocked. Kept apart from
 * the words (no foreign keys): the record must outlive a deleted word or knowledge item.
 */
export const sendLog = sqliteTable(
  'send_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    corpId: text('corp_id').notNull(),
    userid: text('userid').notNull(),
    /** The knowledge item sent; null for free text. */
    itemId: integer('item_id'),
    text: text('text').notNull(),
    outcome: text('outcome', { enum: SEND_OUTCOMES }).notNull(),
    /** The sensitive words the sender was shown. */
    words: text('words', { mode: 'json' }).$type<string[]>().notNull(),
    /** An external_userid or a chat_id, when known. */
    chatId: text('chat_id'),
    at: integer('at').notNull(),
  },
  // The log is read newest first, a page at a time, by id (the cursor).
  (t) => [index('send_log_corp_id').on(t.corpId, t.id)],
)
