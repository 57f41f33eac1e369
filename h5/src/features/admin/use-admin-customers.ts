import type { AdminCustomerItem, AdminCustomerPage, BatchSelection, CustomerFilterQuery } from '@kelan/shared'
import { computed, reactive, ref, shallowRef } from 'vue'
import { type ApiError, isApiError } from '@/api/errors'
import { fetchAdminCustomers } from './admin.api'
import {
  batchSelection,
  type CustomerFilterForm,
  emptyFilterForm,
  filterFormErrors,
  filterToQuery,
  pageQuery,
  type RowSelection,
} from './customer-filter'

export const CUSTOMERS_PAGE_SIZE = 20

/**
 * The admin customer list: the filter form, the filter last applied (what the rows and a
 * "select all matching" batch are based on), page by page, and the row selection. An answer
 * for an outdated page or filter is dropped.
 */
export function useAdminCustomers(fetchPage: (query: Record<string, string | number>) => Promise<AdminCustomerPage> = fetchAdminCustomers) {
  const form = ref<CustomerFilterForm>(emptyFilterForm())
  const formErrors = computed(() => filterFormErrors(form.value))
  const applied = shallowRef<CustomerFilterQuery>({})
  const page = ref(1)
  const items = shallowRef<AdminCustomerItem[]>([])
  const total = ref(0)
  const loading = ref(false)
  const loaded = ref(false)
  const error = shallowRef<ApiError | null>(null)
  const selection = reactive<RowSelection>({ allMatching: false, ids: [] })
  let generation = 0

  async function load(): Promise<void> {
    const mine = ++generation
    loading.value = true
    error.value = null
    try {
      const res = await fetchPage(pageQuery(applied.value, page.value, CUSTOMERS_PAGE_SIZE))
      if (mine !== generation) return
      items.value = res.items
      total.value = res.total
      loaded.value = true
    } catch (err) {
      if (!isApiError(err)) throw err
      if (mine === generation) error.value = err
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  function clearSelection(): void {
    selection.allMatching = false
    selection.ids = []
  }

  /** Applies the form (first page, selection cleared); refused while a field is invalid. */
  function search(): Promise<void> {
    if (Object.keys(formErrors.value).length > 0) return Promise.resolve()
    applied.value = filterToQuery(form.value)
    page.value = 1
    clearSelection()
    return load()
  }

  function reset(): Promise<void> {
    form.value = emptyFilterForm()
    return search()
  }

  function goTo(p: number): Promise<void> {
    page.value = p
    return load()
  }

  function toggle(id: string, on: boolean): void {
    selection.allMatching = false
    const rest = selection.ids.filter((x) => x !== id)
    selection.ids = on ? [...rest, id] : rest
  }

  /** Selects or unselects every row of the page shown (others stay as they are). */
  function togglePage(on: boolean): void {
    selection.allMatching = false
    const pageIds = new Set(items.value.map((i) => i.externalUserId))
    const rest = selection.ids.filter((id) => !pageIds.has(id))
    selection.ids = on ? [...rest, ...pageIds] : rest
  }

  function selectAllMatching(): void {
    selection.allMatching = true
  }

  const pageSelected = computed(
    () => items.value.length > 0 && (selection.allMatching || items.value.every((i) => selection.ids.includes(i.externalUserId))),
  )
  const selectedCount = computed(() => (selection.allMatching ? total.value : selection.ids.length))
  const batch = computed<BatchSelection | null>(() => batchSelection(selection, applied.value))

  return {
    form,
    formErrors,
    applied,
    page,
    items,
    total,
    loading,
    loaded,
    error,
    selection,
    pageSelected,
    selectedCount,
    batch,
    load,
    search,
    reset,
    goTo,
    toggle,
    togglePage,
    selectAllMatching,
    clearSelection,
  }
}
