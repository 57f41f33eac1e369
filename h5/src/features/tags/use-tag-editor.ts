import { computed, ref, shallowRef, toValue, type MaybeRefOrGetter } from 'vue'
import type { CustomerCard } from '@kelan/shared'
import { type ApiError, isApiError } from '@/api/errors'
import { isEmptyDiff, lockedMessage, lockedTagIds, searchGroups, selectionDiff, selectionRules, toggleTag } from './tag-selection'
import { saveCustomerTags } from './tags.api'
import { useTagLibraryStore } from './tags.store'

/**
 * State of the tag editor for the viewer's relation to `card`'s customer: the selection
 * (starting from `card.mine.tagIds`), the search, and one save that sends the difference.
 * A failed save keeps the selection, so the user loses nothing and can try again.
 */
export function useTagEditor(card: MaybeRefOrGetter<CustomerCard>) {
  const library = useTagLibraryStore()
  const selected = shallowRef<ReadonlySet<string>>(new Set())
  const query = ref('')
  const saving = ref(false)
  const error = shallowRef<ApiError | null>(null)

  /** What the server has on the relation now; the diff is always against this. */
  const current = computed(() => toValue(card).mine?.tagIds ?? [])
  const rules = computed(() => selectionRules(library.groups ?? [], lockedTagIds(toValue(card).tagGroups)))
  const groups = computed(() => searchGroups(library.groups ?? [], query.value))
  const diff = computed(() => selectionDiff(current.value, selected.value))
  const dirty = computed(() => !isEmptyDiff(diff.value))

  /** Starts over from the card (each time the sheet opens) and refreshes a stale library. */
  function reset(): void {
    selected.value = new Set(current.value)
    query.value = ''
    error.value = null
    void library.ensureFresh()
  }

  /** Taps a tag. Returns why it was refused (a locked tag), or null when the selection changed. */
  function toggle(tagId: string): string | null {
    const outcome = toggleTag(selected.value, tagId, rules.value)
    if (!outcome.ok) return lockedMessage(outcome.lockedNames)
    selected.value = outcome.selected
    error.value = null
    return null
  }

  /**
   * Sends the difference; resolves to the updated card, or null when nothing was sent (no
   * change, a save already running) or the server refused (then `error` says why).
   */
  async function save(): Promise<CustomerCard | null> {
    if (saving.value || !dirty.value) return null
    saving.value = true
    error.value = null
    try {
      return await saveCustomerTags(toValue(card).externalUserId, diff.value)
    } catch (err) {
      if (!isApiError(err)) throw err
      error.value = err
      return null
    } finally {
      saving.value = false
    }
  }

  return {
    library,
    groups,
    query,
    selected,
    diff,
    dirty,
    saving,
    error,
    isSelected: (tagId: string) => selected.value.has(tagId),
    isLocked: (tagId: string) => rules.value.locked.has(tagId),
    reset,
    toggle,
    save,
  }
}
