import { Hono } from 'hono'
import { z } from 'zod'
import { ExternalUserId, TagChangeInput, TagHistoryQuery } from '@kelan/shared'
import type { AppEnv } from '../../app-env'
import { validate } from '../../lib/validate'
import { changeCustomerTags, getTagHistory, retryCustomerTags } from './tags.service'

const Param = z.object({ id: ExternalUserId })
const RetryInput = z.object({ userid: z.string().min(1).max(64).optional() })

/** A customer's tags: change, retry the push to WeCom, history. Mounted at /api/customers. */
export const customerTagRoutes = new Hono<AppEnv>()
  .put('/:id/tags', validate('param', Param), validate('json', TagChangeInput), async (c) => {
    const card = await changeCustomerTags(c.var.deps, c.var.viewer, c.req.valid('param').id, c.req.valid('json'))
    return c.json(card, 200)
  })
  .post('/:id/tags/retry', validate('param', Param), validate('json', RetryInput), async (c) => {
    const card = await retryCustomerTags(c.var.deps, c.var.viewer, c.req.valid('param').id, c.req.valid('json').userid)
    return c.json(card, 200)
  })
  .get('/:id/tag-history', validate('param', Param), validate('query', TagHistoryQuery), (c) => {
    return c.json(getTagHistory(c.var.deps, c.var.viewer, c.req.valid('param').id, c.req.valid('query')), 200)
  })
