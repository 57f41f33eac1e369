import { showConfirmDialog } from 'vant'
import 'vant/es/dialog/style'

/**
 * Asks before 删除 of a personal item; true to go on. Its own module so the panel imports it
 * (and Vant's dialog) only when someone taps 删除.
 */
export function confirmDelete(): Promise<boolean> {
  return showConfirmDialog({ title: '删除这条内容？', message: '删除后不可恢复。', confirmButtonText: '删除', confirmButtonColor: 'var(--van-danger-color)' })
    .then(() => true)
    .catch(() => false)
}
