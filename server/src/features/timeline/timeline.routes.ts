import { Hono } from 'hono'
import { z } from 'zod'
import { ExternalUserId, TimelineQuery } from '@kelan/shared'
import type { AppEnv } from '../../app-env'
import { validate } from '../../lib/validate'
import { getTimeline } from './timeline.service'

const Param = z.object({ id: ExternalUserId })

/** 客户动态: GET /:id/timeline?kinds=a,b&cursor&limit. Mounted at /api/customers. */
export const timelineRoutes = new Hono<AppEnv>().get('/:id/timeline', validate('param', Param), validate('query', TimelineQuery), (c) => {
  return c.json(getTimeline(c.var.deps, c.var.viewer, c.req.valid('param').id, c.req.valid('query')), 200)
})
