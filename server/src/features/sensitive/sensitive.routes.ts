import { Hono } from 'hono'
import { z } from 'zod'
import { CreateSensitiveWordsInput, SendLogInput, SensitiveCheckInput, UpdateSensitiveWordInput } from '@kelan/shared'
import type { AppEnv } from '../../app-env'
import { validate } from '../../lib/validate'
import { roleGuard } from '../../middleware/session'
import * as svc from './sensitive.service'

const IdParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) })
const LogQuery = z.object({ cursor: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional() })

/** Per route, before validation: a non-admin gets 403 whatever the body. */
const adminOnly = roleGuard('admin')

/** The admin's sensitive-word list and the send log, mounted at /api/admin/sensitive-words. */
export const sensitiveAdminRoutes = new Hono<AppEnv>()
  .get('/', adminOnly, (c) => c.json(svc.listWords(c.var.deps, c.var.viewer), 200))
  .post('/', adminOnly, validate('json', CreateSensitiveWordsInput), (c) => {
    const result = svc.createWords(c.var.deps, c.var.viewer, c.req.valid('json'))
    // 200 when every word was already there: nothing was created.
    return c.json(result, result.items.length ? 201 : 200)
  })
  .get('/log', adminOnly, validate('query', LogQuery), (c) => {
    return c.json(svc.sendLogPage(c.var.deps, c.var.viewer, c.req.valid('query').cursor), 200)
  })
  .patch('/:id', adminOnly, validate('param', IdParam), validate('json', UpdateSensitiveWordInput), (c) => {
    return c.json(svc.setAction(c.var.deps, c.var.viewer, c.req.valid('param').id, c.req.valid('json').action), 200)
  })
  .delete('/:id', adminOnly, validate('param', IdParam), (c) => {
    svc.deleteWord(c.var.deps, c.var.viewer, c.req.valid('param').id)
    return c.body(null, 204)
  })

/**
 * The check before a send (answering a one-time send token) and the record after it, for
 * everyone signed in; mounted at /api/knowledge beside the knowledge base.
 */
export const sensitiveCheckRoutes = new Hono<AppEnv>()
  .post('/check', validate('json', SensitiveCheckInput), (c) => {
    return c.json(svc.checkText(c.var.deps, c.var.viewer, c.req.valid('json').text), 200)
  })
  .post('/send-log', validate('json', SendLogInput), (c) => {
    svc.logSend(c.var.deps, c.var.viewer, c.req.valid('json'))
    return c.body(null, 204)
  })
