import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { createDb, type Db } from '../../db/client'
import { tagGroups, tags } from '../../db/schema'
import { makeTag, makeTagGroup, seed, TEST_CORP_ID } from '../../test/helpers'
import { tagDictionary } from './tag-dictionary'

/** One group (客户等级, green) with A类 (own colour null) and B类 (pink). */
function libraryDb(path = ':memory:'): Db {
  const db = createDb(path)
  seed(db, {
    tagGroups: [makeTagGroup({ color: 'green' })],
    tags: [makeTag({ id: 'etA', name: 'A类' }), makeTag({ id: 'etB', name: 'B类', color: 'pink' })],
  })
  return db
}

const nameOf = (db: Db, id: string) => tagDictionary(db, TEST_CORP_ID).get(id)?.name
const rename = (db: Db, id: string, name: string) => db.update(tags).set({ name }).where(eq(tags.id, id)).run()

describe('tagDictionary', () => {
  const dirs: string[] = []
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

  it('tagDictionary – a library – each tag with its group and the colour it draws in', () => {
    const library = tagDictionary(libraryDb(), TEST_CORP_ID)
    expect(library.get('etA')).toMatchObject({ name: 'A类', color: 'green', groupId: 'etGROUP01', groupName: '客户等级', exclusive: false })
    expect(library.get('etB')?.color).toBe('pink')
  })

  it('tagDictionary – another corp – its tags left out', () => {
    const db = libraryDb()
    expect(tagDictionary(db, 'wwOTHERCORP').size).toBe(0)
  })

  it('tagDictionary – tag renamed after a read – the next read has the new name', () => {
    const db = libraryDb()
    expect(nameOf(db, 'etA')).toBe('A类')
    rename(db, 'etA', '重点客户')
    expect(nameOf(db, 'etA')).toBe('重点客户')
  })

  it('tagDictionary – group made 互斥 and a tag deleted after a read – both seen', () => {
    const db = libraryDb()
    tagDictionary(db, TEST_CORP_ID)
    db.update(tagGroups).set({ exclusive: true }).run()
    db.delete(tags).where(eq(tags.id, 'etB')).run()
    const library = tagDictionary(db, TEST_CORP_ID)
    expect(library.get('etA')?.exclusive).toBe(true)
    expect(library.has('etB')).toBe(false)
  })

  it('tagDictionary – rename rolled back after a read inside its transaction – the old name again', () => {
    const db = libraryDb()
    expect(nameOf(db, 'etA')).toBe('A类')
    expect(() =>
      db.transaction(() => {
        rename(db, 'etA', '草稿')
        expect(nameOf(db, 'etA')).toBe('草稿')
        throw new Error('rollback')
      }),
    ).toThrow('rollback')
    expect(nameOf(db, 'etA')).toBe('A类')
  })

  it('tagDictionary – rolled-back rename read inside its transaction, then a committed one – the committed name', () => {
    const db = libraryDb()
    nameOf(db, 'etA')
    expect(() =>
      db.transaction(() => {
        rename(db, 'etA', '草稿')
        nameOf(db, 'etA')
        throw new Error('rollback')
      }),
    ).toThrow('rollback')
    // Nothing read in between: a version that merely counted writes would be back where the draft was read.
    rename(db, 'etA', '重点客户')
    expect(nameOf(db, 'etA')).toBe('重点客户')
  })

  it('tagDictionary – first read inside a transaction that rolls back – later writes still seen', () => {
    const db = libraryDb()
    expect(() =>
      db.transaction(() => {
        expect(nameOf(db, 'etA')).toBe('A类')
        throw new Error('rollback')
      }),
    ).toThrow('rollback')
    expect(nameOf(db, 'etA')).toBe('A类')
    rename(db, 'etA', '重点客户')
    expect(nameOf(db, 'etA')).toBe('重点客户')
  })

  it('tagDictionary – another connection renames a tag – seen by this one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kelan-dict-'))
    dirs.push(dir)
    const db = libraryDb(join(dir, 'kelan.db'))
    const other = createDb(join(dir, 'kelan.db'))
    expect(nameOf(db, 'etA')).toBe('A类')
    rename(other, 'etA', '重点客户')
    expect(nameOf(db, 'etA')).toBe('重点客户')
    other.$client.close()
    db.$client.close()
  })
})
