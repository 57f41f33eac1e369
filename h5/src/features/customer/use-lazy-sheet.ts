import { ref, type Ref } from 'vue'
import { useLazyChunk } from '@/composables/use-lazy-chunk'

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
 * pay for it (see useLazyChunk: pass the same `import()` the sheet's defineAsyncComponent
 * uses). A failed download says so and leaves the sheet closed; tapping again retries. A tap
 * while the chunk downloads is ignored: the first tap opens the sheet.
 */
export function useLazySheet(load: () => Promise<unknown>): LazySheet {
  const chunk = useLazyChunk(load)
  const open = ref(false)

  async function show(): Promise<void> {
    if (chunk.loading.value) return
    if (await chunk.ensure()) open.value = true
  }

  return { ready: chunk.ready, open, loading: chunk.loading, show }
}
