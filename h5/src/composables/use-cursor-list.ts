import { computed, ref, shallowRef, type Ref } from 'vue'
import { type ApiError, isApiError } from '@/api/errors'

/** A page as every Kelan cursor endpoint answers it (the cursor a string or, for tag history, a number). */
export interface CursorPage<T, C extends string | number = string> {
  items: T[]
  nextCursor: C | null
}

/**
 * A cursor-paged list for van-list: `loadMore` appends the page after the last one (nothing
 * once the last page is in), `reset` starts over (a filter changed, a record was added). An
 * answer for a list that was reset meanwhile is dropped, so a slow old page never lands under
 * a new filter.
 *
 * @example const list = useCursorList((cursor) => fetchFollowups(id, cursor))
 */
export function useCursorList<T, C extends string | number = string>(
  fetchPage: (cursor: C | undefined) => Promise<CursorPage<T, C>>,
) {
  const items = ref([]) as Ref<T[]>
  const loading = ref(false)
  const finished = ref(false)
  const error = shallowRef<ApiError | null>(null)
  let cursor: C | undefined
  let generation = 0

  async function loadMore(): Promise<void> {
    // Past the last page the cursor is gone: loading again would repeat the first page.
    if (finished.value) return
    const mine = generation
    loading.value = true
    error.value = null
    try {
      const page = await fetchPage(cursor)
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

  /** Empties the list and loads the first page again. */
  function reset(): Promise<void> {
    generation += 1
    cursor = undefined
    items.value = []
    finished.value = false
    return loadMore()
  }

  /** Puts a record the viewer just made on top without reloading. */
  function prepend(item: T): void {
    items.value = [item, ...items.value]
  }

  /** Swaps one item for its updated copy (matched by `same`). */
  function replace(item: T, same: (a: T, b: T) => boolean): void {
    items.value = items.value.map((i) => (same(i, item) ? item : i))
  }

  // van-list flips `error` back to false itself when the user taps to retry.
  const listError = computed({
    get: () => error.value !== null,
    set: (value: boolean) => {
      if (!value) error.value = null
    },
  })
  const empty = computed(() => finished.value && items.value.length === 0 && !error.value)

  return { items, loading, finished, error, listError, empty, loadMore, reset, prepend, replace }
}

/** What AppCursorList needs of a useCursorList (nothing that depends on the item type). */
export type CursorListState = Pick<
  ReturnType<typeof useCursorList>,
  'loading' | 'finished' | 'error' | 'listError' | 'empty' | 'loadMore'
>
