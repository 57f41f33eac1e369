/**
 * Knowledge search: one query over question, similar questions, answer text, phrase text, link
 * title and description, in the public library and the viewer's own. See knowledge.match.ts
 * for how matching and ranking work.
 *
 * Each group of trees (the public ones, the viewer's personal ones) is searched the cheaper way
 * for its size: a small one by reading its items (repo.scanTrees), a large one through the FTS
 * indexes, tier by tier, newest-rank first, stopping as soon as the page is full. Both ways
 * return the same hits in the same order (tested), and merge by rank.
 */
import { KnowledgeKind, type KnowledgeLibrary, type KnowledgeSearchHit, type KnowledgeSearchPage, type KnowledgeSearchQuery } from '@kelan/shared'
import type { Viewer } from '../../app-env'
import type { Db } from '../../db/client'
import type { Deps } from '../../deps'
import { AppError } from '../../lib/errors'
import { toKnowledgeItem, type ItemRecord } from './knowledge.domain'
import { itemFiles } from './knowledge.files'
import {
  bestTier,
  compareRank,
  decodeCursor,
  encodeCursor,
  foldText,
  ftsMatch,
  ftsPhrase,
  highlightsOf,
  rankRowid,
  rowidItemId,
  rowidUse,
  TIER_COLUMNS,
  type Rank,
} from './knowledge.match'
import * as repo from './knowledge.repo'

/**
 * Trees holding at most this many items together are read whole rather than searched through
 * the index: ~2 µs an item (folding each text in JS costs about as much as SQLite's own
 * reading), so ≤ 2 ms, and no posting-list intersection.
 */
export const SCAN_LIMIT = 1000

/** Extra candidates per FTS round, for those dropped by the re-check (e.g. matched a better tier). */
const OVERFETCH = 10

export interface SearchOptions {
  /** Tests set it to force one way or the other. */
  scanLimit?: number
}

/**
 * One page of hits, best first: matches in the question / text / title, then in similar
 * questions, then in the answer / description; within each, most used first, then newest.
 *
 * @throws AppError VALIDATION_FAILED (400) for a cursor this server did not make
 */
export function searchKnowledge(deps: Deps, viewer: Viewer, query: KnowledgeSearchQuery, options: SearchOptions = {}): KnowledgeSearchPage {
  const { db, corpId } = deps
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor)
  if (query.cursor !== undefined && !after) throw new AppError('VALIDATION_FAILED', 400, '翻页参数不正确，请重新搜索')
  const libraries: KnowledgeLibrary[] = query.library === 'all' ? ['public', 'personal'] : [query.library]
  const trees = repo.listTrees(db, corpId, viewer.userid, libraries, query.kind ? [query.kind] : KnowledgeKind.options)
  const folded = foldText(query.q)
  const want = query.limit + 1
  const scanLimit = options.scanLimit ?? SCAN_LIMIT
  const rows = new Map<number, ItemRecord>()
  const ranks = libraries.flatMap((library) => {
    const treeIds = trees.filter((t) => t.library === library).map((t) => t.id)
    if (repo.itemCountUpTo(db, treeIds, scanLimit + 1) <= scanLimit) return repo.scanTrees(db, treeIds, folded, after, want)
    return indexedSearch(db, treeIds, folded, after, want, rows)
  })
  ranks.sort(compareRank)
  const page = ranks.slice(0, query.limit)
  const missing = page.filter((r) => !rows.has(r.id)).map((r) => r.id)
  for (const row of repo.itemsByIds(db, missing)) rows.set(row.id, row)
  const files = itemFiles(deps, page.flatMap((r) => rows.get(r.id) ?? []))
  const hits = page.flatMap((rank): KnowledgeSearchHit[] => {
    const row = rows.get(rank.id)
    if (!row) return []
    const item = toKnowledgeItem(row, files)
    return [{ item, matchedIn: TIER_COLUMNS[rank.tier]!, highlights: highlightsOf(item, folded) }]
  })
  return { hits, nextCursor: ranks.length > query.limit ? encodeCursor(page.at(-1)!) : null }
}

/**
 * Up to `want` ranks after `after` for `folded` (the query through foldText) from the FTS
 * indexes (which hold folded text), best first. Every candidate is checked against its row:
 * still in scope, indexed under its current rank, and in this tier by our matching rule (FTS5
 * folds case more widely, and a body match may be a title match too, listed in tier 0 already).
 *
 * @param rows receives the rows read, so the page need not read them again
 */
function indexedSearch(db: Db, treeIds: number[], folded: string, after: Rank | null, want: number, rows: Map<number, ItemRecord>): Rank[] {
  const { index, phrase } = ftsPhrase(folded)
  const inScope = new Set(treeIds)
  const found: Rank[] = []
  for (let tier = after?.tier ?? 0; tier < TIER_COLUMNS.length && found.length < want; tier++) {
    const column = TIER_COLUMNS[tier]!
    const match = ftsMatch(treeIds, phrase)
    let before = after && tier === after.tier ? rankRowid(after.use, after.id) : Number.MAX_SAFE_INTEGER
    for (;;) {
      const batch = want - found.length + OVERFETCH
      const rowids = repo.ftsCandidates(db, index, column, match, before, batch)
      const read = new Map(repo.itemsByIds(db, rowids.map(rowidItemId)).map((r) => [r.id, r]))
      for (const rowid of rowids) {
        const row = read.get(rowidItemId(rowid))
        if (!row || !inScope.has(row.treeId) || rankRowid(row.useCount, row.id) !== rowid || bestTier(row, folded) !== tier) continue
        rows.set(row.id, row)
        if (found.push({ tier, use: rowidUse(rowid), id: row.id }) === want) break
      }
      if (rowids.length < batch || found.length >= want) break
      before = rowids.at(-1)!
    }
  }
  return found
}
