import { Hono } from 'hono'
import { z } from 'zod'
import {
  CreateFollowupInput,
  CreateFollowupTypeInput,
  ExternalUserId,
  FollowupListQuery,
  ReminderListQuery,
  ReorderFollowupTypesInput,
  StaffPickerQuery,
  UpdateFollowupTypeInput,
} from '@kelan/shared'
import type { AppEnv } from '../../app-env'
import { validate } from '../../lib/validate'
import { roleGuard } from '../../middleware/session'
import * as types from './followup-types.service'
import { createFollowup, listFollowups, pickStaff } from './followups.service'
import { listMyReminders, setDone } from './reminders.service'

const IdParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) })
const CustomerParam = z.object({ id: ExternalUserId })

/** Per route, before validation: a non-admin gets 403 whatever the body. */
const adminOnly = roleGuard('admin')

/** 跟进方式 for the admin (系统设置 › 自定义类型). Mounted at /api/admin/followup-types. */
export const followupTypesAdminRoutes = new Hono<AppEnv>()
  .get('/', adminOnly, (c) => c.json(types.listAdminTypes(c.var.deps), 200))
  .post('/', adminOnly, validate('json', CreateFollowupTypeInput), (c) => {
    return c.json(types.createType(c.var.deps, c.req.valid('json')), 201)
  })
  .put('/order', adminOnly, validate('json', ReorderFollowupTypesInput), (c) => {
    return c.json(types.reorderTypes(c.var.deps, c.req.valid('json').ids), 200)
  })
  .patch('/:id', adminOnly, validate('param', IdParam), validate('json', UpdateFollowupTypeInput), (c) => {
    return c.json(types.updateType(c.var.deps, c.req.valid('param').id, c.req.valid('json')), 200)
  })
  .delete('/:id', adminOnly, validate('param', IdParam), (c) => {
    types.deleteType(c.var.deps, c.req.valid('param').id)
    return c.body(null, 204)
  })

/** The enabled types, for the follow-up form. Mounted at /api/followup-types. */
export const followupTypesRoutes = new Hono<AppEnv>().get('/', (c) => c.json(types.listFormTypes(c.var.deps), 200))

/** A customer's follow-ups: list and write. Mounted at /api/customers. */
export const customerFollowupRoutes = new Hono<AppEnv>()
  .get('/:id/followups', validate('param', CustomerParam), validate('query', FollowupListQuery), (c) => {
    return c.json(listFollowups(c.var.deps, c.var.viewer, c.req.valid('param').id, c.req.valid('query')), 200)
  })
  .post('/:id/followups', validate('param', CustomerParam), validate('json', CreateFollowupInput), (c) => {
    const { followup, created } = createFollowup(c.var.deps, c.var.viewer, c.req.valid('param').id, c.req.valid('json'))
    // 200 for a repeated clientKey: nothing new was created.
    return c.json(followup, created ? 201 : 200)
  })

/** 我的提醒. Mounted at /api/reminders. */
export const remindersRoutes = new Hono<AppEnv>()
  .get('/mine', validate('query', ReminderListQuery), (c) => {
    return c.json(listMyReminders(c.var.deps, c.var.viewer, c.req.valid('query')), 200)
  })
  .post('/:id/done', validate('param', IdParam), (c) => c.json(setDone(c.var.deps, c.var.viewer, c.req.valid('param').id, true), 200))
  .post('/:id/undone', validate('param', IdParam), (c) => c.json(setDone(c.var.deps, c.var.viewer, c.req.valid('param').id, false), 200))

/** The @同事 picker: active staff by name or userid. Mounted at /api/staff. */
export const staffRoutes = new Hono<AppEnv>().get('/', validate('query', StaffPickerQuery), (c) => {
  return c.json(pickStaff(c.var.deps, c.var.viewer, c.req.valid('query')), 200)
})
