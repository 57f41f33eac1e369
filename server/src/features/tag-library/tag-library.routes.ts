import { Hono } from 'hono'
import { z } from 'zod'
import { AddTagsInput, CreateGroupInput, ReorderInput, UpdateGroupInput, UpdateTagInput } from '@kelan/shared'
import type { AppEnv } from '../../app-env'
import { validate } from '../../lib/validate'
import { roleGuard } from '../../middleware/session'
import * as svc from './tag-library.service'

const IdParam = z.object({ id: z.string().min(1).max(64) })

/**
 * Per route, before validation: a non-admin gets 403 whatever the body. Not `.use('*')`: this
 * router is mounted at /api/admin beside other features' admin routes, and a wildcard would
 * guard theirs too.
 */
const adminOnly = roleGuard('admin')

/**
 * The tag library for admins, mounted at /api/admin. Writes change Kelan's tables at once and
 * reach WeCom through the outbox (create_tags / edit_tag / delete_tags).
 */
export const tagLibraryRoutes = new Hono<AppEnv>()
  .get('/tags', adminOnly, (c) => c.json(svc.getLibrary(c.var.deps, { withCounts: true }), 200))
  .patch('/tags/:id', adminOnly, validate('param', IdParam), validate('json', UpdateTagInput), (c) => {
    const tag = svc.updateTag(c.var.deps, c.var.viewer, c.req.valid('param').id, c.req.valid('json'))
    return c.json(tag, 200)
  })
  .delete('/tags/:id', adminOnly, validate('param', IdParam), (c) => {
    svc.deleteTag(c.var.deps, c.var.viewer, c.req.valid('param').id)
    return c.body(null, 204)
  })
  .post('/tag-groups', adminOnly, validate('json', CreateGroupInput), (c) => {
    return c.json(svc.createGroup(c.var.deps, c.var.viewer, c.req.valid('json')), 201)
  })
  .put('/tag-groups/order', adminOnly, validate('json', ReorderInput), (c) => {
    return c.json(svc.reorderGroups(c.var.deps, c.var.viewer, c.req.valid('json').ids), 200)
  })
  .patch('/tag-groups/:id', adminOnly, validate('param', IdParam), validate('json', UpdateGroupInput), (c) => {
    const group = svc.updateGroup(c.var.deps, c.var.viewer, c.req.valid('param').id, c.req.valid('json'))
    return c.json(group, 200)
  })
  .delete('/tag-groups/:id', adminOnly, validate('param', IdParam), (c) => {
    svc.deleteGroup(c.var.deps, c.var.viewer, c.req.valid('param').id)
    return c.body(null, 204)
  })
  .post('/tag-groups/:id/tags', adminOnly, validate('param', IdParam), validate('json', AddTagsInput), (c) => {
    const group = svc.addTags(c.var.deps, c.var.viewer, c.req.valid('param').id, c.req.valid('json'))
    return c.json(group, 201)
  })
  .put('/tag-groups/:id/order', adminOnly, validate('param', IdParam), validate('json', ReorderInput), (c) => {
    const group = svc.reorderTags(c.var.deps, c.var.viewer, c.req.valid('param').id, c.req.valid('json').ids)
    return c.json(group, 200)
  })

/** The tag library for everyone signed in (the sidebar's tag editor), mounted at /api/tags. */
export const tagsRoutes = new Hono<AppEnv>().get('/', (c) => c.json(svc.getLibrary(c.var.deps, { withCounts: false }), 200))
