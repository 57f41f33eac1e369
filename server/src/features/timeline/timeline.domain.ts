/**
 * The customer timeline (客户动态) as plain functions: the opaque page cursor and the merge of
 * the per-source pages into one stream, newest first.
 *
 * Every source (relations added, tag events, follow-ups, …) is read page by page in the same
 * order, (at, rank, id) descending, where `rank` orders the sources among events of the same
 * second. The cursor is the last item shown, so the next page asks each source for what comes
 * strictly after it in that order: no item is shown twice or skipped, however many share a second.
 */
import { TimelineKind } from '@kelan/shared'
import { decodeCursorParts, encodeCursor, isCount } from '../../lib/cursor'

/** A timeline source; several kinds could share one, but today each kind has one source. */
export type TimelineSource = TimelineKind

/**
 * Order among events of the same second, in the order things happen: a relation is added,
 * then tagged, … then ended. The stream is newest first, so higher ranks come first.
 */
export const SOURCE_RANK: Record<TimelineSource, number> = {
  added: 1,
  tags: 2,
  remark: 3,
  mark: 4,
  followup: 5,
  business: 6,
  reminder: 7,
  removed: 8,
}

/** A point in the stream: the position of one item (its kind names its source). */
export interface StreamPosition {
  at: number
  kind: TimelineSource
  id: number
}

/** The timeline cursor for the item at `p`. */
export const encodeStreamCursor = (p: StreamPosition): string => encodeCursor([p.at, p.kind, p.id])

/** The position a timeline cursor names, or undefined when it is not one. */
export function decodeStreamCursor(cursor: string): StreamPosition | undefined {
  const parts = decodeCursorParts(cursor)
  if (!parts || parts.length !== 3) return undefined
  const [at, source, id] = parts
  const kind = TimelineKind.safeParse(source)
  if (!isCount(at) || !isCount(id) || !kind.success) return undefined
  return { at: Number(at), kind: kind.data, id: Number(id) }
}

/** -1, 0 or 1 as `a` comes before, with or after `b` in the stream (newest first). */
export function compareStream(a: StreamPosition, b: StreamPosition): number {
  return b.at - a.at || SOURCE_RANK[b.kind] - SOURCE_RANK[a.kind] || b.id - a.id
}

/**
 * What a source must return to come after `cursor`: its items whose (at, id) are below the
 * bound, where `inclusive` says whether items of the cursor's own second qualify (they do for
 * sources ranked below the cursor's, with any id) and `id` bounds them for the cursor's own
 * source. undefined: no bound (first page).
 */
export function sourceBound(
  source: TimelineSource,
  cursor: StreamPosition | undefined,
): { at: number; sameSecond: 'none' | 'all' | { idBelow: number } } | undefined {
  if (!cursor) return undefined
  const mine = SOURCE_RANK[source]
  const theirs = SOURCE_RANK[cursor.kind]
  if (mine < theirs) return { at: cursor.at, sameSecond: 'all' }
  if (mine > theirs) return { at: cursor.at, sameSecond: 'none' }
  return { at: cursor.at, sameSecond: { idBelow: cursor.id } }
}

/**
 * One page of the stream from per-source pages, each read with `limit + 1` rows after the
 * cursor: the `limit` first in stream order, and the cursor of the last one when anything is left.
 *
 * @example mergeStream([[a, b], [c]], 2) // { items: [newest two], nextCursor: '…' }
 */
export function mergeStream<T extends StreamPosition>(pages: readonly (readonly T[])[], limit: number): { items: T[]; nextCursor: string | null } {
  const all = pages.flat().sort(compareStream)
  const items = all.slice(0, limit)
  const last = items[items.length - 1]
  return { items, nextCursor: all.length > limit && last ? encodeStreamCursor(last) : null }
}
