import { ref, shallowRef, toValue, watch, type MaybeRefOrGetter, type Ref, type ShallowRef } from 'vue'
import { ApiError, isApiError } from '@/api/errors'

export interface AsyncData<T> {
  data: ShallowRef<T | null>
  error: ShallowRef<ApiError | null>
  loading: Ref<boolean>
  reload: () => Promise<void>
}

/**
 * Loads `fetcher(key)` now and whenever `key` changes; a stale answer for an old key is
 * dropped, and the old key's data is cleared at once so nobody sees customer A under B's id.
 * Errors end up in `error` as ApiError (anything else is a bug and is rethrown).
 *
 * @example const { data: card, error, loading, reload } = useAsyncData(() => props.id, fetchCustomerCard)
 */
export function useAsyncData<K, T>(key: MaybeRefOrGetter<K>, fetcher: (key: K) => Promise<T>): AsyncData<T> {
  const data = shallowRef<T | null>(null)
  const error = shallowRef<ApiError | null>(null)
  const loading = ref(false)
  let run = 0

  async function reload(): Promise<void> {
    const mine = ++run
    loading.value = true
    error.value = null
    try {
      const value = await fetcher(toValue(key))
      if (mine === run) data.value = value
    } catch (err) {
      if (!isApiError(err)) throw err
      if (mine === run) {
        data.value = null
        error.value = err
      }
    } finally {
      if (mine === run) loading.value = false
    }
  }

  watch(
    () => toValue(key),
    () => {
      data.value = null
      void reload()
    },
    { immediate: true },
  )
  return { data, error, loading, reload }
}
