import { CustomerCard } from '@kelan/shared'
import { apiCall, apiGet } from '@/api/client'

/** The whole sidebar card in one call; the server fetches an unknown customer from WeCom on demand. */
export function fetchCustomerCard(externalUserId: string): Promise<CustomerCard> {
  return apiGet(`/api/sidebar/customers/${encodeURIComponent(externalUserId)}`, CustomerCard)
}

/**
 * Sets the viewer's remark on their own relation (pushed to WeCom through the outbox);
 * answers the updated card. Refusals arrive as ApiError: REMARK_LOCKED (409, a special mark
 * forces the remark), NOT_FOLLOWER (403), VALIDATION_FAILED (400, over 20 characters).
 */
export function saveRemark(externalUserId: string, remark: string): Promise<CustomerCard> {
  return apiCall('PUT', `/api/customers/${encodeURIComponent(externalUserId)}/remark`, CustomerCard, { body: { remark } })
}
