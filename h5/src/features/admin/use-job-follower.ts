import type { BatchJob } from '@kelan/shared'
import { type Ref, type ShallowRef, shallowRef } from 'vue'
import { type ApiError, isApiError } from '@/api/errors'
import { isJobFinished } from './admin.format'
import { usePolling } from './use-polling'

/** What a followed job must carry: its id to fetch it again and its status to know when it stops. */
export type FollowedJob = { id: number } & Pick<BatchJob, 'status'>

/** What AdminImportDialog shows of an import job (客户标记, 知识库). */
export type ImportedJob = FollowedJob & Pick<BatchJob, 'total' | 'done' | 'failed' | 'error'> & { fileName: string }

/** A file import as AdminImportDialog drives it: a useJobFollower plus `start(file)`. */
export interface JobImporter<J> {
  job: Readonly<ShallowRef<J | null>>
  error: Readonly<ShallowRef<ApiError | null>>
  polling: Readonly<Ref<boolean>>
  /** Uploads the file; rejects (ApiError) when the server refuses it, leaving no job. */
  start(file: File): Promise<void>
  reset(): void
}

/**
 * Follows a background job (fetchJob(id) every `intervalMs`) until it is done or failed;
 * `onFinished` then gets the final job. A network hiccup keeps polling; any other ApiError
 * stops and is kept in `error`. Shared by the tag batch and the knowledge import.
 *
 * @example const f = useJobFollower(fetchBatchJob, 1000, done); await f.follow(() => startBatch(input))
 */
export function useJobFollower<J extends FollowedJob>(
  fetchJob: (id: number) => Promise<J>,
  intervalMs: number,
  onFinished?: (job: J) => void,
) {
  const job = shallowRef<J | null>(null)
  const error = shallowRef<ApiError | null>(null)

  const poll = usePolling(async () => {
    const current = job.value
    if (!current) return false
    try {
      job.value = await fetchJob(current.id)
      error.value = null
    } catch (err) {
      if (!isApiError(err)) throw err
      error.value = err
      return isApiError(err, 'NETWORK')
    }
    return !settled()
  }, intervalMs)

  function settled(): boolean {
    if (!job.value || !isJobFinished(job.value)) return false
    onFinished?.(job.value)
    return true
  }

  /**
   * Starts a job with `start` and follows it; rejects (and keeps the previous job) when
   * `start` does. The error is cleared first so a refused start shows no stale poll error.
   */
  async function follow(start: () => Promise<J>): Promise<void> {
    error.value = null
    job.value = await start()
    if (!settled()) poll.start()
  }

  /** Stops following and forgets the job and its error. */
  function reset(): void {
    poll.stop()
    job.value = null
    error.value = null
  }

  return { job, error, polling: poll.active, follow, reset, stop: poll.stop }
}
