import { toValue, watch, type MaybeRefOrGetter } from 'vue'
import type { TagHistoryItem, TagHistoryPage } from '@kelan/shared'
import { useCursorList } from '@/composables/use-cursor-list'
import { fetchTagHistory } from './tags.api'

/**
 * A customer's tag history for van-list, newest first: `loadMore` appends the page after the
 * last `nextCursor`; a new `externalUserId` starts over, and a page for the old one is dropped.
 * `restart` (re)loads the first page; nothing loads until it is called.
 */
export function useTagHistory(
  externalUserId: MaybeRefOrGetter<string>,
  fetchPage: (id: string, cursor?: number) => Promise<TagHistoryPage> = fetchTagHistory,
) {
  const list = useCursorList<TagHistoryItem, number>((cursor) => fetchPage(toValue(externalUserId), cursor))
  watch(() => toValue(externalUserId), () => void list.reset())

  const { items, loading, finished, error, listError, empty, loadMore } = list
  return { items, loading, finished, error, listError, empty, loadMore, restart: list.reset }
}
