import { KNOWLEDGE_LIMITS, type KnowledgeCategoryNode } from '@kelan/shared'

// Pure rules of the category tree on the admin page: lookups, what may be added or moved
// where (the server's rules, checked first so a refused drag needs no round trip), the
// optimistic move, and the category choices of the item form.

type Node = KnowledgeCategoryNode

/** Why the server refuses a change of the tree (409 CONFLICT `details.reason`). */
export type TreeRefusal = 'fixed' | 'depth' | 'cycle' | 'under_uncategorized' | 'not_empty'

/** The server's words for each refusal; shown when a check fails here before any call. */
export const TREE_REFUSALS: Record<TreeRefusal, string> = {
  fixed: '「全部」和「未分类」不能修改、移动或删除',
  under_uncategorized: '「未分类」下不能添加子分类',
  depth: `分类最多 ${KNOWLEDGE_LIMITS.categoryDepth} 级`,
  cycle: '不能移到它自己或它的子分类下',
  not_empty: '请先清除该分类下内容再进行删除',
}

/** The chain from the root down to `id` (both included); empty when `id` is not in the tree. */
export function pathTo(root: Node, id: number): Node[] {
  if (root.id === id) return [root]
  for (const child of root.children) {
    const path = pathTo(child, id)
    if (path.length) return [root, ...path]
  }
  return []
}

/** The category `id`, or null. */
export const findNode = (root: Node, id: number): Node | null => pathTo(root, id).at(-1) ?? null

/** Levels in the subtree of `node`, itself included (a leaf is 1). */
export const heightOf = (node: Node): number => 1 + Math.max(0, ...node.children.map(heightOf))

/** What a branch's drag list holds: the children that may move (未分类 stays first, outside it). */
export const movableChildren = (node: Node): Node[] => node.children.filter((c) => c.fixed === null)

/** Why `node` cannot take a new child (under 未分类, or already at the deepest level), or null. */
export function addChildRefusal(node: Pick<Node, 'fixed' | 'depth'>): TreeRefusal | null {
  if (node.fixed === 'uncategorized') return 'under_uncategorized'
  return node.depth >= KNOWLEDGE_LIMITS.categoryDepth ? 'depth' : null
}

/** Why a category cannot be deleted as the tree shows it (fixed, sub-categories or items), or null. */
export function deleteRefusal(node: Node): TreeRefusal | null {
  if (node.fixed) return 'fixed'
  return node.children.length > 0 || node.itemCount > 0 ? 'not_empty' : null
}

/**
 * Why moving category `id` (with everything below it) under `parentId` is refused, or null:
 * the same rules the server applies to PUT …/position.
 */
export function moveRefusal(root: Node, id: number, parentId: number): TreeRefusal | null {
  const node = findNode(root, id)
  const parentPath = pathTo(root, parentId)
  const parent = parentPath.at(-1)
  if (!node || !parent || node.fixed) return 'fixed'
  if (parentPath.some((p) => p.id === id)) return 'cycle'
  if (parent.fixed === 'uncategorized') return 'under_uncategorized'
  return parent.depth + heightOf(node) > KNOWLEDGE_LIMITS.categoryDepth ? 'depth' : null
}

/** Items directly in each category (a node's count includes everything below it). */
function directCounts(node: Node, into = new Map<number, number>()): Map<number, number> {
  into.set(node.id, node.itemCount - node.children.reduce((n, c) => n + c.itemCount, 0))
  for (const child of node.children) directCounts(child, into)
  return into
}

const without = (node: Node, id: number): Node => ({ ...node, children: node.children.filter((c) => c.id !== id).map((c) => without(c, id)) })

function insertUnder(node: Node, parentId: number, moved: Node, index: number): Node {
  if (node.id !== parentId) return { ...node, children: node.children.map((c) => insertUnder(c, parentId, moved, index)) }
  const movable = movableChildren(node)
  movable.splice(Math.min(index, movable.length), 0, moved)
  return { ...node, children: [...node.children.filter((c) => c.fixed !== null), ...movable] }
}

function recount(node: Node, direct: ReadonlyMap<number, number>, depth: number): Node {
  const children = node.children.map((c) => recount(c, direct, depth + 1))
  const itemCount = (direct.get(node.id) ?? 0) + children.reduce((n, c) => n + c.itemCount, 0)
  return { ...node, depth, itemCount, children }
}

/**
 * The tree after moving `id` under `parentId` at `index` among its movable children, with
 * depths and counts redone: shown at once while the server confirms. Unchanged when the move
 * is refused.
 *
 * @example moveNode(root, 7, 3, 0) // 7 becomes the first child of 3
 */
export function moveNode(root: Node, id: number, parentId: number, index: number): Node {
  const node = findNode(root, id)
  if (!node || moveRefusal(root, id, parentId)) return root
  return recount(insertUnder(without(root, id), parentId, node, index), directCounts(root), 0)
}

/** A category the item form can pick: every category but 全部, labelled with its path. */
export interface CategoryOption {
  id: number
  name: string
  /** "金典 / 产品介绍" */
  label: string
  depth: number
}

/** The categories an item can go to, in tree order (未分类 first). */
export function categoryOptions(root: Node): CategoryOption[] {
  const walk = (node: Node, names: string[]): CategoryOption[] =>
    node.children.flatMap((c) => {
      const path = [...names, c.name]
      return [{ id: c.id, name: c.name, label: path.join(' / '), depth: c.depth }, ...walk(c, path)]
    })
  return walk(root, [])
}

/** The id of 未分类 (where an item without a category goes). */
export const uncategorizedId = (root: Node): number | null => root.children.find((c) => c.fixed === 'uncategorized')?.id ?? null
