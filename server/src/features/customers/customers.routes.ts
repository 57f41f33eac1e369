import { Hono } from 'hono'
import { z } from 'zod'
import { extend } from 'zod/mini'
import { ChatId, ExternalUserId, PageQuery, RemarkChangeInput } from '@kelan/shared'
import type { AppEnv } from '../../app-env'
import { validate } from '../../lib/validate'
import { changeCustomerRemark } from './customer-remark.service'
import { getCustomerCard, getGroupChatCard, listCustomers } from './customers.service'

const ListQuery = extend(PageQuery, { q: z.string().trim().max(50).optional() })

/** What the chat sidebar opens on: the current customer or group chat. Mounted at /api/sidebar. */
export const sidebarRoutes = new Hono<AppEnv>()
  .get('/customers/:id', validate('param', z.object({ id: ExternalUserId })), async (c) => {
    const card = await getCustomerCard(c.var.deps, c.var.viewer, c.req.valid('param').id)
    return c.json(card, 200)
  })
  .get('/group-chats/:id', validate('param', z.object({ id: ChatId })), async (c) => {
    const card = await getGroupChatCard(c.var.deps, c.var.viewer, c.req.valid('param').id)
    return c.json(card, 200)
  })

/** Customers in the viewer's data scope, and a relation's remark. Mounted at /api/customers. */
export const customersRoutes = new Hono<AppEnv>()
  .get('/', validate('query', ListQuery), (c) => {
    return c.json(listCustomers(c.var.deps, c.var.viewer, c.req.valid('query')), 200)
  })
  .put('/:id/remark', validate('param', z.object({ id: ExternalUserId })), validate('json', RemarkChangeInput), (c) => {
    const card = changeCustomerRemark(c.var.deps, c.var.viewer, c.req.valid('param').id, c.req.valid('json'))
    return c.json(card, 200)
  })
