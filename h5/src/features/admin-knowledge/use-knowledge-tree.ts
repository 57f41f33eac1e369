import type { KnowledgeCategoryNode, KnowledgeCategoryTree, KnowledgeKind } from '@kelan/shared'
import { computed, type Ref } from 'vue'
import { type ApiError, isApiError } from '@/api/errors'
import { useAsyncData } from '@/composables/use-async-data'
import { fetchCategoryTree, moveCategory } from '@/features/knowledge/knowledge.api'
import { categoryRefusalMessage } from './knowledge.errors'
import { ADMIN_LIBRARY } from './knowledge-library'
import { moveNode, moveRefusal, TREE_REFUSALS } from './knowledge-tree'

/** The tree as the components read it: `reactive(useKnowledgeTree(kind))`. */
export interface KnowledgeTreeState {
  root: KnowledgeCategoryNode | null
  error: ApiError | null
  loading: boolean
  reload(): Promise<void>
  apply(tree: KnowledgeCategoryTree): void
  move(id: number, parentId: number, index: number): Promise<string | null>
}

/**
 * The category tree of the kind on screen. Every change answers with the whole tree, which
 * replaces the one shown (`apply`), so counts and order always come from the server.
 */
export function useKnowledgeTree(kind: Ref<KnowledgeKind>, fetchTree: (kind: KnowledgeKind) => Promise<KnowledgeCategoryTree> = (k) => fetchCategoryTree(ADMIN_LIBRARY, k)) {
  const { data, error, loading, reload } = useAsyncData(kind, fetchTree)
  const root = computed(() => data.value?.root ?? null)

  /** Shows a tree the server answered with (ignored when the kind changed meanwhile). */
  function apply(tree: KnowledgeCategoryTree): void {
    if (tree.kind === kind.value) data.value = tree
  }

  /**
   * Drag and drop: checks the move, shows it at once, then saves it. A refusal (here or by
   * the server) puts the tree back as the server has it.
   *
   * @returns why the move was refused, or null when it was saved
   */
  async function move(id: number, parentId: number, index: number): Promise<string | null> {
    const tree = data.value
    if (!tree) return null
    const refused = moveRefusal(tree.root, id, parentId)
    if (refused) return TREE_REFUSALS[refused]
    data.value = { ...tree, root: moveNode(tree.root, id, parentId, index) }
    try {
      apply(await moveCategory(id, { parentId, index }))
      return null
    } catch (err) {
      if (!isApiError(err)) throw err
      await reload()
      return categoryRefusalMessage(err)
    }
  }

  return { data, root, error, loading, reload, apply, move }
}
