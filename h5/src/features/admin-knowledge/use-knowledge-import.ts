import type { KnowledgeImportJob, KnowledgeKind } from '@kelan/shared'
import { shallowRef } from 'vue'
import { type ApiError, isApiError } from '@/api/errors'
import { isJobFinished } from '@/features/admin/admin.format'
import { usePolling } from '@/features/admin/use-polling'
import { fetchImportJob, startImport } from './knowledge-import.api'

/** How often a running import is looked at. */
export const IMPORT_POLL_MS = 1000

/**
 * Uploads an import file and follows the job (GET …/import/:id every second) until it is
 * done or failed; `onFinished` then gets the final job. A network hiccup keeps polling; any
 * other error stops and is shown in `error`.
 */
export function useKnowledgeImport(onFinished?: (job: KnowledgeImportJob) => void) {
  const job = shallowRef<KnowledgeImportJob | null>(null)
  const error = shallowRef<ApiError | null>(null)

  const poll = usePolling(async () => {
    const current = job.value
    if (!current) return false
    try {
      job.value = await fetchImportJob(current.id)
      error.value = null
    } catch (err) {
      if (!isApiError(err)) throw err
      error.value = err
      return isApiError(err, 'NETWORK')
    }
    return !settled()
  }, IMPORT_POLL_MS)

  function settled(): boolean {
    if (!job.value || !isJobFinished(job.value)) return false
    onFinished?.(job.value)
    return true
  }

  /** Uploads the file; rejects (ApiError) when the server refuses it, leaving no job. */
  async function start(kind: KnowledgeKind, file: File): Promise<void> {
    error.value = null
    job.value = await startImport(kind, file)
    if (!settled()) poll.start()
  }

  function reset(): void {
    poll.stop()
    job.value = null
    error.value = null
  }

  return { job, error, polling: poll.active, start, reset }
}
