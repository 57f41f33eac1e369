import { ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue'
import type { KnowledgeItem, KnowledgeItemSort, KnowledgeKind, KnowledgeLibrary } from '@kelan/shared'
import { type ApiError, isApiError } from '@/api/errors'
import { fetchItems } from './knowledge.api'

export interface ListKey {
  library: KnowledgeLibrary
  kind: KnowledgeKind
  /** Left out: 全部. */
  categoryId?: number
  sort: KnowledgeItemSort
}

/** Items per page: enough to fill a phone screen twice. */
export const PAGE_SIZE = 20

/**
 * The items of one category, page by page for Vant's List (`loading`, `finished`, `loadMore`
 * for its `load` event). The first page loads at once and again whenever the key changes; a
 * page that arrives for an old key is dropped.
 *
 * @example const list = useKnowledgeList(() => ({ library: 'public', kind: 'script', sort: 'seq' }))
 */
export function useKnowledgeList(key: MaybeRefOrGetter<ListKey>, pageSize = PAGE_SIZE) {
  const items = shallowRef<KnowledgeItem[]>([])
  const total = ref(0)
  const loading = ref(false)
  const finished = ref(false)
  const error = shallowRef<ApiError | null>(null)
  let page = 0
  let run = 0
  let busy = false

  async function loadMore(): Promise<void> {
    if (busy || finished.value) return
    const mine = run
    busy = true
    loading.value = true
    error.value = null
    try {
      const res = await fetchItems({ ...toValue(key), page: page + 1, pageSize })
      if (mine !== run) return
      page = res.page
      // A use or an edit can shift items between pages; never show one twice.
      const seen = new Set(items.value.map((i) => i.id))
      items.value = [...items.value, ...res.items.filter((i) => !seen.has(i.id))]
      total.value = res.total
      finished.value = res.items.length < pageSize || page * pageSize >= res.total
    } catch (err) {
      if (!isApiError(err)) throw err
      if (mine === run) error.value = err
    } finally {
      if (mine === run) {
        busy = false
        loading.value = false
      }
    }
  }

  /** Starts over from page 1 (after a change of key, or a create / edit / delete). */
  function reload(): Promise<void> {
    run += 1
    busy = false
    page = 0
    items.value = []
    total.value = 0
    finished.value = false
    return loadMore()
  }

  /** Puts a changed item (an edit, a new 使用次数) in place without refetching. */
  function patch(id: number, change: (item: KnowledgeItem) => KnowledgeItem): void {
    items.value = items.value.map((i) => (i.id === id ? change(i) : i))
  }

  function remove(id: number): void {
    const before = items.value.length
    items.value = items.value.filter((i) => i.id !== id)
    if (items.value.length < before) total.value -= 1
  }

  watch(() => JSON.stringify(toValue(key)), () => void reload(), { immediate: true })
  return { items, total, loading, finished, error, loadMore, reload, patch, remove }
}
