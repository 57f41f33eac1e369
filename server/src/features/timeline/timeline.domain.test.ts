import { describe, expect, it } from 'vitest'
import { decodeTimeIdCursor, encodeCursor } from '../../lib/cursor'
import {
  compareStream,
  decodeStreamCursor,
  encodeStreamCursor,
  mergeStream,
  sourceBound,
  type StreamPosition,
} from './timeline.domain'

const at = (t: number, kind: StreamPosition['kind'], id: number): StreamPosition => ({ at: t, kind, id })

describe('timeline cursor', () => {
  it('encode then decode – same position', () => {
    const p = at(1_750_000_000, 'followup', 42)
    expect(decodeStreamCursor(encodeStreamCursor(p))).toEqual(p)
  })

  it('encoded cursor – URL-safe', () => {
    expect(encodeStreamCursor(at(1_750_000_000, 'business', 7))).toMatch(/^[\w-]+$/)
  })

  it.each([
    ['not base64 of a position', 'hello'],
    ['an unknown kind', encodeCursor([1, 'chat', 2])],
    ['a negative id', encodeCursor([1, 'tags', -2])],
    ['too few parts', encodeCursor([1, 'tags'])],
    ['characters outside base64url', 'a+b/c='],
  ])('decode – %s – undefined', (_what, cursor) => {
    expect(decodeStreamCursor(cursor)).toBeUndefined()
  })

  it('time-id cursor – round trip, and a stream cursor is not one', () => {
    expect(decodeTimeIdCursor(encodeCursor([100, 5]))).toEqual({ at: 100, id: 5 })
    expect(decodeTimeIdCursor(encodeStreamCursor(at(100, 'tags', 5)))).toBeUndefined()
  })
})

describe('stream order', () => {
  it('newest first; same second – later kind first; same kind – higher id first', () => {
    const items = [at(10, 'tags', 1), at(20, 'added', 1), at(10, 'removed', 1), at(10, 'tags', 2), at(10, 'added', 9)]
    expect([...items].sort(compareStream)).toEqual([at(20, 'added', 1), at(10, 'removed', 1), at(10, 'tags', 2), at(10, 'tags', 1), at(10, 'added', 9)])
  })

  it('sourceBound – lower-ranked source keeps the cursor second, higher drops it, same bounds the id', () => {
    const c = at(100, 'followup', 7)
    expect(sourceBound('tags', c)).toEqual({ at: 100, sameSecond: 'all' })
    expect(sourceBound('removed', c)).toEqual({ at: 100, sameSecond: 'none' })
    expect(sourceBound('followup', c)).toEqual({ at: 100, sameSecond: { idBelow: 7 } })
    expect(sourceBound('followup', undefined)).toBeUndefined()
  })
})

describe('mergeStream', () => {
  /** Reads a source's page the way the repo does: after the cursor, in stream order, limit + 1. */
  function readPage(rows: StreamPosition[], cursor: StreamPosition | undefined, limit: number) {
    return rows
      .filter((r) => !cursor || compareStream(r, cursor) > 0)
      .sort(compareStream)
      .slice(0, limit + 1)
  }

  it('pages through three sources sharing seconds – every item once, in order', () => {
    const sources = [
      [at(10, 'tags', 1), at(10, 'tags', 2), at(12, 'tags', 3)],
      [at(10, 'followup', 1), at(11, 'followup', 2)],
      [at(10, 'added', 1), at(12, 'added', 2), at(9, 'added', 3)],
    ]
    const seen: StreamPosition[] = []
    let cursor: string | null = null
    for (let guard = 0; guard < 10; guard++) {
      const c: StreamPosition | undefined = cursor ? decodeStreamCursor(cursor) : undefined
      const page: { items: StreamPosition[]; nextCursor: string | null } = mergeStream(sources.map((s) => readPage(s, c, 3)), 3)
      seen.push(...page.items)
      cursor = page.nextCursor
      if (!cursor) break
    }
    expect(seen).toEqual(sources.flat().sort(compareStream))
    expect(new Set(seen.map((p) => `${p.kind}${p.id}`)).size).toBe(8)
  })

  it('exactly a page – no next cursor', () => {
    expect(mergeStream([[at(2, 'tags', 1)], [at(1, 'added', 1)]], 2).nextCursor).toBeNull()
  })

  it('more than a page – cursor of the last item shown', () => {
    const page = mergeStream([[at(3, 'tags', 1), at(2, 'tags', 2)], [at(1, 'added', 1)]], 2)
    expect(decodeStreamCursor(page.nextCursor!)).toEqual(at(2, 'tags', 2))
  })
})
