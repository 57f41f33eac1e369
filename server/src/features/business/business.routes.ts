import { Hono } from 'hono'
import { z } from 'zod'
import {
  BusinessRecordQuery,
  BusinessTemplateOrderInput,
  CreateBusinessRecordInput,
  CreateBusinessTemplateInput,
  ExternalUserId,
  UpdateBusinessTemplateInput,
} from '@kelan/shared'
import type { AppEnv } from '../../app-env'
import { validate } from '../../lib/validate'
import { roleGuard } from '../../middleware/session'
import * as svc from './business.service'

const IdParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) })
const CustomerParam = z.object({ id: ExternalUserId })

/**
 * The admin's templates, mounted at /api/admin/business-templates. The role is checked before
 * any input, so a non-admin gets 403 whatever they send.
 */
export const businessTemplateAdminRoutes = new Hono<AppEnv>()
  .use(roleGuard('admin'))
  .get('/', (c) => c.json(svc.listTemplates(c.var.deps, c.var.viewer), 200))
  .post('/', validate('json', CreateBusinessTemplateInput), (c) => {
    return c.json(svc.createTemplate(c.var.deps, c.var.viewer, c.req.valid('json')), 201)
  })
  // Before '/:id' so 'order' and 'scope-options' are not read as ids.
  .put('/order', validate('json', BusinessTemplateOrderInput), (c) => {
    return c.json(svc.reorderTemplates(c.var.deps, c.var.viewer, c.req.valid('json').ids), 200)
  })
  .get('/scope-options', (c) => c.json(svc.scopeOptions(c.var.deps, c.var.viewer), 200))
  .get('/:id', validate('param', IdParam), (c) => c.json(svc.getTemplate(c.var.deps, c.var.viewer, c.req.valid('param').id), 200))
  .patch('/:id', validate('param', IdParam), validate('json', UpdateBusinessTemplateInput), (c) => {
    return c.json(svc.updateTemplate(c.var.deps, c.var.viewer, c.req.valid('param').id, c.req.valid('json')), 200)
  })
  .post('/:id/enable', validate('param', IdParam), (c) => {
    return c.json(svc.setTemplateEnabled(c.var.deps, c.var.viewer, c.req.valid('param').id, true), 200)
  })
  .post('/:id/disable', validate('param', IdParam), (c) => {
    return c.json(svc.setTemplateEnabled(c.var.deps, c.var.viewer, c.req.valid('param').id, false), 200)
  })
  .delete('/:id', validate('param', IdParam), (c) => {
    svc.deleteTemplate(c.var.deps, c.var.viewer, c.req.valid('param').id)
    return c.body(null, 204)
  })

/** The templates the viewer may use (the record form), mounted at /api/business-templates. */
export const businessTemplateRoutes = new Hono<AppEnv>().get('/', (c) => c.json(svc.usableTemplates(c.var.deps, c.var.viewer), 200))

/**
 * A customer's business records, mounted at /api/customers beside the card: anyone whose data
 * scope covers the customer (admins: every customer) reads and adds them.
 */
export const businessRecordRoutes = new Hono<AppEnv>()
  .get('/:id/business-records', validate('param', CustomerParam), validate('query', BusinessRecordQuery), (c) => {
    return c.json(svc.listRecords(c.var.deps, c.var.viewer, c.req.valid('param').id, c.req.valid('query')), 200)
  })
  .post('/:id/business-records', validate('param', CustomerParam), validate('json', CreateBusinessRecordInput), (c) => {
    const { record, created } = svc.createRecord(c.var.deps, c.var.viewer, c.req.valid('param').id, c.req.valid('json'))
    // 200 for a repeated submit: the record already existed.
    return c.json(record, created ? 201 : 200)
  })
