import { ref, shallowRef } from 'vue'
import { type ApiError, isApiError } from '@/api/errors'
import { type CustomerListItem, type CustomerListPage, type CustomerListQuery, fetchCustomers } from './manager.api'

const PAGE_SIZE = 20

/**
 * A searchable, page-by-page list for van-list: `loadMore` appends the next page,
 * `search` starts over. An answer for an outdated search is dropped.
 */
export function useCustomerList(fetchPage: (q: CustomerListQuery) => Promise<CustomerListPage> = fetchCustomers) {
  const q = ref('')
  const items = ref<CustomerListItem[]>([])
  const total = ref(0)
  const loading = ref(false)
  const finished = ref(false)
  const error = shallowRef<ApiError | null>(null)
  let page = 0
  let generation = 0

  async function loadMore(): Promise<void> {
    const mine = generation
    loading.value = true
    error.value = null
    try {
      const res = await fetchPage({ q: q.value, page: page + 1, pageSize: PAGE_SIZE })
      if (mine !== generation) return
      page += 1
      items.value = [...items.value, ...res.items]
      total.value = res.total
      finished.value = items.value.length >= res.total || res.items.length === 0
    } catch (err) {
      if (!isApiError(err)) throw err
      if (mine === generation) error.value = err
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  /** Starts over with the current `q`. */
  function search(): Promise<void> {
    generation += 1
    page = 0
    items.value = []
    total.value = 0
    finished.value = false
    return loadMore()
  }

  return { q, items, total, loading, finished, error, loadMore, search }
}
