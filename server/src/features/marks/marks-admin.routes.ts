import { Hono } from 'hono'
import { z } from 'zod'
import { CreateMarksInput, MarkCandidateQuery, MarkHistoryQuery, MarkListQuery, UpdateMarkInput, UpdateMarkSettingsInput } from '@kelan/shared'
import type { AppEnv } from '../../app-env'
import { validate } from '../../lib/validate'
import { permissionGuard } from '../../middleware/session'
import { markImportRoutes } from './mark-import.routes'
import * as svc from './marks-admin.service'

const IdParam = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) })

/**
 * 客户标记管理, mounted at /api/admin/marks: admins, and staff granted 'marks'. The permission
 * is checked before anything is validated, so others get 403 whatever they send. Fixed paths
 * (candidates, settings, import) come before /:id.
 */
export const marksAdminRoutes = new Hono<AppEnv>()
  .use(permissionGuard('marks'))
  .route('/import', markImportRoutes)
  .get('/', validate('query', MarkListQuery), (c) => c.json(svc.listMarkPage(c.var.deps, c.req.valid('query')), 200))
  .get('/candidates', validate('query', MarkCandidateQuery), (c) => {
    return c.json(svc.listMarkCandidates(c.var.deps, c.req.valid('query')), 200)
  })
  .get('/settings', (c) => c.json(svc.getMarkSettings(c.var.deps), 200))
  .put('/settings', validate('json', UpdateMarkSettingsInput), (c) => {
    return c.json(svc.updateMarkSettings(c.var.deps, c.var.viewer, c.req.valid('json')), 200)
  })
  .post('/', validate('json', CreateMarksInput), (c) => {
    return c.json(svc.createMarks(c.var.deps, c.var.viewer, c.req.valid('json')), 201)
  })
  .patch('/:id', validate('param', IdParam), validate('json', UpdateMarkInput), (c) => {
    return c.json(svc.updateMark(c.var.deps, c.var.viewer, c.req.valid('param').id, c.req.valid('json')), 200)
  })
  .delete('/:id', validate('param', IdParam), (c) => {
    svc.removeMark(c.var.deps, c.var.viewer, c.req.valid('param').id)
    return c.body(null, 204)
  })
  .get('/:id/history', validate('param', IdParam), validate('query', MarkHistoryQuery), (c) => {
    return c.json(svc.getMarkHistory(c.var.deps, c.req.valid('param').id, c.req.valid('query')), 200)
  })
