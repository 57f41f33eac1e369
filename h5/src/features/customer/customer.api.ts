import { CustomerCard } from '@kelan/shared'
import { apiGet } from '@/api/client'

/** The whole sidebar card in one call; the server fetches an unknown customer from WeCom on demand. */
export function fetchCustomerCard(externalUserId: string): Promise<CustomerCard> {
  return apiGet(`/api/sidebar/customers/${encodeURIComponent(externalUserId)}`, CustomerCard)
}
