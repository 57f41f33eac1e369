import { KnowledgeImportJob, type KnowledgeKind } from '@kelan/shared'
import { apiCall, apiUpload } from '@/api/client'

// The admin page's wrappers of /api/knowledge/import (xlsx import into the public library).

const BASE = '/api/knowledge/import'

/** Where the empty xlsx template of one kind downloads from (same-origin cookie). */
export const importTemplateUrl = (kind: KnowledgeKind) => `${BASE}/template?kind=${kind}`

/** Where the per-row result of an import downloads from once it is finished. */
export const importResultUrl = (id: number) => `${BASE}/${id}/result.xlsx`

/**
 * Uploads the file (form field `file`) and answers the queued job (202). Refusals: 413
 * PAYLOAD_TOO_LARGE, 400 for a file that is not xlsx, empty or has too many rows.
 */
export function startImport(kind: KnowledgeKind, file: File) {
  const form = new FormData()
  form.append('file', file)
  return apiUpload(BASE, form, KnowledgeImportJob, { kind })
}

export const fetchImportJob = (id: number) => apiCall('GET', `${BASE}/${id}`, KnowledgeImportJob)
