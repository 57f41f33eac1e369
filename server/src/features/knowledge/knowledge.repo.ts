/**
 * Knowledge base storage: trees, categories, items, and the full-text indexes kept in step with
 * the items. The indexes are contentless FTS5 tables (custom migration knowledge_fts), one per
 * searched column and query length, that only this file writes: every item write here updates
 * them in the same transaction, so write items through these functions only
 * (rebuildSearchIndex repairs them otherwise). They hold folded text (knowledge.match foldText);
 * an index written by an older rule is rebuilt on first use (prepareSearch).
 */
import { and, asc, count, desc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm'
import type { Statement } from 'better-sqlite3'
import type { KnowledgeItemSort, KnowledgeKind, KnowledgeLibrary } from '@kelan/shared'
import { IMMEDIATE, type Db } from '../../db/client'
import { prepared } from '../../db/prepared'
import { attachmentLinks, knowledgeCategories, knowledgeItems, knowledgeTrees, settings } from '../../db/schema'
import { setAttachmentLinks } from '../attachments/attachments.repo'
import { attachmentIdsOf, type CategoryRecord, type ItemContent, type ItemRecord } from './knowledge.domain'
import {
  bestTier,
  FOLD_SQL,
  foldText,
  ftsMatch,
  ftsPhrase,
  ID_SPACE,
  interleave,
  RANK_USE_CAP,
  rankRowid,
  rankUse,
  scopeToken,
  TIER_COLUMNS,
  TIER_SQL,
  type Rank,
} from './knowledge.match'

// ---------------------------------------------------------------------------------------
// Trees

export interface TreeKey {
  library: KnowledgeLibrary
  /** The owner's userid for a personal library; '' for the public one. */
  owner: string
  kind: KnowledgeKind
}

export interface TreeRecord extends TreeKey {
  id: number
}

const treeColumns = { id: knowledgeTrees.id, library: knowledgeTrees.library, owner: knowledgeTrees.owner, kind: knowledgeTrees.kind }

export function findTree(db: Db, corpId: string, key: TreeKey): TreeRecord | undefined {
  const { library, owner, kind } = knowledgeTrees
  return db
    .select(treeColumns)
    .from(knowledgeTrees)
    .where(and(eq(knowledgeTrees.corpId, corpId), eq(library, key.library), eq(owner, key.owner), eq(kind, key.kind)))
    .get()
}

export function findTreeById(db: Db, corpId: string, id: number): TreeRecord | undefined {
  return db.select(treeColumns).from(knowledgeTrees).where(and(eq(knowledgeTrees.corpId, corpId), eq(knowledgeTrees.id, id))).get()
}

/**
 * The tree of `key`, created with its root 全部 and its 未分类 on first use. Only a missing tree
 * takes the write lock (reads of the category tree call this on every visit).
 */
export function ensureTree(db: Db, corpId: string, key: TreeKey, now: number): TreeRecord {
  const create = () => {
    const tree = db.insert(knowledgeTrees).values({ corpId, ...key }).returning(treeColumns).get()
    const stamp = { corpId, treeId: tree.id, createdAt: now, updatedAt: now }
    const root = db
      .insert(knowledgeCategories)
      .values({ ...stamp, parentId: null, name: '全部', fixed: 'root' })
      .returning({ id: knowledgeCategories.id })
      .get()
    db.insert(knowledgeCategories).values({ ...stamp, parentId: root.id, name: '未分类', fixed: 'uncategorized' }).run()
    return tree
  }
  return findTree(db, corpId, key) ?? db.transaction(() => findTree(db, corpId, key) ?? create(), IMMEDIATE)
}

const treesStatement = prepared((db) => {
  const { corpId, library, owner, kind } = knowledgeTrees
  return db
    .select(treeColumns)
    .from(knowledgeTrees)
    .where(
      and(
        eq(corpId, sql.placeholder('corpId')),
        sql`${kind} in (select value from json_each(${sql.placeholder('kinds')}))`,
        sql`((${library} = 'public' and ${owner} = '' and ${sql.placeholder('public')})
          or (${library} = 'personal' and ${owner} = ${sql.placeholder('owner')} and ${sql.placeholder('personal')}))`,
      ),
    )
    .prepare()
})

/** The trees of `libraries` × `kinds` that exist; personal ones of `owner` only. (Search's first read: prepared.) */
export function listTrees(db: Db, corpId: string, owner: string, libraries: readonly KnowledgeLibrary[], kinds: readonly KnowledgeKind[]): TreeRecord[] {
  const has = (library: KnowledgeLibrary) => (libraries.includes(library) ? 1 : 0)
  return treesStatement(db).all({ corpId, owner, kinds: JSON.stringify(kinds), public: has('public'), personal: has('personal') })
}

// ---------------------------------------------------------------------------------------
// Categories

const categoryColumns = {
  id: knowledgeCategories.id,
  parentId: knowledgeCategories.parentId,
  name: knowledgeCategories.name,
  sort: knowledgeCategories.sort,
  fixed: knowledgeCategories.fixed,
}

export function listCategories(db: Db, treeId: number): CategoryRecord[] {
  return db.select(categoryColumns).from(knowledgeCategories).where(eq(knowledgeCategories.treeId, treeId)).all()
}

export function findCategory(db: Db, corpId: string, id: number): (CategoryRecord & { treeId: number }) | undefined {
  return db
    .select({ ...categoryColumns, treeId: knowledgeCategories.treeId })
    .from(knowledgeCategories)
    .where(and(eq(knowledgeCategories.corpId, corpId), eq(knowledgeCategories.id, id)))
    .get()
}

/** The tree's 未分类 category. */
export function uncategorizedOf(db: Db, treeId: number): number {
  const row = db
    .select({ id: knowledgeCategories.id })
    .from(knowledgeCategories)
    .where(and(eq(knowledgeCategories.treeId, treeId), eq(knowledgeCategories.fixed, 'uncategorized')))
    .get()
  if (!row) throw new Error(`knowledge tree ${treeId} has no 未分类`)
  return row.id
}

export function insertCategory(
  db: Db,
  corpId: string,
  row: { treeId: number; parentId: number; name: string; sort: number },
  now: number,
): number {
  return db
    .insert(knowledgeCategories)
    .values({ corpId, ...row, createdAt: now, updatedAt: now })
    .returning({ id: knowledgeCategories.id })
    .get().id
}

export function renameCategory(db: Db, id: number, name: string, now: number): void {
  db.update(knowledgeCategories).set({ name, updatedAt: now }).where(eq(knowledgeCategories.id, id)).run()
}

/** Puts `orderedIds` under `parentId` in that order (sort 0, 1, …). */
export function placeCategories(db: Db, parentId: number, orderedIds: readonly number[], now: number): void {
  orderedIds.forEach((id, sort) => {
    db.update(knowledgeCategories).set({ parentId, sort, updatedAt: now }).where(eq(knowledgeCategories.id, id)).run()
  })
}

export function deleteCategory(db: Db, id: number): void {
  db.delete(knowledgeCategories).where(eq(knowledgeCategories.id, id)).run()
}

/** Items directly in each of `categoryIds` (categories without items are absent). */
export function itemCountsByCategory(db: Db, categoryIds: readonly number[]): Map<number, number> {
  const rows = db
    .select({ categoryId: knowledgeItems.categoryId, n: count() })
    .from(knowledgeItems)
    .where(inArray(knowledgeItems.categoryId, [...categoryIds]))
    .groupBy(knowledgeItems.categoryId)
    .all()
  return new Map(rows.map((r) => [r.categoryId, r.n]))
}

export function itemCountIn(db: Db, categoryId: number): number {
  return db.select({ n: count() }).from(knowledgeItems).where(eq(knowledgeItems.categoryId, categoryId)).get()?.n ?? 0
}

// ---------------------------------------------------------------------------------------
// Items

const itemColumns = {
  id: knowledgeItems.id,
  treeId: knowledgeItems.treeId,
  library: knowledgeTrees.library,
  owner: knowledgeTrees.owner,
  kind: knowledgeTrees.kind,
  categoryId: knowledgeItems.categoryId,
  title: knowledgeItems.title,
  similar: knowledgeItems.similar,
  answer: knowledgeItems.answer,
  url: knowledgeItems.url,
  description: knowledgeItems.description,
  cover: knowledgeItems.cover,
  body: knowledgeItems.body,
  seq: knowledgeItems.seq,
  useCount: knowledgeItems.useCount,
  createdAt: knowledgeItems.createdAt,
  updatedAt: knowledgeItems.updatedAt,
}

const selectItems = (db: Db) => db.select(itemColumns).from(knowledgeItems).innerJoin(knowledgeTrees, eq(knowledgeTrees.id, knowledgeItems.treeId))

export function findItem(db: Db, corpId: string, id: number): ItemRecord | undefined {
  return selectItems(db)
    .where(and(eq(knowledgeItems.corpId, corpId), eq(knowledgeItems.id, id)))
    .get()
}

const itemsByIdsStatement = prepared((db) =>
  selectItems(db)
    .where(sql`${knowledgeItems.id} in (select value from json_each(${sql.placeholder('ids')}))`)
    .prepare(),
)

/** The items of `ids` that exist (any order). */
export function itemsByIds(db: Db, ids: readonly number[]): ItemRecord[] {
  return ids.length ? itemsByIdsStatement(db).all({ ids: JSON.stringify(ids) }) : []
}

const referencesStatement = prepared((db) =>
  db
    .select({ library: knowledgeTrees.library, owner: knowledgeTrees.owner })
    .from(attachmentLinks)
    .innerJoin(knowledgeItems, and(eq(knowledgeItems.corpId, attachmentLinks.corpId), eq(knowledgeItems.id, attachmentLinks.subjectId)))
    .innerJoin(knowledgeTrees, eq(knowledgeTrees.id, knowledgeItems.treeId))
    .where(
      and(
        eq(attachmentLinks.corpId, sql.placeholder('corpId')),
        eq(attachmentLinks.attachmentId, sql.placeholder('id')),
        eq(attachmentLinks.subjectKind, 'knowledge_item'),
      ),
    )
    .prepare(),
)

/**
 * The libraries (and owners) of the items that use an attachment (a media part, a link part's
 * cover, a link's cover), through attachment_links: an index lookup on every download.
 */
export function attachmentReferences(db: Db, corpId: string, attachmentId: string): { library: KnowledgeLibrary; owner: string }[] {
  return referencesStatement(db).all({ corpId, id: attachmentId })
}

/** Writes which files an item uses (attachment_links), in the transaction that saves it. */
const linkFiles = (db: Db, corpId: string, id: number, content: Pick<ItemContent, 'answer' | 'cover'> | null) =>
  setAttachmentLinks(db, { corpId, kind: 'knowledge_item', id }, content ? attachmentIdsOf(content) : [])

export interface ItemListFilter {
  treeId: number
  /** A category and everything below it; null for the whole tree. */
  categoryIds: number[] | null
  /** Title contains, as search matches (a normalized query: no control characters). */
  q?: string | undefined
  sort: KnowledgeItemSort
  offset: number
  limit: number
}

/**
 * Items of the tree whose title contains `q`: the title index narrows them down (a scan of
 * 50,000 titles takes ~70 ms), the same rule as search checks them exactly.
 */
function titleContains(treeId: number, q: string): SQL {
  const folded = foldText(q)
  const { index, phrase } = ftsPhrase(folded)
  const table = sql.raw(ftsTable(index, 'title'))
  return sql`${knowledgeItems.id} in (select rowid % ${ID_SPACE} from ${table} where ${table} match ${ftsMatch([treeId], phrase)})
    and instr(${sql.raw(FOLD_SQL)}(${knowledgeItems.title}), ${folded}) > 0`
}

/** One page of a tree's items and how many there are in all. */
export function listItems(db: Db, filter: ItemListFilter): { rows: ItemRecord[]; total: number } {
  if (filter.q) prepareSearch(db)
  const where = and(
    eq(knowledgeItems.treeId, filter.treeId),
    filter.categoryIds ? inArray(knowledgeItems.categoryId, filter.categoryIds) : undefined,
    filter.q ? titleContains(filter.treeId, filter.q) : undefined,
  )
  const order: SQL[] =
    filter.sort === 'used'
      ? [desc(knowledgeItems.useCount), asc(knowledgeItems.seq), desc(knowledgeItems.id)]
      : [asc(knowledgeItems.seq), desc(knowledgeItems.updatedAt), desc(knowledgeItems.id)]
  const rows = selectItems(db)
    .where(where)
    .orderBy(...order)
    .limit(filter.limit)
    .offset(filter.offset)
    .all()
  const total = db.select({ n: count() }).from(knowledgeItems).where(where).get()?.n ?? 0
  return { rows, total }
}

/** An item to store: its content, place and who writes it. */
export interface NewItem {
  corpId: string
  treeId: number
  categoryId: number
  content: ItemContent
  seq: number
  by: string
  now: number
}

/** Inserts an item and indexes it. @returns its id */
export function insertItem(db: Db, item: NewItem): number {
  prepareSearch(db)
  return db.transaction(() => {
    const { corpId, treeId, categoryId, content, seq, by, now } = item
    const row = db
      .insert(knowledgeItems)
      .values({ corpId, treeId, categoryId, ...content, seq, useCount: 0, createdAt: now, updatedAt: now, createdBy: by, updatedBy: by })
      .returning({ id: knowledgeItems.id })
      .get()
    indexItem(db, { id: row.id, treeId, useCount: 0, ...content })
    linkFiles(db, corpId, row.id, content)
    return row.id
  })
}

/** Replaces an item's content and place, and re-indexes it. */
export function updateItem(db: Db, before: ItemRecord, change: { content: ItemContent; categoryId: number; seq: number; by: string; now: number }): void {
  prepareSearch(db)
  db.transaction(() => {
    const { content, categoryId, seq, by, now } = change
    const row = db
      .update(knowledgeItems)
      .set({ ...content, categoryId, seq, updatedAt: now, updatedBy: by })
      .where(eq(knowledgeItems.id, before.id))
      .returning({ corpId: knowledgeItems.corpId })
      .get()
    unindexItem(db, before)
    indexItem(db, { ...before, ...content })
    if (row) linkFiles(db, row.corpId, before.id, content)
  })
}

/** Sets 序号 only: not a content change (最近更新时间 stays), not searched. */
export function setItemSeq(db: Db, id: number, seq: number): void {
  db.update(knowledgeItems).set({ seq }).where(eq(knowledgeItems.id, id)).run()
}

export function deleteItem(db: Db, item: ItemRecord): void {
  prepareSearch(db)
  db.transaction(() => {
    unindexItem(db, item)
    const row = db.delete(knowledgeItems).where(eq(knowledgeItems.id, item.id)).returning({ corpId: knowledgeItems.corpId }).get()
    if (row) linkFiles(db, row.corpId, item.id, null)
  })
}

/**
 * Counts one use. The search rank holds the use count, so the item is re-indexed under its new
 * rowid (until RANK_USE_CAP, past which the rank no longer moves). @returns the new count
 */
export function recordUse(db: Db, item: ItemRecord): number {
  prepareSearch(db)
  return db.transaction(() => {
    const { useCount } = db
      .update(knowledgeItems)
      .set({ useCount: sql`${knowledgeItems.useCount} + 1` })
      .where(eq(knowledgeItems.id, item.id))
      .returning({ useCount: knowledgeItems.useCount })
      .get()!
    if (rankUse(useCount) !== rankUse(item.useCount)) {
      unindexItem(db, item)
      indexItem(db, { ...item, useCount })
    }
    return useCount
  })
}

// ---------------------------------------------------------------------------------------
// Search index

type Indexed = Pick<ItemRecord, 'id' | 'treeId' | 'useCount' | 'title' | 'similar' | 'body'>

export type FtsIndex = 'long' | 'short'
type FtsColumn = (typeof TIER_COLUMNS)[number]

/** The FTS5 table of one column: `knowledge_fts_title`, `knowledge_fts_title_short`, …. */
const ftsTable = (index: FtsIndex, column: FtsColumn) => `knowledge_fts_${column}${index === 'short' ? '_short' : ''}`

/** One prepared statement per FTS table, built from its name. */
function perTable(build: (db: Db, table: string) => Statement) {
  const statements = new Map<string, (db: Db) => Statement>()
  for (const index of ['long', 'short'] as const) {
    for (const column of TIER_COLUMNS) {
      const table = ftsTable(index, column)
      statements.set(table, prepared((db) => build(db, table)))
    }
  }
  return (db: Db, index: FtsIndex, column: FtsColumn) => statements.get(ftsTable(index, column))!(db)
}

const ftsInsert = perTable((db, t) => db.$client.prepare(`insert into ${t} (rowid, scope, text) values (?, ?, ?)`))
const ftsDelete = perTable((db, t) => db.$client.prepare(`delete from ${t} where rowid = ?`))
const ftsCandidatesStatement = perTable((db, t) =>
  db.$client.prepare(`select rowid from ${t} where ${t} match ? and rowid < ? order by rowid desc limit ?`).pluck(),
)

/** Adds the item to the long and short table of each non-empty column, as folded text. */
function indexItem(db: Db, item: Indexed): void {
  const rowid = rankRowid(item.useCount, item.id)
  const scope = scopeToken(item.treeId)
  for (const column of TIER_COLUMNS) {
    if (!item[column]) continue
    const text = foldText(item[column])
    ftsInsert(db, 'long', column).run(rowid, scope, text)
    ftsInsert(db, 'short', column).run(rowid, scope, interleave(text))
  }
}

/** Removes what indexItem added for the item as it was (`item` holds its old values). */
function unindexItem(db: Db, item: Indexed): void {
  const rowid = rankRowid(item.useCount, item.id)
  for (const column of TIER_COLUMNS) {
    if (!item[column]) continue
    ftsDelete(db, 'long', column).run(rowid)
    ftsDelete(db, 'short', column).run(rowid)
  }
}

/** Empties the indexes and indexes every item again (after a bulk load, or to repair them). @returns items indexed */
export function rebuildSearchIndex(db: Db): number {
  const page = (afterId: number) =>
    db
      .select({
        id: knowledgeItems.id,
        treeId: knowledgeItems.treeId,
        useCount: knowledgeItems.useCount,
        title: knowledgeItems.title,
        similar: knowledgeItems.similar,
        body: knowledgeItems.body,
      })
      .from(knowledgeItems)
      .where(gt(knowledgeItems.id, afterId))
      .orderBy(asc(knowledgeItems.id))
      .limit(1000)
      .all()
  return db.transaction(() => {
    for (const index of ['long', 'short'] as const) {
      for (const column of TIER_COLUMNS) {
        const table = ftsTable(index, column)
        db.$client.exec(`insert into ${table} (${table}) values ('delete-all')`)
      }
    }
    let n = 0
    // In pages: better-sqlite3 cannot write while a read is still being iterated.
    for (let rows = page(0); rows.length; rows = page(rows.at(-1)!.id)) {
      for (const row of rows) indexItem(db, row)
      n += rows.length
    }
    db.insert(settings)
      .values({ ...INDEX_VERSION_KEY, value: SEARCH_INDEX_VERSION })
      .onConflictDoUpdate({ target: [settings.corpId, settings.key], set: { value: SEARCH_INDEX_VERSION } })
      .run()
    return n
  })
}

/**
 * What the indexes hold: 1 the text as it is, 2 folded text (foldText). Kept as a setting of no
 * corp (the indexes serve all of them), written by rebuildSearchIndex.
 */
export const SEARCH_INDEX_VERSION = 2
const INDEX_VERSION_KEY = { corpId: '', key: 'knowledge.searchIndexVersion' }

const searchReady = new WeakSet<Db>()

/**
 * Makes a database ready for search, once per connection: foldText and bestTier registered as
 * the SQLite functions FOLD_SQL and TIER_SQL, and the indexes rebuilt when an older version wrote them (a database from
 * before folding: its rows would not be found by folded queries). Search and the list filter
 * and every item write call it first, so an upgraded server re-indexes on its first search or
 * write, without a migration.
 */
export function prepareSearch(db: Db): void {
  if (searchReady.has(db)) return
  const text = (value: unknown) => (typeof value === 'string' ? value : '')
  db.$client.function(FOLD_SQL, { deterministic: true }, (value: unknown) => foldText(text(value)))
  // One call a row rather than a fold a column: a JS call costs about as much as the fold.
  db.$client.function(TIER_SQL, { deterministic: true }, (title: unknown, similar: unknown, body: unknown, q: unknown) =>
    bestTier({ title: text(title), similar: text(similar), body: text(body) }, text(q)),
  )
  const stored = db
    .select({ value: settings.value })
    .from(settings)
    .where(and(eq(settings.corpId, INDEX_VERSION_KEY.corpId), eq(settings.key, INDEX_VERSION_KEY.key)))
    .get()
  if (stored?.value !== SEARCH_INDEX_VERSION) rebuildSearchIndex(db)
  searchReady.add(db)
}

/** Every rowid in each FTS table (by table name), for checking that they match the items. */
export function indexedRowids(db: Db): Record<string, number[]> {
  const out: Record<string, number[]> = {}
  for (const index of ['long', 'short'] as const) {
    for (const column of TIER_COLUMNS) {
      const table = ftsTable(index, column)
      out[table] = db.$client.prepare(`select rowid from ${table} order by rowid`).pluck().all() as number[]
    }
  }
  return out
}

/** Up to `limit` rowids of the `column` table of `index` matching `match`, below `before`, highest first. */
export function ftsCandidates(db: Db, index: FtsIndex, column: FtsColumn, match: string, before: number, limit: number): number[] {
  prepareSearch(db)
  return ftsCandidatesStatement(db, index, column).all(match, before, limit) as number[]
}

const countUpTo = prepared((db) =>
  db.$client
    .prepare('select count(*) from (select 1 from knowledge_items where tree_id in (select value from json_each(?)) limit ?)')
    .pluck(),
)

/** How many items the trees hold, counting no further than `limit` (so it costs at most that). */
export function itemCountUpTo(db: Db, treeIds: readonly number[], limit: number): number {
  return treeIds.length ? (countUpTo(db).get(JSON.stringify(treeIds), limit) as number) : 0
}

const scanStatement = prepared((db) =>
  db.$client.prepare(`
    with scored as materialized (
      -- Materialized: a flattened subquery would call TIER_SQL once per mention of tier.
      select id, min(use_count, ${RANK_USE_CAP}) as use,
        ${TIER_SQL}(title, similar, body, :q) as tier
      from knowledge_items
      where tree_id in (select value from json_each(:trees))
    )
    select tier, use, id from scored
    where tier is not null and (tier > :tier or (tier = :tier and (use < :use or (use = :use and id < :id))))
    order by tier, use desc, id desc
    limit :limit`),
)

/**
 * Search by reading every item of `treeIds`: for small trees (a personal library) this beats
 * intersecting a few hundred items with the large posting lists of common characters.
 *
 * @param folded the query through foldText (the items are folded by the same function in SQL)
 * @returns up to `limit` ranks after `after`, best first
 */
export function scanTrees(db: Db, treeIds: readonly number[], folded: string, after: Rank | null, limit: number): Rank[] {
  if (!treeIds.length) return []
  prepareSearch(db) // before the statement is prepared: it calls FOLD_SQL
  const from = after ?? { tier: -1, use: 0, id: 0 }
  return scanStatement(db).all({ q: folded, trees: JSON.stringify(treeIds), ...from, limit }) as Rank[]
}
