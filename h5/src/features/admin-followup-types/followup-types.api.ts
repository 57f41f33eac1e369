import { FollowupType, FollowupTypeList, type UpdateFollowupTypeInput } from '@kelan/shared'
import * as z from 'zod/mini'
import { apiCall } from '@/api/client'

// Endpoint wrappers of 跟进方式 (admin), one per route under /api/admin/followup-types.

const TYPES = '/api/admin/followup-types'
const NoContent = z.unknown()

/** Every type with its usage, 笔记 first. */
export const fetchFollowupTypes = () => apiCall('GET', TYPES, FollowupTypeList)

/** Adds a type at the end; 409 NAME_TAKEN for a name already used. */
export const createFollowupType = (name: string) => apiCall('POST', TYPES, FollowupType, { body: { name } })

/** Renames, enables or disables a type; 笔记 cannot be disabled (403). */
export const updateFollowupType = (id: number, patch: UpdateFollowupTypeInput) => apiCall('PATCH', `${TYPES}/${id}`, FollowupType, { body: patch })

/** Sets the order from every type's id, 笔记 first; answers the list in its new order. */
export const reorderFollowupTypes = (ids: number[]) => apiCall('PUT', `${TYPES}/order`, FollowupTypeList, { body: { ids } })

/** Deletes an unused type; a type in use is refused with 409 TYPE_IN_USE (disable it instead). */
export const deleteFollowupType = async (id: number): Promise<void> => {
  await apiCall('DELETE', `${TYPES}/${id}`, NoContent)
}
