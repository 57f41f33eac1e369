import { showSuccessToast } from 'vant'
import 'vant/es/toast/style'
import { ref, watch } from 'vue'
import { type CursorPage, useCursorList } from '@/composables/use-cursor-list'
import { noteActivity } from './followup-activity'

/**
 * A customer's records (跟进, 业务) paged for AppCursorList, starting over for another customer,
 * plus the sheet that adds one: `openForm` opens it with a new form (`formKey`, so the form and
 * its clientKey start afresh); `created` closes it, puts the record on top unless a repeated
 * clientKey answered one already listed, toasts `toast`, tells open timelines and calls `onCreated`.
 *
 * @example const records = useCustomerRecords(() => props.externalUserId, fetchFollowups, '已保存', (f) => emit('created', f))
 */
export function useCustomerRecords<T extends { id: number }>(
  externalUserId: () => string,
  fetchPage: (externalUserId: string, cursor: string | undefined) => Promise<CursorPage<T>>,
  toast: string,
  onCreated: (record: T) => void,
) {
  const list = useCursorList((cursor) => fetchPage(externalUserId(), cursor))
  const open = ref(false)
  const formKey = ref(0)

  watch(externalUserId, () => void list.reset())

  function openForm(): void {
    formKey.value += 1
    open.value = true
  }

  function created(record: T): void {
    open.value = false
    if (!list.items.value.some((r) => r.id === record.id)) list.prepend(record)
    showSuccessToast(toast)
    noteActivity(externalUserId())
    onCreated(record)
  }

  return { list, items: list.items, open, formKey, openForm, created }
}
