import type { BatchJob, BatchTagInput } from '@kelan/shared'
import { fetchBatchJob, startBatch } from './admin.api'
import { useJobFollower } from './use-job-follower'

/** How often a running batch is looked at. */
export const BATCH_POLL_MS = 1000

/**
 * Starts a batch and follows it (GET …/tag-batches/:id every second) until it is done or
 * failed; `onFinished` then gets the final job. A network hiccup keeps polling; any other
 * error stops and is shown.
 */
export function useBatchJob(onFinished?: (job: BatchJob) => void) {
  const follower = useJobFollower(fetchBatchJob, BATCH_POLL_MS, onFinished)

  /** Starts the batch; rejects (ApiError) when the server refuses it. */
  function start(input: BatchTagInput): Promise<void> {
    return follower.follow(() => startBatch(input))
  }

  const { job, error, polling, reset, stop } = follower
  return { job, error, polling, start, reset, stop }
}
