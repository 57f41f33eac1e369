import { CustomerCard, TagHistoryPage, TagLibrary } from '@kelan/shared'
import { apiGet, loadRpc, parsed } from '@/api/client'
import type { TagDiff } from './tag-selection'

// Writes go through the typed RPC client (the routes are in AppType); reads use apiGet like
// the rest of the sidebar. Both share api/client.ts's cookie, timeout and 401 handling.
// hc puts path params in as they are, hence the encoding. The RPC client loads with the first
// write, so the card's first paint (reads only) does not carry hono/client.

/** Every tag group with its tags, in display order (GET /api/tags). */
export const fetchTagLibrary = () => apiGet('/api/tags', TagLibrary)

/**
 * Applies `diff` to the viewer's own relation; answers the updated card. Refusals arrive as
 * ApiError: MUTEX_CONFLICT, TAG_LOCKED (409), NOT_FOLLOWER (403), VALIDATION_FAILED (400).
 */
export async function saveCustomerTags(externalUserId: string, diff: TagDiff): Promise<CustomerCard> {
  const rpc = await loadRpc()
  const res = await rpc.api.customers[':id'].tags.$put({ param: { id: encodeURIComponent(externalUserId) }, json: { add: diff.add, remove: diff.remove } })
  return parsed(res, CustomerCard)
}

/** Re-opens the viewer's failed push to WeCom; answers the card (now 同步中). */
export async function retryTagSync(externalUserId: string): Promise<CustomerCard> {
  const rpc = await loadRpc()
  return parsed(await rpc.api.customers[':id'].tags.retry.$post({ param: { id: encodeURIComponent(externalUserId) }, json: {} }), CustomerCard)
}

/** One page of a customer's tag history, newest first; pass the previous page's `nextCursor`. */
export function fetchTagHistory(externalUserId: string, cursor?: number, limit = 30): Promise<TagHistoryPage> {
  return apiGet(`/api/customers/${encodeURIComponent(externalUserId)}/tag-history`, TagHistoryPage, { cursor, limit })
}
