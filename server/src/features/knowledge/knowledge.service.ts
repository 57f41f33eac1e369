/**
 * The knowledge base's categories and items. Who may do what: everyone signed in reads the
 * public library, only admins write it; a personal library is its owner's alone, and to anyone
 * else its categories and items do not exist (404, the same as a missing id).
 */
import type {
  KnowledgeCategoryTree,
  KnowledgeCategoryTreeQuery,
  CreateKnowledgeCategoryInput,
  CreateKnowledgeItemInput,
  KnowledgeItemInput,
  KnowledgeItemQuery,
  KnowledgeItemPage,
  KnowledgeItem,
  KnowledgeLibrary,
  MoveKnowledgeCategoryInput,
  KnowledgeMediaResult,
  KnowledgeUseResult,
} from '@kelan/shared'
import type { Viewer } from '../../app-env'
import { IMMEDIATE, type Db } from '../../db/client'
import type { Deps } from '../../deps'
import { AppError, forbidden, notFound } from '../../lib/errors'
import {
  createRefusal,
  deleteRefusal,
  indexTree,
  itemContent,
  nextSort,
  planMove,
  renameRefusal,
  subtreeIds,
  toCategoryNode,
  toKnowledgeItem,
  type CategoryRecord,
  type ItemRecord,
  type TreeRefusal,
} from './knowledge.domain'
import { checkAttachmentRefs, itemFiles, mediaForPart } from './knowledge.files'
import { takeSendToken } from '../sensitive/sensitive.tokens'
import * as repo from './knowledge.repo'

/** The message of each refused tree change; all are 409 with `details.reason`. */
const REFUSALS: Record<Exclude<TreeRefusal, 'name_taken'>, string> = {
  fixed: '「全部」和「未分类」不能修改、移动或删除',
  under_uncategorized: '「未分类」下不能添加子分类',
  depth: '分类最多 4 级',
  cycle: '不能移到它自己或它的子分类下',
  not_empty: '请先清除该分类下内容再进行删除',
  reserved_name: '「全部」和「未分类」是系统分类的名称，请换一个名称',
}

function refuse(reason: TreeRefusal | null, name: string): void {
  if (reason === 'name_taken') throw new AppError('NAME_TAKEN', 409, `同一级已有名为「${name}」的分类`, { details: { reason } })
  if (reason) throw new AppError('CONFLICT', 409, REFUSALS[reason], { details: { reason } })
}

/** One IMMEDIATE transaction: the checks and the write see one state. */
const write = <T>(deps: Deps, fn: () => T): T => deps.db.transaction(fn, IMMEDIATE)

const ownerFor = (library: KnowledgeLibrary, viewer: Viewer) => (library === 'public' ? '' : viewer.userid)

const canRead = (viewer: Viewer, tree: repo.TreeRecord) => tree.library === 'public' || tree.owner === viewer.userid

/** Public writes are for admins (403); personal trees reach here only for their owner. */
function assertWritable(viewer: Viewer, library: KnowledgeLibrary): void {
  if (library === 'public' && viewer.role !== 'admin') throw forbidden('只有管理员可以修改公共知识库')
}

function requireCategory(deps: Deps, viewer: Viewer, id: number, what = '分类'): { category: CategoryRecord; tree: repo.TreeRecord } {
  const category = repo.findCategory(deps.db, deps.corpId, id)
  const tree = category && repo.findTreeById(deps.db, deps.corpId, category.treeId)
  if (!category || !tree || !canRead(viewer, tree)) throw notFound(what)
  return { category, tree }
}

function requireItem(deps: Deps, viewer: Viewer, id: number): ItemRecord {
  const item = repo.findItem(deps.db, deps.corpId, id)
  if (!item || !(item.library === 'public' || item.owner === viewer.userid)) throw notFound('知识库内容')
  return item
}

function treeView(db: Db, tree: repo.TreeRecord): KnowledgeCategoryTree {
  const index = indexTree(repo.listCategories(db, tree.id))
  const counts = repo.itemCountsByCategory(db, [...index.byId.keys()])
  return { library: tree.library, kind: tree.kind, root: toCategoryNode(index, counts) }
}

// ---------------------------------------------------------------------------------------
// Categories

/** The viewer's tree of a library and kind (created with 全部 and 未分类 on first visit). */
export function getCategoryTree(deps: Deps, viewer: Viewer, query: KnowledgeCategoryTreeQuery): KnowledgeCategoryTree {
  const key = { library: query.library, owner: ownerFor(query.library, viewer), kind: query.kind }
  return treeView(deps.db, repo.ensureTree(deps.db, deps.corpId, key, deps.clock.now()))
}

/**
 * Adds a category as the last child of `parentId`.
 *
 * @throws AppError NOT_FOUND (404), FORBIDDEN (403), CONFLICT (409: under 未分类, deeper than
 *   4 levels), NAME_TAKEN (409: a sibling has that name)
 */
export function createCategory(deps: Deps, viewer: Viewer, input: CreateKnowledgeCategoryInput): KnowledgeCategoryTree {
  return write(deps, () => {
    const { tree } = requireCategory(deps, viewer, input.parentId, '上级分类')
    assertWritable(viewer, tree.library)
    const index = indexTree(repo.listCategories(deps.db, tree.id))
    refuse(createRefusal(index, input.parentId, input.name), input.name)
    const row = { treeId: tree.id, parentId: input.parentId, name: input.name, sort: nextSort(index, input.parentId) }
    repo.insertCategory(deps.db, deps.corpId, row, deps.clock.now())
    return treeView(deps.db, tree)
  })
}

/** @throws AppError NOT_FOUND, FORBIDDEN, CONFLICT (全部 / 未分类), NAME_TAKEN */
export function renameCategory(deps: Deps, viewer: Viewer, id: number, name: string): KnowledgeCategoryTree {
  return write(deps, () => {
    const { tree } = requireCategory(deps, viewer, id)
    assertWritable(viewer, tree.library)
    refuse(renameRefusal(indexTree(repo.listCategories(deps.db, tree.id)), id, name), name)
    repo.renameCategory(deps.db, id, name, deps.clock.now())
    return treeView(deps.db, tree)
  })
}

/**
 * Drag and drop: moves a category (with everything below it) under `parentId` at `index`.
 *
 * @throws AppError NOT_FOUND, FORBIDDEN, VALIDATION_FAILED (400: parent in another tree),
 *   CONFLICT (全部 / 未分类, into itself, under 未分类, deeper than 4 levels), NAME_TAKEN
 */
export function moveCategory(deps: Deps, viewer: Viewer, id: number, input: MoveKnowledgeCategoryInput): KnowledgeCategoryTree {
  return write(deps, () => {
    const { category, tree } = requireCategory(deps, viewer, id)
    const { tree: parentTree } = requireCategory(deps, viewer, input.parentId, '目标分类')
    assertWritable(viewer, tree.library)
    if (parentTree.id !== tree.id) throw new AppError('VALIDATION_FAILED', 400, '分类只能在同一棵分类树内移动')
    const plan = planMove(indexTree(repo.listCategories(deps.db, tree.id)), id, input.parentId, input.index)
    if ('refused' in plan) refuse(plan.refused, category.name)
    else repo.placeCategories(deps.db, input.parentId, plan.order, deps.clock.now())
    return treeView(deps.db, tree)
  })
}

/** @throws AppError NOT_FOUND, FORBIDDEN, CONFLICT (全部 / 未分类; sub-categories or items left) */
export function deleteCategory(deps: Deps, viewer: Viewer, id: number): void {
  write(deps, () => {
    const { tree } = requireCategory(deps, viewer, id)
    assertWritable(viewer, tree.library)
    refuse(deleteRefusal(indexTree(repo.listCategories(deps.db, tree.id)), id, repo.itemCountIn(deps.db, id)), '')
    repo.deleteCategory(deps.db, id)
  })
}

// ---------------------------------------------------------------------------------------
// Items

/**
 * One page of a category (and all below it; the root or no category: the whole tree), sorted by
 * 序号 or by use.
 *
 * @throws AppError NOT_FOUND when the category is not in this library and kind
 */
export function listItems(deps: Deps, viewer: Viewer, query: KnowledgeItemQuery): KnowledgeItemPage {
  const { db, corpId } = deps
  const page = { page: query.page, pageSize: query.pageSize }
  const tree = repo.findTree(db, corpId, { library: query.library, owner: ownerFor(query.library, viewer), kind: query.kind })
  let categoryIds: number[] | null = null
  if (query.categoryId !== undefined) {
    const category = repo.findCategory(db, corpId, query.categoryId)
    if (!tree || category?.treeId !== tree.id) throw notFound('分类')
    if (category.fixed !== 'root') categoryIds = subtreeIds(indexTree(repo.listCategories(db, tree.id)), category.id)
  }
  if (!tree) return { items: [], total: 0, ...page }
  const filter = { treeId: tree.id, categoryIds, q: query.q, sort: query.sort, offset: (query.page - 1) * query.pageSize, limit: query.pageSize }
  const { rows, total } = repo.listItems(db, filter)
  const files = itemFiles(deps, rows)
  return { items: rows.map((row) => toKnowledgeItem(row, files)), total, ...page }
}

/** @throws AppError NOT_FOUND (also for another member's personal item) */
export function getItem(deps: Deps, viewer: Viewer, id: number): KnowledgeItem {
  return itemView(deps, requireItem(deps, viewer, id))
}

/** One item in the API's shape, with its files. */
const itemView = (deps: Deps, row: ItemRecord): KnowledgeItem => toKnowledgeItem(row, itemFiles(deps, [row]))

/**
 * The category an item goes to in `tree`: 未分类 when none is given or the root (全部) is.
 *
 * @throws AppError NOT_FOUND (unknown or unreadable), VALIDATION_FAILED (another tree's)
 */
function placeIn(deps: Deps, viewer: Viewer, tree: repo.TreeRecord, categoryId: number | undefined): number {
  if (categoryId === undefined) return repo.uncategorizedOf(deps.db, tree.id)
  const { category, tree: owner } = requireCategory(deps, viewer, categoryId)
  if (owner.id !== tree.id) throw new AppError('VALIDATION_FAILED', 400, '分类不属于这个知识库', { details: { categoryId } })
  return category.fixed === 'root' ? repo.uncategorizedOf(deps.db, tree.id) : category.id
}

/**
 * @throws AppError FORBIDDEN (public, not admin), NOT_FOUND / VALIDATION_FAILED (category),
 *   VALIDATION_FAILED (a referenced file is missing, not the viewer's to use, of another kind or too large)
 */
export function createItem(deps: Deps, viewer: Viewer, input: CreateKnowledgeItemInput): KnowledgeItem {
  assertWritable(viewer, input.library)
  return write(deps, () => {
    checkAttachmentRefs(deps, viewer, input)
    const now = deps.clock.now()
    const tree = repo.ensureTree(deps.db, deps.corpId, { library: input.library, owner: ownerFor(input.library, viewer), kind: input.kind }, now)
    const categoryId = placeIn(deps, viewer, tree, input.categoryId)
    const id = repo.insertItem(deps.db, { corpId: deps.corpId, treeId: tree.id, categoryId, content: itemContent(input), seq: input.seq ?? 0, by: viewer.userid, now })
    return itemView(deps, repo.findItem(deps.db, deps.corpId, id)!)
  })
}

/**
 * Replaces an item's content; category and 序号 change only when given.
 *
 * @throws AppError NOT_FOUND, FORBIDDEN, VALIDATION_FAILED (another kind; category of another
 *   tree; a referenced file missing, not the viewer's to use, of another kind or too large)
 */
export function updateItem(deps: Deps, viewer: Viewer, id: number, input: KnowledgeItemInput): KnowledgeItem {
  return write(deps, () => {
    const item = requireItem(deps, viewer, id)
    assertWritable(viewer, item.library)
    if (input.kind !== item.kind) throw new AppError('VALIDATION_FAILED', 400, '不能修改内容的类型', { details: { kind: item.kind } })
    checkAttachmentRefs(deps, viewer, input)
    const tree = { id: item.treeId, library: item.library, owner: item.owner, kind: item.kind }
    const categoryId = input.categoryId === undefined ? item.categoryId : placeIn(deps, viewer, tree, input.categoryId)
    const change = { content: itemContent(input), categoryId, seq: input.seq ?? item.seq, by: viewer.userid, now: deps.clock.now() }
    repo.updateItem(deps.db, item, change)
    return itemView(deps, repo.findItem(deps.db, deps.corpId, id)!)
  })
}

/** Sets 序号 (the admin list's inline edit). @throws AppError NOT_FOUND, FORBIDDEN */
export function setItemSeq(deps: Deps, viewer: Viewer, id: number, seq: number): KnowledgeItem {
  return write(deps, () => {
    const item = requireItem(deps, viewer, id)
    assertWritable(viewer, item.library)
    repo.setItemSeq(deps.db, id, seq)
    return itemView(deps, { ...item, seq })
  })
}

/** @throws AppError NOT_FOUND, FORBIDDEN */
export function deleteItem(deps: Deps, viewer: Viewer, id: number): void {
  write(deps, () => {
    const item = requireItem(deps, viewer, id)
    assertWritable(viewer, item.library)
    repo.deleteItem(deps.db, item)
  })
}

/**
 * Counts a use (sent or copied) of an item the viewer can read: public ones by anyone.
 *
 * @throws AppError NOT_FOUND
 */
export function useItem(deps: Deps, viewer: Viewer, id: number): KnowledgeUseResult {
  return write(deps, () => ({ id, useCount: repo.recordUse(deps.db, requireItem(deps, viewer, id)) }))
}

/**
 * Counts the use of a send, once per send: `sendToken` is the one the sensitive-word check gave
 * before it (POST /use is reachable by any signed-in client, so a bare call counts nothing).
 *
 * @throws AppError NOT_FOUND; VALIDATION_FAILED (400) unknown or expired token; CONFLICT (409)
 *   token already counted, or its check blocked the send
 */
export function useSentItem(deps: Deps, viewer: Viewer, id: number, sendToken: string): KnowledgeUseResult {
  requireItem(deps, viewer, id)
  takeSendToken(deps.db, viewer, sendToken, 'use', deps.clock.now())
  return useItem(deps, viewer, id)
}

/**
 * A WeCom media_id for sending the answer's image, video or file part at `partIndex` with
 * sendChatMessage: for items the viewer may read, public ones by anyone.
 *
 * @throws AppError NOT_FOUND (item or file), VALIDATION_FAILED (not a media part); WecomError (502)
 */
export async function itemMedia(deps: Deps, viewer: Viewer, id: number, partIndex: number): Promise<KnowledgeMediaResult> {
  return mediaForPart(deps, requireItem(deps, viewer, id), partIndex)
}
