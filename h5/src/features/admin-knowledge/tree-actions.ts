import type { KnowledgeCategoryNode } from '@kelan/shared'
import type { InjectionKey, Ref } from 'vue'

/**
 * What every row and branch of the recursive category tree needs from the panel that owns it,
 * provided once instead of re-emitted through each level.
 */
export interface TreeActions {
  selectedId: Readonly<Ref<number | null>>
  /** Categories whose children are hidden. */
  collapsed: Readonly<Ref<ReadonlySet<number>>>
  /** The Sortable group of this tree: drags move within one kind's tree only. */
  group: Readonly<Ref<string>>
  select(node: KnowledgeCategoryNode): void
  toggle(node: KnowledgeCategoryNode): void
  addChild(node: KnowledgeCategoryNode): void
  rename(node: KnowledgeCategoryNode): void
  remove(node: KnowledgeCategoryNode): void
  /** A drop: `id` under `parentId` at `index` among its movable children. */
  move(id: number, parentId: number, index: number): void
}

export const TREE_ACTIONS: InjectionKey<TreeActions> = Symbol('admin-knowledge-tree')
