/**
 * How knowledge search matches and ranks, as plain functions. The repo stores what these
 * produce in contentless SQLite FTS5 tables with the trigram tokenizer, one per searched column
 * (title, similar, body) in two forms:
 *
 * - long (`knowledge_fts_title`, …): the text as it is, for queries of 3+ characters (a phrase
 *   of trigrams is an exact substring match);
 * - short (`knowledge_fts_title_short`, …): the text with SENTINEL around every character, so
 *   that each single character (`·a·`) and each pair of neighbours (`a·b`) is one trigram: 1-
 *   and 2-character queries, which plain trigrams cannot find, become one-term lookups.
 *
 * Every row carries a `scope` column holding the item's tree as one trigram (scopeToken), so
 * FTS5 intersects "in the trees this viewer may read" itself, and a rowid that sorts like the
 * ranking within a tier (rankRowid), so `ORDER BY rowid DESC LIMIT n` stops after n hits.
 *
 * A match is a substring match of folded text (foldText): NFKC, so full-width latin and digits
 * (ＶＩＰ, ｖｉｐ, １２３) equal their ASCII forms, then ASCII letters lower-cased. The indexes
 * hold folded text, queries are folded the same way, and small libraries read whole fold with
 * the same function registered in SQLite (FOLD_SQL). FTS5 folds case more widely, so what it
 * returns is re-checked with bestTier. Highlights are found in folded text and mapped back to
 * the original's offsets (foldWithOffsets).
 */
import type { KnowledgeHighlight, KnowledgeItem, KnowledgeMatchTier } from '@kelan/shared'

/** Never in indexed text (removed before indexing) nor in queries (KnowledgeSearchText drops controls). */
export const SENTINEL = '\u0001'

/**
 * Text for the short index: SENTINEL before, between and after its characters.
 *
 * @example interleave('金典') // '\u0001金\u0001典\u0001'
 */
export function interleave(text: string): string {
  const chars = [...text.replaceAll(SENTINEL, '')]
  return chars.length ? SENTINEL + chars.join(SENTINEL) + SENTINEL : ''
}

const PUA = 0xe000
const PUA_SIZE = 6400

/**
 * A tree id as three Private Use Area characters: exactly one trigram, unique per tree, with no
 * case to fold. It only ever appears in the `scope` column, so user text cannot collide with it.
 */
export function scopeToken(treeId: number): string {
  return String.fromCodePoint(
    PUA + (Math.floor(treeId / PUA_SIZE ** 2) % PUA_SIZE),
    PUA + (Math.floor(treeId / PUA_SIZE) % PUA_SIZE),
    PUA + (treeId % PUA_SIZE),
  )
}

/**
 * Uses beyond this rank like this many: the rowid must stay below 2^53 to survive as a JS number.
 * Items past a million uses keep their place among themselves by id.
 */
export const RANK_USE_CAP = 2 ** 20 - 1
/** Item ids stay below this; the rowid's low part. */
export const ID_SPACE = 2 ** 32

/** Where the rank of an item within its tier comes from: most used first, then newest. */
export interface Rank {
  tier: number
  /** The use count, capped at RANK_USE_CAP. */
  use: number
  id: number
}

export const rankUse = (useCount: number) => Math.min(useCount, RANK_USE_CAP)

/**
 * The FTS rowid of an item: its capped use count above its id (ids stay below 2^32), so
 * rowid order is (uses, id) order and the item id is the low 32 bits.
 */
export const rankRowid = (useCount: number, id: number) => rankUse(useCount) * ID_SPACE + id

export const rowidItemId = (rowid: number) => rowid % ID_SPACE
export const rowidUse = (rowid: number) => Math.floor(rowid / ID_SPACE)

export const TIER_COLUMNS = ['title', 'similar', 'body'] as const satisfies readonly KnowledgeMatchTier[]

/** Lower-cases ASCII letters only: same length, so offsets carry over to the original text. */
export const foldAscii = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase())

/**
 * A character with what NFKC may compose onto it (combining marks, Hangul vowel and final
 * jamo), or such characters with nothing before them: folding segment by segment gives the
 * same text as folding the whole, and each folded character one place in the original.
 */
const SEGMENT = /[^\p{M}\u1160-\u11FF\uD7B0-\uD7FF][\p{M}\u1160-\u11FF\uD7B0-\uD7FF]*|[\p{M}\u1160-\u11FF\uD7B0-\uD7FF]+/gu

/**
 * Text as search compares it: NFKC (full-width ＶＩＰ１２３ → VIP123, ① → 1, ㈱ → (株)), then
 * ASCII letters lower-cased.
 *
 * @example foldText('ＶＩＰ会员') // 'vip会员'
 */
export const foldText = (text: string): string => foldAscii(text.normalize('NFKC'))

/** Folded text with, for each of its UTF-16 units, the [start, end) it came from in the original. */
export interface FoldedText {
  text: string
  starts: number[]
  ends: number[]
}

/**
 * foldText with a map back to the original, built segment by segment (SEGMENT): a segment that
 * folds to the same length maps unit to unit; one that changes length (㈱ → (株)) maps each of
 * its folded units to the whole segment.
 */
export function foldWithOffsets(text: string): FoldedText {
  const starts: number[] = []
  const ends: number[] = []
  const normalized = text.normalize('NFKC')
  if (normalized === text) {
    for (let i = 0; i < text.length; i++) starts.push(i), ends.push(i + 1)
    return { text: foldAscii(text), starts, ends }
  }
  for (const match of text.matchAll(SEGMENT)) {
    const { index: start, 0: segment } = match
    const length = segment.normalize('NFKC').length
    for (let i = 0; i < length; i++) {
      const same = length === segment.length
      starts.push(same ? start + i : start)
      ends.push(same ? start + i + 1 : start + segment.length)
    }
  }
  return { text: foldAscii(normalized), starts, ends }
}

/** SQLite functions registered by the repo (prepareSearch): foldText, and bestTier of folded columns. */
export const FOLD_SQL = 'kelan_fold'
export const TIER_SQL = 'kelan_tier'

/** The searched texts of an item (columns title, similar, body). */
export interface SearchFields {
  title: string
  similar: string
  body: string
}

/**
 * The best place `folded` (a query through foldText) occurs in: 0 title, 1 similar questions, 2
 * body; null when it does not occur. Similar questions and answer parts are joined by line
 * breaks, which a query never holds, so a match never spans two of them.
 */
export function bestTier(fields: SearchFields, folded: string): number | null {
  const tier = TIER_COLUMNS.findIndex((column) => foldText(fields[column]).includes(folded))
  return tier === -1 ? null : tier
}

/**
 * What to ask FTS5 for `query`: which index, and the query as one quoted phrase. Quoting makes
 * every character literal: `"`, `*`, `-`, `OR`, `(`, `:` … are text, not syntax.
 *
 * @example ftsPhrase('金典') // { index: 'short', phrase: '"金\u0001典"' }
 */
export function ftsPhrase(query: string): { index: 'short' | 'long'; phrase: string } {
  const chars = [...query.replaceAll(SENTINEL, '')]
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`
  if (chars.length >= 3) return { index: 'long', phrase: quote(chars.join('')) }
  const text = chars.length === 1 ? SENTINEL + chars[0] + SENTINEL : chars.join(SENTINEL)
  return { index: 'short', phrase: quote(text) }
}

/** An FTS5 MATCH expression for a column's table: `phrase` in items of one of `treeIds`. */
export function ftsMatch(treeIds: readonly number[], phrase: string): string {
  const scopes = treeIds.map((id) => `"${scopeToken(id)}"`).join(' OR ')
  return `{scope} : (${scopes}) AND {text} : ${phrase}`
}

/** Best first: tier ascending, then uses descending, then id descending (newest). */
export const compareRank = (a: Rank, b: Rank) => a.tier - b.tier || b.use - a.use || b.id - a.id

/** The opaque `nextCursor`: the rank of the last hit returned. */
export const encodeCursor = (rank: Rank) => Buffer.from(JSON.stringify([rank.tier, rank.use, rank.id])).toString('base64url')

/** A cursor back into a rank; null when it is not one this server made. */
export function decodeCursor(cursor: string): Rank | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString())
    if (!Array.isArray(value) || value.length !== 3 || !value.every((n) => Number.isSafeInteger(n) && n >= 0)) return null
    const [tier, use, id] = value as [number, number, number]
    return tier < TIER_COLUMNS.length ? { tier, use, id } : null
  } catch {
    return null
  }
}

/**
 * Non-overlapping [start, end) ranges (UTF-16 offsets into `text` itself, not its folded form)
 * where `folded` (a query through foldText) occurs in `text`.
 *
 * @example matchRanges('iPhone 与 ＩＰＨＯＮＥ', 'iphone') // [[0, 6], [9, 15]]
 */
export function matchRanges(text: string, folded: string): [number, number][] {
  const haystack = foldWithOffsets(text)
  const ranges: [number, number][] = []
  for (let at = haystack.text.indexOf(folded); at !== -1 && folded; at = haystack.text.indexOf(folded, at + folded.length)) {
    const start = haystack.starts[at]!
    const end = haystack.ends[at + folded.length - 1]!
    const last = ranges.at(-1)
    // Two matches inside one expanded segment (㈱㈱ …) map to the same original characters.
    if (last && start < last[1]) last[1] = Math.max(last[1], end)
    else ranges.push([start, end])
  }
  return ranges
}

/** Where `folded` occurs in the fields of `item` that are shown, for highlighting. */
export function highlightsOf(item: KnowledgeItem, folded: string): KnowledgeHighlight[] {
  const fields: [KnowledgeHighlight['field'], number, string][] = []
  switch (item.kind) {
    case 'script':
      fields.push(['question', 0, item.question])
      item.similar.forEach((s, i) => fields.push(['similar', i, s]))
      item.answer.forEach((p, i) => p.type === 'text' && fields.push(['answer', i, p.text]))
      break
    case 'phrase':
      fields.push(['text', 0, item.text])
      break
    case 'link':
      fields.push(['title', 0, item.title], ['description', 0, item.description])
  }
  return fields.flatMap(([field, index, text]) => {
    const ranges = matchRanges(text, folded)
    return ranges.length ? [{ field, index, ranges }] : []
  })
}
