import type { Mark } from '@kelan/shared'
import { ref, shallowRef } from 'vue'
import { type ApiError, isApiError } from '@/api/errors'
import { fetchMarks } from './marks.api'
import { emptyMarkFilter, type MarkFilterForm, toMarkQuery } from './marks.format'

export const MARKS_PAGE_SIZE = 20

/**
 * The 客户标记管理 list: the filter form being edited, the filter applied by 搜索, the page and
 * its rows. A slow answer to an older request never overwrites a newer one.
 */
export function useMarkList(fetchPage = fetchMarks) {
  const form = ref<MarkFilterForm>(emptyMarkFilter())
  let applied = emptyMarkFilter()
  const page = ref(1)
  const items = shallowRef<Mark[]>([])
  const total = ref(0)
  const loading = ref(false)
  const loaded = ref(false)
  const error = shallowRef<ApiError | null>(null)
  let run = 0

  /** Loads the current page with the applied filter. */
  async function load(): Promise<void> {
    const mine = ++run
    loading.value = true
    error.value = null
    try {
      const result = await fetchPage(toMarkQuery(applied, page.value, MARKS_PAGE_SIZE))
      if (mine !== run) return
      items.value = result.items
      total.value = result.total
      loaded.value = true
    } catch (err) {
      if (!isApiError(err)) throw err
      if (mine === run) error.value = err
    } finally {
      if (mine === run) loading.value = false
    }
  }

  /** 搜索: applies the form and goes back to page 1. */
  function search(): Promise<void> {
    applied = { ...form.value }
    page.value = 1
    return load()
  }

  /** 清空: empties the form and shows everything. */
  function reset(): Promise<void> {
    form.value = emptyMarkFilter()
    return search()
  }

  function goTo(next: number): Promise<void> {
    page.value = next
    return load()
  }

  /** Replaces one row in place (after 编辑). */
  function replace(mark: Mark): void {
    items.value = items.value.map((m) => (m.id === mark.id ? mark : m))
  }

  return { form, page, items, total, loading, loaded, error, load, search, reset, goTo, replace }
}
