import { computed, onScopeDispose, ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue'
import type { KnowledgeItem, KnowledgeKind, KnowledgeLibrary, KnowledgeSearchHit } from '@kelan/shared'
import { type ApiError, isApiError } from '@/api/errors'
import { searchItems } from './knowledge.api'

export interface SearchKey {
  q: string
  library: KnowledgeLibrary
  kind: KnowledgeKind
}

/** Wait this long after the last keystroke: fast enough to feel live, one request per word. */
export const SEARCH_DEBOUNCE_MS = 250
const LIMIT = 20

/**
 * Search as you type: waits `delay` after the last change, then loads hits page by page
 * (cursor) for Vant's List. A reply for an older query is dropped, so a slow "金" never
 * overwrites the hits for "金典". Any non-blank query searches, one character included.
 */
export function useKnowledgeSearch(key: MaybeRefOrGetter<SearchKey>, delay = SEARCH_DEBOUNCE_MS) {
  const hits = shallowRef<KnowledgeSearchHit[]>([])
  const loading = ref(false)
  const finished = ref(false)
  const error = shallowRef<ApiError | null>(null)
  const query = computed(() => toValue(key).q.trim())
  const active = computed(() => query.value !== '')
  let cursor: string | undefined
  let run = 0
  let busy = false
  let timer: ReturnType<typeof setTimeout> | undefined

  async function loadMore(): Promise<void> {
    if (busy || finished.value || !active.value) return
    const mine = run
    const { library, kind } = toValue(key)
    busy = true
    loading.value = true
    error.value = null
    try {
      const page = await searchItems({ q: query.value, library, kind, cursor, limit: LIMIT })
      if (mine !== run) return
      hits.value = [...hits.value, ...page.hits]
      cursor = page.nextCursor ?? undefined
      finished.value = page.nextCursor === null
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

  /** Starts the search over after `wait` ms (0: now), dropping whatever was under way. */
  function restart(wait: number): void {
    run += 1
    busy = false
    cursor = undefined
    hits.value = []
    finished.value = false
    error.value = null
    clearTimeout(timer)
    // Loading during the pause too, so the List neither asks for a page nor says 暂无结果.
    loading.value = active.value
    if (active.value) timer = setTimeout(() => void loadMore(), wait)
  }

  function patch(id: number, change: (item: KnowledgeItem) => KnowledgeItem): void {
    hits.value = hits.value.map((h) => (h.item.id === id ? { ...h, item: change(h.item) } : h))
  }

  function remove(id: number): void {
    hits.value = hits.value.filter((h) => h.item.id !== id)
  }

  watch(() => [query.value, toValue(key).library, toValue(key).kind].join('\u0000'), () => restart(delay), { immediate: true })
  onScopeDispose(() => clearTimeout(timer))
  return { hits, loading, finished, error, active, query, loadMore, reload: () => restart(0), patch, remove }
}
