import type { MarkEvent } from '@kelan/shared'
import { ref, shallowRef } from 'vue'
import { type ApiError, isApiError } from '@/api/errors'
import { fetchMarkHistory } from './marks.api'

/**
 * One mark's events, newest first, with 加载更多. `open(id)` starts afresh; an answer for a
 * mark no longer shown is dropped.
 */
export function useMarkHistory(fetchPage = fetchMarkHistory) {
  const items = shallowRef<MarkEvent[]>([])
  const nextCursor = ref<number | null>(null)
  const loading = ref(false)
  const loaded = ref(false)
  const error = shallowRef<ApiError | null>(null)
  let markId: number | null = null
  let run = 0

  async function fetchMore(cursor?: number): Promise<void> {
    if (markId === null) return
    const mine = ++run
    loading.value = true
    error.value = null
    try {
      const page = await fetchPage(markId, cursor)
      if (mine !== run) return
      items.value = cursor === undefined ? page.items : [...items.value, ...page.items]
      nextCursor.value = page.nextCursor
      loaded.value = true
    } catch (err) {
      if (!isApiError(err)) throw err
      if (mine === run) error.value = err
    } finally {
      if (mine === run) loading.value = false
    }
  }

  /** Shows mark `id` from its newest event. */
  function open(id: number): Promise<void> {
    markId = id
    items.value = []
    nextCursor.value = null
    loaded.value = false
    return fetchMore()
  }

  function loadMore(): Promise<void> {
    return nextCursor.value === null ? Promise.resolve() : fetchMore(nextCursor.value)
  }

  return { items, nextCursor, loading, loaded, error, open, loadMore, retry: () => fetchMore(nextCursor.value ?? undefined) }
}
