import type { KnowledgeImportJob, KnowledgeKind } from '@kelan/shared'
import { useJobFollower } from '@/features/admin/use-job-follower'
import { fetchImportJob, startImport } from './knowledge-import.api'

/** How often a running import is looked at. */
export const IMPORT_POLL_MS = 1000

/**
 * Uploads an import file and follows the job (GET …/import/:id every second) until it is
 * done or failed; `onFinished` then gets the final job. A network hiccup keeps polling; any
 * other error stops and is shown in `error`.
 */
export function useKnowledgeImport(onFinished?: (job: KnowledgeImportJob) => void) {
  const follower = useJobFollower(fetchImportJob, IMPORT_POLL_MS, onFinished)

  /** Uploads the file; rejects (ApiError) when the server refuses it, leaving no job. */
  function start(kind: KnowledgeKind, file: File): Promise<void> {
    return follower.follow(() => startImport(kind, file))
  }

  const { job, error, polling, reset } = follower
  return { job, error, polling, start, reset }
}
