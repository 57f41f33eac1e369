import type { BatchJob, BatchTagInput } from '@kelan/shared'
import { shallowRef } from 'vue'
import { type ApiError, isApiError } from '@/api/errors'
import { fetchBatchJob, startBatch } from './admin.api'
import { isJobFinished } from './admin.format'
import { usePolling } from './use-polling'

/** How often a running batch is looked at. */
export const BATCH_POLL_MS = 1000

/**
 * Starts a batch and follows it (GET …/tag-batches/:id every second) until it is done or
 * failed; `onFinished` then gets the final job. A network hiccup keeps polling; any other
 * error stops and is shown.
 */
export function useBatchJob(onFinished?: (job: BatchJob) => void) {
  const job = shallowRef<BatchJob | null>(null)
  const error = shallowRef<ApiError | null>(null)

  const poll = usePolling(async () => {
    const current = job.value
    if (!current) return false
    try {
      job.value = await fetchBatchJob(current.id)
      error.value = null
    } catch (err) {
      if (!isApiError(err)) throw err
      error.value = err
      return isApiError(err, 'NETWORK')
    }
    return !settled()
  }, BATCH_POLL_MS)

  function settled(): boolean {
    if (!job.value || !isJobFinished(job.value)) return false
    onFinished?.(job.value)
    return true
  }

  /** Starts the batch; rejects (ApiError) when the server refuses it. */
  async function start(input: BatchTagInput): Promise<void> {
    error.value = null
    job.value = await startBatch(input)
    if (!settled()) poll.start()
  }

  function reset(): void {
    poll.stop()
    job.value = null
    error.value = null
  }

  return { job, error, polling: poll.active, start, reset, stop: poll.stop }
}
