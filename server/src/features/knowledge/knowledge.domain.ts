/**
 * Knowledge base rules as plain functions: the category tree (depth, fixed nodes, delete and
 * move rules, display order), items between their rows and the API shape.
 */
import {
  ATTACHMENT_KIND_LABELS,
  ATTACHMENT_RULES,
  KNOWLEDGE_LIMITS,
  tooLargeMessage,
  type AnswerPart,
  type AnswerPartView,
  type Attachment,
  type AttachmentKind,
  type KnowledgeCategoryNode,
  type KnowledgeFixedCategory,
  type KnowledgeItemInput,
  type KnowledgeItem,
  type KnowledgeKind,
  type KnowledgeLibrary,
} from '@kelan/shared'

/** What the tree rules need to know about a category. */
export interface CategoryRecord {
  id: number
  parentId: number | null
  name: string
  sort: number
  fixed: KnowledgeFixedCategory | null
}

/** A tree's categories, indexed. Built from every category of one tree. */
export interface TreeIndex {
  root: CategoryRecord
  byId: ReadonlyMap<number, CategoryRecord>
  /** Children in display order: 未分类 first, then by `sort`, then by id. */
  children: ReadonlyMap<number, CategoryRecord[]>
}

/** Why a change of the tree was refused. */
export type TreeRefusal = 'fixed' | 'under_uncategorized' | 'depth' | 'cycle' | 'not_empty' | 'reserved_name' | 'name_taken'

/**
 * The names of the fixed categories. A user category with one of them, at any level, would be
 * mistaken for 全部 or 未分类 in the tree, in filters and in import paths (where a leading 全部 is dropped).
 */
export const RESERVED_CATEGORY_NAMES: ReadonlySet<string> = new Set(['全部', '未分类'])

const displayOrder = (a: CategoryRecord, b: CategoryRecord) =>
  Number(b.fixed === 'uncategorized') - Number(a.fixed === 'uncategorized') || a.sort - b.sort || a.id - b.id

/**
 * Indexes one tree's categories.
 *
 * @throws Error when there is no root: every tree is created with one, so this is a bug
 */
export function indexTree(rows: readonly CategoryRecord[]): TreeIndex {
  const root = rows.find((r) => r.fixed === 'root')
  if (!root) throw new Error('knowledge tree without a root category')
  const children = new Map<number, CategoryRecord[]>()
  for (const row of rows) {
    if (row.parentId === null) continue
    const siblings = children.get(row.parentId) ?? []
    siblings.push(row)
    children.set(row.parentId, siblings)
  }
  for (const siblings of children.values()) siblings.sort(displayOrder)
  return { root, byId: new Map(rows.map((r) => [r.id, r])), children }
}

/** Levels below the root: 0 for the root, 1 for its children, …. */
export function depthOf(tree: TreeIndex, id: number): number {
  let depth = 0
  for (let node = tree.byId.get(id); node?.parentId != null; node = tree.byId.get(node.parentId)) depth++
  return depth
}

/** Levels in the subtree of `id`, itself included (a leaf is 1). */
export function heightOf(tree: TreeIndex, id: number): number {
  const kids = tree.children.get(id) ?? []
  return 1 + Math.max(0, ...kids.map((k) => heightOf(tree, k.id)))
}

/** `id` and every category below it. */
export function subtreeIds(tree: TreeIndex, id: number): number[] {
  return [id, ...(tree.children.get(id) ?? []).flatMap((k) => subtreeIds(tree, k.id))]
}

const nameTaken = (tree: TreeIndex, parentId: number, name: string, except?: number) =>
  (tree.children.get(parentId) ?? []).some((c) => c.name === name && c.id !== except)

/** A name a category under `parentId` may not have (reserved, or a sibling's), or null. */
const nameRefusal = (tree: TreeIndex, parentId: number, name: string, except?: number): TreeRefusal | null =>
  RESERVED_CATEGORY_NAMES.has(name) ? 'reserved_name' : nameTaken(tree, parentId, name, except) ? 'name_taken' : null

/** A parent that cannot take (more) children, or null. */
function parentRefusal(tree: TreeIndex, parentId: number, addedHeight: number): TreeRefusal | null {
  if (tree.byId.get(parentId)?.fixed === 'uncategorized') return 'under_uncategorized'
  return depthOf(tree, parentId) + addedHeight > KNOWLEDGE_LIMITS.categoryDepth ? 'depth' : null
}

/** Adding a category `name` under `parentId` (a category of this tree): why not, or null. */
export function createRefusal(tree: TreeIndex, parentId: number, name: string): TreeRefusal | null {
  return parentRefusal(tree, parentId, 1) ?? nameRefusal(tree, parentId, name)
}

/** Renaming category `id` of this tree: why not, or null. */
export function renameRefusal(tree: TreeIndex, id: number, name: string): TreeRefusal | null {
  const node = tree.byId.get(id)!
  if (node.fixed) return 'fixed'
  return nameRefusal(tree, node.parentId!, name, id)
}

/** Deleting category `id` holding `itemCount` items directly: why not, or null. */
export function deleteRefusal(tree: TreeIndex, id: number, itemCount: number): TreeRefusal | null {
  if (tree.byId.get(id)!.fixed) return 'fixed'
  return (tree.children.get(id)?.length ?? 0) > 0 || itemCount > 0 ? 'not_empty' : null
}

/**
 * Moving category `id` under `parentId` (both of this tree) at `index` among the parent's
 * movable children (未分类 stays first; an index past the end means last).
 *
 * @returns the parent's movable children in their new order (ids), or why not
 */
export function planMove(tree: TreeIndex, id: number, parentId: number, index: number): { order: number[] } | { refused: TreeRefusal } {
  const node = tree.byId.get(id)!
  if (node.fixed) return { refused: 'fixed' }
  if (subtreeIds(tree, id).includes(parentId)) return { refused: 'cycle' }
  const refused = parentRefusal(tree, parentId, heightOf(tree, id)) ?? (nameTaken(tree, parentId, node.name, id) ? 'name_taken' : null)
  if (refused) return { refused }
  const order = (tree.children.get(parentId) ?? []).filter((c) => !c.fixed && c.id !== id).map((c) => c.id)
  order.splice(Math.min(index, order.length), 0, id)
  return { order }
}

/** The `sort` of a new last child of `parentId`. */
export function nextSort(tree: TreeIndex, parentId: number): number {
  return 1 + Math.max(-1, ...(tree.children.get(parentId) ?? []).map((c) => c.sort))
}

/**
 * The tree for the API: nested in display order, each node with the items in it and below it.
 *
 * @param counts items directly in each category (absent = none)
 */
export function toCategoryNode(tree: TreeIndex, counts: ReadonlyMap<number, number>, id = tree.root.id, depth = 0): KnowledgeCategoryNode {
  const node = tree.byId.get(id)!
  const children = (tree.children.get(id) ?? []).map((c) => toCategoryNode(tree, counts, c.id, depth + 1))
  const itemCount = (counts.get(id) ?? 0) + children.reduce((n, c) => n + c.itemCount, 0)
  return { id, name: node.name, fixed: node.fixed, depth, itemCount, children }
}

// ---------------------------------------------------------------------------------------
// Items

/** An item row as the repo reads it, with its tree's library and kind. */
export interface ItemRecord {
  id: number
  treeId: number
  library: KnowledgeLibrary
  owner: string
  kind: KnowledgeKind
  categoryId: number
  title: string
  similar: string
  answer: unknown[] | null
  url: string | null
  description: string
  cover: string | null
  body: string
  seq: number
  useCount: number
  createdAt: number
  updatedAt: number
}

/** The kind-specific columns of an item, as written from validated input. */
export interface ItemContent {
  title: string
  similar: string
  answer: AnswerPart[] | null
  url: string | null
  description: string
  cover: string | null
  /** What search reads besides title and similar questions. */
  body: string
}

/**
 * The columns for an item: one title column for what lists and search rank first (问题名称,
 * the phrase, the link title), similar questions one per line, and the searched body derived
 * from the answer's text parts or the link description.
 */
export function itemContent(input: KnowledgeItemInput): ItemContent {
  const none = { similar: '', answer: null, url: null, description: '', cover: null }
  switch (input.kind) {
    case 'script': {
      const body = input.answer.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('\n')
      return { ...none, title: input.question, similar: input.similar.join('\n'), answer: input.answer, body }
    }
    case 'phrase':
      return { ...none, title: input.text, body: '' }
    case 'link':
      return { ...none, title: input.title, url: input.url, description: input.description, cover: input.cover, body: input.description }
  }
}

/** Similar questions from their column (one per line). */
const similarList = (similar: string): string[] => (similar ? similar.split('\n') : [])

/** The files an item view shows: looked up in one go for a page of items. */
export interface AttachmentLookup {
  /** The attachment, or null when it is gone. */
  attachment(id: string): Attachment | null
  /** The public URL of a cover image, or null when it is gone. */
  coverUrl(id: string): string | null
}

/** A lookup that finds nothing (items without files, tests of text items). */
export const NO_ATTACHMENTS: AttachmentLookup = { attachment: () => null, coverUrl: () => null }

/** Every attachment id an item row refers to: media parts and covers. */
export function attachmentIdsOf(row: Pick<ItemRecord, 'answer' | 'cover'>): string[] {
  const parts = (row.answer ?? []) as AnswerPart[]
  const ids = parts.flatMap((p) => (p.type === 'link' ? (p.cover ? [p.cover] : []) : 'attachmentId' in p ? [p.attachmentId] : []))
  return row.cover ? [...ids, row.cover] : ids
}

function partView(part: AnswerPart, files: AttachmentLookup): AnswerPartView {
  switch (part.type) {
    case 'text':
      return part
    case 'link':
      return { ...part, coverUrl: part.cover ? files.coverUrl(part.cover) : null }
    default:
      return { ...part, attachment: files.attachment(part.attachmentId) }
  }
}

/** A reference from an item being saved to an uploaded file, and where it sits in the input. */
export interface AttachmentRef {
  /** Issue path, e.g. 'json.answer.2.attachmentId'. */
  path: string
  id: string
  kind: AttachmentKind
}

/** The files a script or link input refers to: media parts, link-part covers, the link's cover. */
export function attachmentRefs(input: KnowledgeItemInput): AttachmentRef[] {
  if (input.kind === 'link') return input.cover ? [{ path: 'json.cover', id: input.cover, kind: 'image' }] : []
  if (input.kind !== 'script') return []
  return input.answer.flatMap((p, i): AttachmentRef[] => {
    if (p.type === 'text') return []
    if (p.type === 'link') return p.cover ? [{ path: `json.answer.${i}.cover`, id: p.cover, kind: 'image' }] : []
    return [{ path: `json.answer.${i}.attachmentId`, id: p.attachmentId, kind: p.type }]
  })
}

/**
 * Why a referenced file cannot go into a knowledge item, or null: it must exist and be readable
 * (`file` undefined otherwise), be uploaded for the knowledge base, be of the part's kind and
 * within the knowledge size for that kind.
 */
export function attachmentRefProblem(ref: AttachmentRef, file: { purpose: string; kind: AttachmentKind; size: number } | undefined): string | null {
  if (!file) return '附件不存在或已删除，请重新上传'
  if (file.purpose !== 'knowledge') return '这个附件不是为知识库上传的，请重新上传'
  if (file.kind !== ref.kind) return `这里需要${ATTACHMENT_KIND_LABELS[ref.kind]}，请重新上传`
  const rule = ATTACHMENT_RULES.knowledge[ref.kind]
  return file.size > rule.maxBytes ? tooLargeMessage(ref.kind, rule) : null
}

/** An item in the API's shape; `files` gives media parts and covers their URLs. */
export function toKnowledgeItem(row: ItemRecord, files: AttachmentLookup): KnowledgeItem {
  const base = {
    id: row.id,
    library: row.library,
    categoryId: row.categoryId,
    seq: row.seq,
    useCount: row.useCount,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
  switch (row.kind) {
    case 'script':
      return { ...base, kind: 'script', question: row.title, similar: similarList(row.similar), answer: ((row.answer ?? []) as AnswerPart[]).map((p) => partView(p, files)) }
    case 'phrase':
      return { ...base, kind: 'phrase', text: row.title }
    case 'link': {
      const coverUrl = row.cover ? files.coverUrl(row.cover) : null
      return { ...base, kind: 'link', title: row.title, url: row.url ?? '', description: row.description, cover: row.cover, coverUrl }
    }
  }
}
