import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { createDb } from '../db/client'
import { decodeCursorParts, decodeTimeIdCursor, encodeCursor, encodeTimeIdCursor, newerThan, olderThan } from './cursor'

describe('cursor encoding', () => {
  it('time-id cursor – round trip, URL-safe', () => {
    const c = encodeTimeIdCursor({ at: 1_750_000_000, id: 42 })
    expect(c).toMatch(/^[\w-]+$/)
    expect(decodeTimeIdCursor(c)).toEqual({ at: 1_750_000_000, id: 42 })
  })

  it.each([
    ['not base64 of a key', 'abc'],
    ['three parts', encodeCursor([1, 'tags', 2])],
    ['a negative id', encodeCursor([1, -2])],
    ['characters outside base64url', 'a+b/c='],
    ['an old business cursor', '1700000000-42'],
  ])('time-id cursor – %s – undefined', (_what, cursor) => {
    expect(decodeTimeIdCursor(cursor)).toBeUndefined()
  })

  it('parts – names and numbers come back as strings', () => {
    expect(decodeCursorParts(encodeCursor([100, 'tags', 5]))).toEqual(['100', 'tags', '5'])
  })
})

describe('keyset conditions', () => {
  /** Rows (at, id) in a table; the ids the condition keeps, in list order. */
  function keep(where: ReturnType<typeof olderThan>, order: 'asc' | 'desc') {
    const db = createDb(':memory:')
    db.run(sql`create table t (at integer, id integer)`)
    for (const [at, id] of [[10, 1], [20, 2], [20, 3], [20, 4], [30, 5]]) db.run(sql`insert into t values (${at}, ${id})`)
    const rows = db.all<{ id: number }>(sql`select id from t where ${where ?? sql`1`} order by at ${sql.raw(order)}, id ${sql.raw(order)}`)
    db.$client.close()
    return rows.map((r) => r.id)
  }

  it('olderThan – after (20, 3) newest first – the lower id of the same time, then older', () => {
    expect(keep(olderThan(sql`at`, sql`id`, { at: 20, id: 3 }), 'desc')).toEqual([2, 1])
  })

  it('newerThan – after (20, 3) oldest first – the higher id of the same time, then newer', () => {
    expect(keep(newerThan(sql`at`, sql`id`, { at: 20, id: 3 }), 'asc')).toEqual([4, 5])
  })

  it('no key – no condition (first page)', () => {
    expect(olderThan(sql`at`, sql`id`)).toBeUndefined()
    expect(newerThan(sql`at`, sql`id`)).toBeUndefined()
  })
})
