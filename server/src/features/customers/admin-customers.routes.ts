import { Hono } from 'hono'
import { CustomerFilter, PageQuery } from '@kelan/shared'
import { extend } from 'zod/mini'
import type { AppEnv } from '../../app-env'
import { validate } from '../../lib/validate'
import { roleGuard } from '../../middleware/session'
import { listAdminCustomers } from './admin-customers.service'

const AdminCustomerQuery = extend(CustomerFilter, PageQuery.shape)

/** Admins and managers; checked before any input is validated. */
const managersOnly = roleGuard('manager')

/**
 * The admin desktop's customer list, for admins and managers (each within their data scope).
 * Mounted at /api/admin/customers. The role is checked before the query is validated, so a
 * staff member gets 403 whatever they send.
 */
export const adminCustomersRoutes = new Hono<AppEnv>()
  .use(managersOnly)
  .get('/', validate('query', AdminCustomerQuery), (c) => {
    return c.json(listAdminCustomers(c.var.deps, c.var.viewer, c.req.valid('query')), 200)
  })
