/** Storage of sensitive words and the send log. Every query is limited to one corp. */
import { and, count, desc, eq, lt, sql } from 'drizzle-orm'
import type { SendLogEntry, SensitiveAction, SensitiveWord } from '@kelan/shared'
import type { Db } from '../../db/client'
import { sendLog, sensitiveWords, staff } from '../../db/schema'
import type { NewWord } from './sensitive.domain'
import type { MatchableWord } from './sensitive.matcher'

const wordColumns = {
  id: sensitiveWords.id,
  word: sensitiveWords.word,
  action: sensitiveWords.action,
  createdAt: sensitiveWords.createdAt,
}

/** The corp's words, newest first. */
export function listWords(db: Db, corpId: string): SensitiveWord[] {
  return db
    .select(wordColumns)
    .from(sensitiveWords)
    .where(eq(sensitiveWords.corpId, corpId))
    .orderBy(desc(sensitiveWords.createdAt), desc(sensitiveWords.id))
    .all()
}

/** What the matcher is built from. */
export function matchableWords(db: Db, corpId: string): MatchableWord[] {
  return db.select({ word: sensitiveWords.word, action: sensitiveWords.action }).from(sensitiveWords).where(eq(sensitiveWords.corpId, corpId)).all()
}

export function wordKeys(db: Db, corpId: string): Set<string> {
  return new Set(
    db
      .select({ key: sensitiveWords.wordKey })
      .from(sensitiveWords)
      .where(eq(sensitiveWords.corpId, corpId))
      .all()
      .map((r) => r.key),
  )
}

export function countWords(db: Db, corpId: string): number {
  return db.select({ n: count() }).from(sensitiveWords).where(eq(sensitiveWords.corpId, corpId)).get()?.n ?? 0
}

/**
 * Inserts words; one whose key the corp already has (a concurrent insert) is left out by the
 * unique index rather than failing the batch. Returns the rows created, in input order.
 */
export function insertWords(
  db: Db,
  corpId: string,
  words: readonly NewWord[],
  meta: { action: SensitiveAction; at: number; by: string },
): SensitiveWord[] {
  if (words.length === 0) return []
  const rows = words.map((w) => ({ corpId, word: w.word, wordKey: w.key, action: meta.action, createdAt: meta.at, createdBy: meta.by }))
  return db.insert(sensitiveWords).values(rows).onConflictDoNothing().returning(wordColumns).all().sort((a, b) => a.id - b.id)
}

/** Sets a word's action; undefined when the corp has no such word. */
export function updateAction(db: Db, corpId: string, id: number, action: SensitiveAction): SensitiveWord | undefined {
  return db
    .update(sensitiveWords)
    .set({ action })
    .where(and(eq(sensitiveWords.corpId, corpId), eq(sensitiveWords.id, id)))
    .returning(wordColumns)
    .get()
}

/** Deletes a word; false when the corp has no such word. */
export function deleteWord(db: Db, corpId: string, id: number): boolean {
  return db.delete(sensitiveWords).where(and(eq(sensitiveWords.corpId, corpId), eq(sensitiveWords.id, id))).run().changes > 0
}

/** A log row as the service builds it from the check's token and the client's item and chat. */
export type NewSendLog = Pick<SendLogEntry, 'itemId' | 'text' | 'outcome' | 'words' | 'chatId'>

export function insertSendLog(db: Db, corpId: string, userid: string, input: NewSendLog, at: number): void {
  db.insert(sendLog)
    .values({ corpId, userid, itemId: input.itemId, text: input.text, outcome: input.outcome, words: input.words, chatId: input.chatId, at })
    .run()
}

/**
 * One page of the log, newest first, with the sender's name (their userid when they are not
 * in the staff table, e.g. removed by a sync). `cursor` is the last id of the page before.
 */
export function sendLogPage(db: Db, corpId: string, page: { cursor?: number; limit: number }): { items: SendLogEntry[]; nextCursor: number | null } {
  const rows = db
    .select({
      id: sendLog.id,
      userid: sendLog.userid,
      userName: sql<string>`coalesce(${staff.name}, ${sendLog.userid})`,
      itemId: sendLog.itemId,
      text: sendLog.text,
      outcome: sendLog.outcome,
      words: sendLog.words,
      chatId: sendLog.chatId,
      at: sendLog.at,
    })
    .from(sendLog)
    .leftJoin(staff, and(eq(staff.corpId, sendLog.corpId), eq(staff.userid, sendLog.userid)))
    .where(and(eq(sendLog.corpId, corpId), page.cursor === undefined ? undefined : lt(sendLog.id, page.cursor)))
    .orderBy(desc(sendLog.id))
    .limit(page.limit + 1)
    .all()
  const items = rows.slice(0, page.limit)
  return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null }
}
