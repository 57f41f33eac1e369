import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { LibraryGroup } from '@kelan/shared'
import { type ApiError, isApiError } from '@/api/errors'
import { fetchTagLibrary } from './tags.api'

/** How old the cached library may be when the editor opens before it is fetched again. */
export const LIBRARY_MAX_AGE_MS = 60_000

/**
 * The corp's tag library, cached for the session: the sidebar opens the editor for customer
 * after customer, and the library rarely changes in between. Admin edits show up within a
 * minute (the next open after that refetches).
 */
export const useTagLibraryStore = defineStore('tag-library', () => {
  /** Groups in display order; null until the first load succeeds. */
  const groups = shallowRef<LibraryGroup[] | null>(null)
  /** Date.now() of the last successful load. */
  const fetchedAt = ref(0)
  const loading = ref(false)
  /** The last load's failure; the cached groups (if any) stay usable. */
  const error = shallowRef<ApiError | null>(null)
  let inFlight: Promise<void> | null = null

  /** Loads the library unless the cached copy is younger than `maxAgeMs`. */
  function ensureFresh(maxAgeMs = LIBRARY_MAX_AGE_MS): Promise<void> {
    if (groups.value && Date.now() - fetchedAt.value < maxAgeMs) return Promise.resolve()
    return load()
  }

  /** Fetches the library now; concurrent callers share one request. */
  function load(): Promise<void> {
    inFlight ??= fetchOnce().finally(() => {
      inFlight = null
    })
    return inFlight
  }

  async function fetchOnce(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      const library = await fetchTagLibrary()
      groups.value = library.groups
      fetchedAt.value = Date.now()
    } catch (err) {
      if (!isApiError(err)) throw err
      error.value = err
    } finally {
      loading.value = false
    }
  }

  return { groups, fetchedAt, loading, error, ensureFresh, load }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useTagLibraryStore, import.meta.hot))
