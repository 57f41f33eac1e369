import { ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue'
import type { TagHistoryItem, TagHistoryPage } from '@kelan/shared'
import { type ApiError, isApiError } from '@/api/errors'
import { fetchTagHistory } from './tags.api'

/**
 * A customer's tag history for van-list, newest first: `loadMore` appends the page after the
 * last `nextCursor`; a new `externalUserId` starts over, and a page for the old one is dropped.
 */
export function useTagHistory(
  externalUserId: MaybeRefOrGetter<string>,
  fetchPage: (id: string, cursor?: number) => Promise<TagHistoryPage> = fetchTagHistory,
) {
  const items = ref<TagHistoryItem[]>([])
  const loading = ref(false)
  const finished = ref(false)
  const error = shallowRef<ApiError | null>(null)
  let cursor: number | undefined
  let generation = 0

  async function loadMore(): Promise<void> {
    if (finished.value) return
    const mine = generation
    loading.value = true
    error.value = null
    try {
      const page = await fetchPage(toValue(externalUserId), cursor)
      if (mine !== generation) return
      items.value = [...items.value, ...page.items]
      cursor = page.nextCursor ?? undefined
      finished.value = page.nextCursor === null
    } catch (err) {
      if (!isApiError(err)) throw err
      if (mine === generation) error.value = err
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  /** Drops what is loaded and loads the first page again. */
  function restart(): Promise<void> {
    generation += 1
    cursor = undefined
    items.value = []
    finished.value = false
    return loadMore()
  }

  watch(() => toValue(externalUserId), () => void restart())

  return { items, loading, finished, error, loadMore, restart }
}
