import { showFailToast } from 'vant'
import 'vant/es/toast/style'
import { ref, type Ref } from 'vue'

export interface LazyChunk {
  /** True once the chunk is here: render what it holds from then on. */
  ready: Ref<boolean>
  /** True while the chunk downloads: the control that asked for it can show a spinner. */
  loading: Ref<boolean>
  /** Fetches the chunk on first use; false (after telling the user) when the download failed. */
  ensure: () => Promise<boolean>
}

/**
 * Code a page needs only after a tap (a sheet, a form, a dialog), fetched on that first tap so
 * the first paint does not pay for it. Pass the same `import()` the component's
 * defineAsyncComponent uses: once `load` has resolved the module is cached, so the async
 * component renders at once. A failed download (a flaky network, or a deploy that replaced the
 * chunk) says so; the next call retries. Calls while a download runs wait for it, none starts a second.
 */
export function useLazyChunk(load: () => Promise<unknown>): LazyChunk {
  const ready = ref(false)
  const loading = ref(false)
  let pending: Promise<boolean> | null = null

  async function fetchOnce(): Promise<boolean> {
    loading.value = true
    try {
      await load()
      ready.value = true
      return true
    } catch {
      showFailToast('加载失败，请检查网络后重试')
      return false
    } finally {
      loading.value = false
      pending = null
    }
  }

  function ensure(): Promise<boolean> {
    if (ready.value) return Promise.resolve(true)
    pending ??= fetchOnce()
    return pending
  }

  return { ready, loading, ensure }
}
