import type { MarkImportJob } from '@kelan/shared'
import { useJobFollower } from '@/features/admin/use-job-follower'
import { fetchMarkImportJob, startMarkImport } from './marks.api'

/** How often a running import is looked at. */
export const MARK_IMPORT_POLL_MS = 1000

/**
 * Uploads a marks file and follows the job until it is done or failed; `onFinished` then gets
 * the final job. A network hiccup keeps polling; any other error stops and is kept in `error`.
 */
export function useMarkImport(onFinished?: (job: MarkImportJob) => void, intervalMs = MARK_IMPORT_POLL_MS) {
  const follower = useJobFollower(fetchMarkImportJob, intervalMs, onFinished)

  /** Uploads the file; rejects (ApiError) when the server refuses it, leaving no job. */
  function start(file: File): Promise<void> {
    return follower.follow(() => startMarkImport(file))
  }

  const { job, error, polling, reset } = follower
  return { job, error, polling, start, reset }
}
