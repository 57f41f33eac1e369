import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../../app-env'
import { validate } from '../../lib/validate'
import { roleGuard } from '../../middleware/session'
import { listOutboxFailures, retryOutboxItem } from './outbox.service'

const ItemParam = z.object({ id: z.coerce.number().int().min(1) })

/**
 * Changes WeCom refused, for admins, mounted at '/api/admin/outbox'. The role is checked
 * before anything else, so a non-admin learns nothing from a malformed id either.
 */
export const outboxRoutes = new Hono<AppEnv>()
  .use(roleGuard('admin'))
  .get('/failures', (c) => c.json(listOutboxFailures(c.var.deps), 200))
  .post('/:id/retry', validate('param', ItemParam), (c) => {
    retryOutboxItem(c.var.deps, c.req.valid('param').id)
    return c.body(null, 204)
  })
