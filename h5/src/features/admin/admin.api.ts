import {
  AdminCustomerPage,
  BatchJob,
  BatchJobList,
  BatchPrecheck,
  LibraryGroup,
  LibraryTag,
  OutboxFailureList,
  SyncRun,
  TagLibrary,
  type AddTagsInput,
  type BatchTagInput,
  type CreateGroupInput,
  type UpdateGroupInput,
  type UpdateTagInput,
} from '@kelan/shared'
import * as z from 'zod/mini'
import { apiCall } from '@/api/client'

// Endpoint wrappers of the admin desktop, one per route (see notes/tagging-design.md, "API").

const NoContent = z.unknown()
const LastSync = z.object({ run: z.nullable(SyncRun) })
const StartedSync = z.object({ run: SyncRun })
const enc = encodeURIComponent

/** The whole library with customer counts (admin). */
export const fetchAdminLibrary = () => apiCall('GET', '/api/admin/tags', TagLibrary)

export const createGroup = (input: CreateGroupInput) => apiCall('POST', '/api/admin/tag-groups', LibraryGroup, { body: input })

export const updateGroup = (id: string, input: UpdateGroupInput) =>
  apiCall('PATCH', `/api/admin/tag-groups/${enc(id)}`, LibraryGroup, { body: input })

export const deleteGroup = async (id: string): Promise<void> => {
  await apiCall('DELETE', `/api/admin/tag-groups/${enc(id)}`, NoContent)
}

/** Every group id in the new display order. */
export const reorderGroups = (ids: string[]) => apiCall('PUT', '/api/admin/tag-groups/order', TagLibrary, { body: { ids } })

export const addTags = (groupId: string, input: AddTagsInput) =>
  apiCall('POST', `/api/admin/tag-groups/${enc(groupId)}/tags`, LibraryGroup, { body: input })

/** Every tag id of the group in the new display order. */
export const reorderTags = (groupId: string, ids: string[]) =>
  apiCall('PUT', `/api/admin/tag-groups/${enc(groupId)}/order`, LibraryGroup, { body: { ids } })

export const updateTag = (id: string, input: UpdateTagInput) => apiCall('PATCH', `/api/admin/tags/${enc(id)}`, LibraryTag, { body: input })

export const deleteTag = async (id: string): Promise<void> => {
  await apiCall('DELETE', `/api/admin/tags/${enc(id)}`, NoContent)
}

/** The latest full sync, null before the first one. */
export const fetchLastSync = async (): Promise<SyncRun | null> => (await apiCall('GET', '/api/sync/last', LastSync)).run

/** Starts a full pull from WeCom; 409 SYNC_RUNNING while one runs. */
export const startSync = async (): Promise<SyncRun> => (await apiCall('POST', '/api/sync', StartedSync, { body: {} })).run

export const fetchOutboxFailures = () => apiCall('GET', '/api/admin/outbox/failures', OutboxFailureList)

export const retryOutboxItem = async (id: number): Promise<void> => {
  await apiCall('POST', `/api/admin/outbox/${id}/retry`, NoContent, { body: {} })
}

/** One page of customers; `query` is the filter's query string plus page and pageSize. */
export const fetchAdminCustomers = (query: Record<string, string | number>) =>
  apiCall('GET', '/api/admin/customers', AdminCustomerPage, { query })

export const precheckBatch = (input: BatchTagInput) => apiCall('POST', '/api/admin/tag-batches/precheck', BatchPrecheck, { body: input })

export const startBatch = (input: BatchTagInput) => apiCall('POST', '/api/admin/tag-batches', BatchJob, { body: input })

export const fetchBatchJobs = () => apiCall('GET', '/api/admin/tag-batches', BatchJobList)

export const fetchBatchJob = (id: number) => apiCall('GET', `/api/admin/tag-batches/${id}`, BatchJob)

/** Where the per-customer result of a batch downloads from (xlsx, same-origin cookie). */
export const batchResultUrl = (id: number) => `/api/admin/tag-batches/${id}/result.xlsx`
