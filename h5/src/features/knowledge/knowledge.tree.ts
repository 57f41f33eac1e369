import type { KnowledgeCategoryNode } from '@kelan/shared'

/** Category tree helpers for the drill-down and the form's category picker. */

/**
 * The nodes along `ids` (each a child of the one before, starting under `root`); stops at the
 * first id that is gone, so a tree reloaded after a change never strands the breadcrumb.
 *
 * @example pathOf(root, [5, 9]).map((n) => n.name) // ['舒化奶', '低乳糖']
 */
export function pathOf(root: KnowledgeCategoryNode, ids: readonly number[]): KnowledgeCategoryNode[] {
  const path: KnowledgeCategoryNode[] = []
  let at = root
  for (const id of ids) {
    const next = at.children.find((c) => c.id === id)
    if (!next) break
    path.push(next)
    at = next
  }
  return path
}

export interface CategoryOption {
  id: number
  /** The names from the top level down, e.g. "舒化奶 / 低乳糖". */
  label: string
}

/**
 * Every category under the root in display order (depth first), 未分类 first, for a picker.
 *
 * @example categoryOptions(root)[0] // { id: 2, label: '未分类' }
 */
export function categoryOptions(root: KnowledgeCategoryNode): CategoryOption[] {
  const out: CategoryOption[] = []
  const walk = (node: KnowledgeCategoryNode, prefix: string) => {
    for (const child of node.children) {
      const label = prefix ? `${prefix} / ${child.name}` : child.name
      out.push({ id: child.id, label })
      walk(child, label)
    }
  }
  walk(root, '')
  return out
}
