import type { SendLogEntry } from '@kelan/shared'
import { computed, ref, shallowRef } from 'vue'
import { type ApiError, isApiError } from '@/api/errors'
import { fetchSendLog } from './sensitive.api'

/**
 * The send log a page at a time: `reload` starts from the newest, `loadMore` appends the next
 * page. A failed page leaves what is shown in place and sets `error`. A reload started while
 * a page is on its way wins: the older answer is dropped.
 */
export function useSendLog() {
  const items = shallowRef<SendLogEntry[]>([])
  const nextCursor = ref<number | null>(null)
  const loaded = ref(false)
  const loading = ref(false)
  const error = shallowRef<ApiError | null>(null)
  let run = 0

  async function load(cursor: number | undefined): Promise<void> {
    const mine = ++run
    loading.value = true
    error.value = null
    try {
      const page = await fetchSendLog(cursor)
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

  return {
    items,
    loaded,
    loading,
    error,
    hasMore: computed(() => nextCursor.value !== null),
    reload: () => load(undefined),
    loadMore: async () => {
      if (nextCursor.value !== null && !loading.value) await load(nextCursor.value)
    },
  }
}
