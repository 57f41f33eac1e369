import type { KnowledgeItem, KnowledgeItemPage, KnowledgeKind } from '@kelan/shared'
import { reactive, ref, shallowRef } from 'vue'
import { type ApiError, isApiError } from '@/api/errors'
import { fetchItems, type ItemListQuery } from '@/features/knowledge/knowledge.api'
import { ADMIN_LIBRARY } from './knowledge-library'
import { replaceItem } from './knowledge-list'

export const KNOWLEDGE_PAGE_SIZE = 20

/** What the list shows: a kind, a category (null: 全部) and the title filter last applied. */
export interface ItemListFilter {
  kind: KnowledgeKind
  categoryId: number | null
  q: string
}

/**
 * The admin item list: one page of the filter in the public library, sorted by the server (序号). An answer for an
 * outdated filter or page is dropped. A saved 序号 updates its row in place; `load` (刷新)
 * brings the new order.
 */
export function useKnowledgeItems(fetchPage: (query: ItemListQuery) => Promise<KnowledgeItemPage> = fetchItems) {
  const filter = reactive<ItemListFilter>({ kind: 'script', categoryId: null, q: '' })
  const page = ref(1)
  const items = shallowRef<KnowledgeItem[]>([])
  const total = ref(0)
  const loading = ref(false)
  const loaded = ref(false)
  const error = shallowRef<ApiError | null>(null)
  let generation = 0

  async function load(): Promise<void> {
    const mine = ++generation
    loading.value = true
    error.value = null
    try {
      const res = await fetchPage({ library: ADMIN_LIBRARY, sort: 'seq', ...filter, page: page.value, pageSize: KNOWLEDGE_PAGE_SIZE })
      if (mine !== generation) return
      items.value = res.items
      total.value = res.total
      loaded.value = true
      // The last item of the last page was deleted: show the page before.
      const last = Math.ceil(res.total / KNOWLEDGE_PAGE_SIZE)
      if (res.items.length === 0 && last >= 1 && last < page.value) await goTo(last)
    } catch (err) {
      if (!isApiError(err)) throw err
      if (mine === generation) error.value = err
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  /** Shows another filter from its first page. */
  function show(next: Partial<ItemListFilter>): Promise<void> {
    Object.assign(filter, next)
    page.value = 1
    return load()
  }

  function goTo(to: number): Promise<void> {
    page.value = to
    return load()
  }

  /** Puts a saved item in its row (same place). */
  function replace(item: KnowledgeItem): void {
    items.value = replaceItem(items.value, item)
  }

  return { filter, page, items, total, loading, loaded, error, load, show, goTo, replace }
}
