import { Hono } from 'hono'
import { z } from 'zod'
import { BatchTagInput } from '@kelan/shared'
import type { AppEnv } from '../../app-env'
import { validate } from '../../lib/validate'
import { roleGuard } from '../../middleware/session'
import { batchResultFile, getBatchJob, listBatchJobs, precheckBatch, startBatch } from './tag-batches.service'

const JobParam = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) })

/** Admins and managers; checked before any input is validated. */
const managersOnly = roleGuard('manager')

/**
 * Batch tagging for admins and managers (a manager's batch changes only relations in their
 * scope). Mounted at /api/admin/tag-batches. The role is checked before the body is
 * validated, so a staff member gets 403 whatever they send.
 */
export const tagBatchRoutes = new Hono<AppEnv>()
  .use(managersOnly)
  .post('/precheck', validate('json', BatchTagInput), (c) => {
    return c.json(precheckBatch(c.var.deps, c.var.viewer, c.req.valid('json')), 200)
  })
  .post('/', validate('json', BatchTagInput), (c) => {
    return c.json(startBatch(c.var.deps, c.var.viewer, c.req.valid('json')), 202)
  })
  .get('/', (c) => c.json(listBatchJobs(c.var.deps, c.var.viewer), 200))
  .get('/:id', validate('param', JobParam), (c) => {
    return c.json(getBatchJob(c.var.deps, c.var.viewer, c.req.valid('param').id), 200)
  })
  .get('/:id/result.xlsx', validate('param', JobParam), async (c) => {
    const file = await batchResultFile(c.var.deps, c.var.viewer, c.req.valid('param').id)
    return c.body(file.body, 200, {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': file.disposition,
    })
  })
