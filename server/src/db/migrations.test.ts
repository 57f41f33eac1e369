/**
 * Migrations run on a database holding data written before them: a copy of drizzle/ cut
 * before the migration under test brings a file database to the old schema, rows are put in
 * with plain SQL, then createDb applies the rest.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createDb, MIGRATIONS_DIR, type Db } from './client'

/** A file database migrated up to (not including) the migration tagged `tag`. */
function databaseBefore(tag: string): { path: string; db: Db } {
  const dir = mkdtempSync(join(tmpdir(), 'kelan-migrate-'))
  const folder = join(dir, 'drizzle')
  cpSync(MIGRATIONS_DIR, folder, { recursive: true })
  const journalPath = join(folder, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] }
  const cut = journal.entries.findIndex((e) => e.tag === tag)
  if (cut < 0) throw new Error(`no migration ${tag}`)
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }))
  const path = join(dir, 'kelan.db')
  return { path, db: createDb(path, folder) }
}

const CORP = 'wwcorp'

/** A public 话术 tree with its root category; @returns the category id. */
function knowledgeTree(db: Db): number {
  const sqlite = db.$client
  const treeId = sqlite.prepare(`insert into knowledge_trees (corp_id, library, owner, kind) values (?, 'public', '', 'script')`).run(CORP).lastInsertRowid
  return Number(
    sqlite
      .prepare(`insert into knowledge_categories (corp_id, tree_id, parent_id, name, fixed, created_at, updated_at) values (?, ?, null, '全部', 'root', 1, 1)`)
      .run(CORP, treeId).lastInsertRowid,
  )
}

function knowledgeItem(db: Db, categoryId: number, item: { answer?: unknown[]; cover?: string }): number {
  const tree = db.$client.prepare('select tree_id from knowledge_categories where id = ?').pluck().get(categoryId)
  return Number(
    db.$client
      .prepare(
        `insert into knowledge_items (corp_id, tree_id, category_id, title, answer, cover, created_at, updated_at, created_by, updated_by)
         values (?, ?, ?, '资料', ?, ?, 1, 1, 'boss', 'boss')`,
      )
      .run(CORP, tree, categoryId, item.answer ? JSON.stringify(item.answer) : null, item.cover ?? null).lastInsertRowid,
  )
}

function attachment(db: Db, id: string): void {
  db.$client
    .prepare(`insert into attachments (id, corp_id, sha256, size, mime, kind, filename, purpose, owner, created_at) values (?, ?, ?, 1, 'image/png', 'image', 'a.png', 'knowledge', 'boss', 1)`)
    .run(id, CORP, `sha-${id}`)
}

function followup(db: Db, attachmentIds: string[]): number {
  return Number(
    db.$client
      .prepare(
        `insert into followups (corp_id, external_userid, type_id, type_name, author, text, attachment_ids, source, client_key, created_at)
         values (?, 'wmA', 1, '电话', 'lisi', '回访', ?, 'sidebar', ?, 1)`,
      )
      .run(CORP, JSON.stringify(attachmentIds), `k-${attachmentIds.join('-')}`).lastInsertRowid,
  )
}

const links = (db: Db) =>
  db.$client.prepare('select attachment_id as id, subject_kind as kind, subject_id as subject from attachment_links order by id, kind, subject').all()

describe('0008_review_fixes – attachment_links backfill', () => {
  it('items and follow-ups naming stored and missing files – linked to the stored files only', () => {
    const { path, db: before } = databaseBefore('0008_review_fixes')
    const category = knowledgeTree(before)
    for (const id of ['media', 'partCover', 'linkCover', 'fuFile']) attachment(before, id)
    const link = (cover: string | null) => ({ type: 'link', url: 'https://yili.com', title: '官网', description: '', cover })
    const script = knowledgeItem(before, category, {
      answer: [{ type: 'text', text: '请看' }, { type: 'image', attachmentId: 'media' }, { type: 'image', attachmentId: 'goneMedia' }, link('partCover'), link('goneCover'), link(null)],
    })
    const linkItem = knowledgeItem(before, category, { cover: 'linkCover' })
    knowledgeItem(before, category, { cover: 'goneLinkCover' })
    const fu = followup(before, ['fuFile', 'goneFuFile'])
    before.$client.close()

    const db = createDb(path)

    expect(links(db)).toEqual([
      { id: 'fuFile', kind: 'followup', subject: fu },
      { id: 'linkCover', kind: 'knowledge_item', subject: linkItem },
      { id: 'media', kind: 'knowledge_item', subject: script },
      { id: 'partCover', kind: 'knowledge_item', subject: script },
    ])
    db.$client.close()
  })
})
