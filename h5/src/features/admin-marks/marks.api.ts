import {
  CreateMarksResult,
  type CreateMarksInput,
  Mark,
  MarkCandidatePage,
  type MarkCandidateQuery,
  MarkHistoryPage,
  MarkImportJob,
  MarkPage,
  type MarkListQuery,
  MarkSettings,
  type UpdateMarkInput,
  type UpdateMarkSettingsInput,
} from '@kelan/shared'
import * as z from 'zod/mini'
import { apiCall, apiGet, apiUpload } from '@/api/client'

// The admin page's wrappers of /api/admin/marks (客户标记管理). Refusals arrive as ApiError with
// the server's details: ALREADY_MARKED (409, details.customers), NOT_MARK_TAG (400),
// MARK_TAG_IN_USE (409), CONFLICT (409, the mark was removed meanwhile), FORBIDDEN (403).

export const MARKS_BASE = '/api/admin/marks'

type Query = Record<string, string | number | undefined>

/** One page of the list, newest first. */
export const fetchMarks = (query: Partial<MarkListQuery>) => apiGet(MARKS_BASE, MarkPage, query as Query)

/** The 选择客户 picker's search over every customer of the corp. */
export const fetchMarkCandidates = (query: Partial<MarkCandidateQuery>) =>
  apiGet(`${MARKS_BASE}/candidates`, MarkCandidatePage, query as Query)

/** 添加: marks every target with one tag; answers the created rows (201). */
export const createMarks = (input: CreateMarksInput) => apiCall('POST', MARKS_BASE, CreateMarksResult, { body: input })

/** 编辑: tag, forced remark ('' = back to the default) or reason. */
export const updateMark = (id: number, input: UpdateMarkInput) => apiCall('PATCH', `${MARKS_BASE}/${id}`, Mark, { body: input })

/** 移除 (204). */
export async function removeMark(id: number): Promise<void> {
  await apiCall('DELETE', `${MARKS_BASE}/${id}`, z.unknown())
}

/** One page of a mark's events, newest first; pass the previous page's `nextCursor`. */
export const fetchMarkHistory = (id: number, cursor?: number, limit = 30) =>
  apiGet(`${MARKS_BASE}/${id}/history`, MarkHistoryPage, { cursor, limit })

/** Which tags are marks, and who besides admins manages the list. */
export const fetchMarkSettings = () => apiGet(`${MARKS_BASE}/settings`, MarkSettings)

export const updateMarkSettings = (input: UpdateMarkSettingsInput) =>
  apiCall('PUT', `${MARKS_BASE}/settings`, MarkSettings, { body: input })

/** 标记管理员 search: active staff by name or userid (GET /api/staff, shared with the @同事 picker). */
export { searchStaff } from '@/features/followups/followups.api'

/** Where the empty import template downloads from (same-origin cookie). */
export const markImportTemplateUrl = `${MARKS_BASE}/import/template`

/** Where the per-row result of a finished import downloads from. */
export const markImportResultUrl = (id: number) => `${MARKS_BASE}/import/${id}/result.xlsx`

/** Uploads an xlsx or csv (form field `file`); answers the queued job (202). */
export function startMarkImport(file: File) {
  const form = new FormData()
  form.append('file', file)
  return apiUpload(`${MARKS_BASE}/import`, form, MarkImportJob)
}

export const fetchMarkImportJob = (id: number) => apiGet(`${MARKS_BASE}/import/${id}`, MarkImportJob)
