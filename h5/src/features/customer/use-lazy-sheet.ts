import { showFailToast } from 'vant'
import 'vant/es/toast/style'
import { ref, type Ref } from 'vue'

export interface LazySheet {
  /** True once the sheet's code is here: render the sheet from then on (and keep it). */
  ready: Ref<boolean>
  /** The sheet's v-model:show. */
  open: Ref<boolean>
  /** True while the sheet's chunk downloads: the button that opens it shows a spinner. */
  loading: Ref<boolean>
  /** Fetches the sheet's chunk on first use, then opens the sheet. */
  show: () => Promise<void>
}

/**
 * A bottom sheet whose code loads on its first opening, so the card's first paint does not
 * pay for it. Pass the same `import()` the sheet's defineAsyncComponent uses: once `load`
 * has resolved the module is cached, so the async component renders at once and the tap
 * shows a spinner on its button instead of a blank wait. A failed download (a flaky network,
 * or a deploy that replaced the chunk) says so and leaves the sheet closed; tapping again
 * retries.
 */
export function useLazySheet(load: () => Promise<unknown>): LazySheet {
  const ready = ref(false)
  const open = ref(false)
  const loading = ref(false)

  async function show(): Promise<void> {
    if (loading.value) return
    if (!ready.value) {
      loading.value = true
      try {
        await load()
      } catch {
        showFailToast('加载失败，请检查网络后重试')
        return
      } finally {
        loading.value = false
      }
      ready.value = true
    }
    open.value = true
  }

  return { ready, open, loading, show }
}
