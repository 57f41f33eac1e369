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
 * A match is a substring match, case-insensitive for ASCII letters only (as SQLite's lower()
 * and instr() see it when small libraries are read whole). FTS5 folds case more widely, so what
 * it returns is re-checked with bestTier.
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

/** The searched texts of an item (columns title, similar, body). */
export interface SearchFields {
  title: string
  similar: string
  body: string
}

/**
 * The best place `folded` (a folded query) occurs in: 0 title, 1 similar questions, 2 body; null
 * when it does not occur. Similar questions and answer parts are joined by line breaks, which a
 * query never holds, so a match never spans two of them.
 */
export function bestTier(fields: SearchFields, folded: string): number | null {
  const tier = TIER_COLUMNS.findIndex((column) => foldAscii(fields[column]).includes(folded))
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
 * Non-overlapping [start, end) ranges (UTF-16 offsets) where `folded` occurs in `text`.
 *
 * @example matchRanges('iPhone 与 IPHONE', 'iphone') // [[0, 6], [9, 15]]
 */
export function matchRanges(text: string, folded: string): [number, number][] {
  const haystack = foldAscii(text)
  const ranges: [number, number][] = []
  for (let at = haystack.indexOf(folded); at !== -1 && folded; at = haystack.indexOf(folded, at + folded.length)) {
    ranges.push([at, at + folded.length])
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
