/**
 * Opaque page cursors and the keyset conditions that read the page after one. Lists that page
 * newest first by (time, id) — follow-ups, reminders, business records, each timeline source —
 * share these, so a cursor looks and decodes the same everywhere.
 */
import { sql, type SQL } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'

/** A position in a list ordered by time, then id. */
export interface TimeIdKey {
  at: number
  id: number
}

/**
 * An opaque, URL-safe cursor for a list of integers and short names, e.g. (at, kind, id).
 *
 * @example encodeCursor([1700000000, 'tags', 12]) // 'MTcwMDAwMDAwMC50YWdzLjEy'
 */
export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(parts.join('.'), 'utf8').toString('base64url')
}

/** The parts of a cursor made by `encodeCursor`, or undefined when it is not one. */
export function decodeCursorParts(cursor: string): string[] | undefined {
  if (!/^[\w-]+$/.test(cursor)) return undefined
  const text = Buffer.from(cursor, 'base64url').toString('utf8')
  if (!/^[\w.]+$/.test(text)) return undefined
  return text.split('.')
}

/** Whether a cursor part is a count (a time or an id) that fits a JS number exactly. */
export const isCount = (s: string | undefined): s is string => s !== undefined && /^\d{1,15}$/.test(s)

/** The cursor of the item at (at, id) in a list ordered by time then id. */
export const encodeTimeIdCursor = (key: TimeIdKey): string => encodeCursor([key.at, key.id])

/** A (time, id) cursor made by `encodeTimeIdCursor`, or undefined when malformed. */
export function decodeTimeIdCursor(cursor: string): TimeIdKey | undefined {
  const parts = decodeCursorParts(cursor)
  if (!parts || parts.length !== 2 || !isCount(parts[0]) || !isCount(parts[1])) return undefined
  return { at: Number(parts[0]), id: Number(parts[1]) }
}

type Column = SQL | SQLiteColumn

/**
 * The rows strictly after `key` in a list ordered by (at desc, id desc): older, or as old
 * with a lower id. Written as a row-value comparison so SQLite reads an index on (…, at, id)
 * as one range. undefined without a key (first page).
 */
export const olderThan = (at: Column, id: Column, key?: TimeIdKey): SQL | undefined =>
  key ? sql`(${at}, ${id}) < (${key.at}, ${key.id})` : undefined

/** The rows strictly after `key` in a list ordered by (at asc, id asc). undefined without a key. */
export const newerThan = (at: Column, id: Column, key?: TimeIdKey): SQL | undefined =>
  key ? sql`(${at}, ${id}) > (${key.at}, ${key.id})` : undefined
