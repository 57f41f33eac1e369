import { CustomerListPage } from '@kelan/shared'

export type { CustomerListItem } from '@kelan/shared'
export { CustomerListPage }
import { apiGet } from '@/api/client'

export interface CustomerListQuery {
  q: string
  page: number
  pageSize: number
}

/** Customers the viewer may see (their team's), newest first, filtered by `q`. */
export function fetchCustomers(query: CustomerListQuery): Promise<CustomerListPage> {
  return apiGet('/api/customers', CustomerListPage, { q: query.q.trim(), page: query.page, pageSize: query.pageSize })
}
