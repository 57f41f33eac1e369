/**
 * The control API (/_control): what the simulated WeCom desktop and tests use to act as the
 * world outside Kelan — pick the signed-in staff member, list their chats, have a new customer
 * (optionally with a given unionid) or an existing one add them, edit or delete a customer in the "WeCom client", create, rename, reorder and delete
 * corp tags in the "WeCom admin console", and flip fault switches. It
 * speaks Kelan's error shape (`{ error: { code, message } }`), not WeCom's, because its
 * callers are Kelan's own UI and tests; WeCom errcodes from the services are mapped to 4xx.
 */
import { Hono } from 'hono'
import { deleteCookie } from 'hono/cookie'
import { z } from 'zod'
import { AppError } from '../lib/errors'
import { validate } from '../lib/validate'
import type { CallbackPusher } from './callbacks'
import { getStaff, groupChatsOf, listDepartments, listStaff, recentCustomersOf } from './contacts.repo'
import * as contacts from './contacts.service'
import * as corpTags from './tags.service'
import type { SimContext, SimSettings } from './context'
import { ERR, SimError } from './errors'
import { FaultInput, type Faults } from './faults'
import { liveMedia, mediaInfo, sentMessages } from './messages.service'
import { SIM_USER_COOKIE, setSimUser } from './oauth.routes'
import { onSimError } from './wire'

export interface ControlStaff {
  userid: string
  name: string
  avatar: string
  position: string
  departments: string[]
  /** A hint for the demo: Kelan decides roles itself. */
  role: 'admin' | 'manager' | 'staff'
}

export interface ControlChats {
  customers: { external_userid: string; name: string; avatar: string; type: number; corp_name: string }[]
  groups: { chat_id: string; name: string; member_count: number }[]
}

const Userid = z.object({ userid: z.string().min(1) })
const Relation = z.object({ userid: z.string().min(1), external_userid: z.string().min(1) })
/** WeChat unionids: letters, digits, '-' and '_'. */
const AddCustomer = Userid.extend({ unionid: z.string().regex(/^[\w-]{1,64}$/).optional() })
const StaffEdit = Relation.extend({
  add_tag: z.array(z.string().min(1)).optional(),
  remove_tag: z.array(z.string().min(1)).optional(),
  remark: z.string().optional(),
  description: z.string().optional(),
})
/** WeCom's order range: [0, 2^32). */
const TagOrder = z.number().int().min(0).max(2 ** 32 - 1)
const TagIds = z.array(z.string().min(1)).max(1000)
const ConsoleAddTags = z
  .object({
    group_id: z.string().min(1).optional(),
    group_name: z.string().optional(),
    order: TagOrder.optional(),
    tag: z.array(z.object({ name: z.string(), order: TagOrder.optional() })).min(1).max(1000),
  })
  .refine((v) => v.group_id || v.group_name, 'group_id or group_name')
const ConsoleEditTag = z
  .object({ id: z.string().min(1), name: z.string().optional(), order: TagOrder.optional() })
  .refine((v) => v.name !== undefined || v.order !== undefined, 'name or order')
const ConsoleDeleteTags = z
  .object({ tag_id: TagIds.optional(), group_id: TagIds.optional() })
  .refine((v) => v.tag_id?.length || v.group_id?.length, 'tag_id or group_id')

const Settings = z
  .object({
    apiEditsTriggerCallbacks: z.boolean(),
    followUserPageSize: z.number().int().min(1).max(1000),
    stripMemberPrivacy: z.boolean(),
    unlicensedUserids: z.array(z.string().min(1)).max(1000),
  })
  .partial()

const NOT_FOUND_ERRCODES: number[] = [ERR.INVALID_USERID, ERR.INVALID_EXTERNAL_USERID, ERR.NOT_EXTERNAL_CONTACT]

/** WeCom errcodes from the services become Kelan-shaped errors here. */
function toAppError(err: SimError): AppError {
  const status = NOT_FOUND_ERRCODES.includes(err.errcode) ? 404 : 400
  return new AppError(status === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED', status, err.message, { errcode: err.errcode })
}

function requireStaffId(ctx: SimContext, userid: string | undefined): string {
  if (!userid || !getStaff(ctx.db, userid, ctx.publicBase)) throw new AppError('NOT_FOUND', 404, '成员不存在')
  return userid
}

function staffList(ctx: SimContext): ControlStaff[] {
  const departments = new Map(listDepartments(ctx.db).map((d) => [d.id, d.name]))
  return listStaff(ctx.db, ctx.publicBase).map((s) => ({
    userid: s.userid,
    name: s.name,
    avatar: s.avatar ?? '',
    position: s.position ?? '',
    departments: s.department.map((d) => departments.get(d) ?? String(d)),
    role: s.userid === ctx.corp.adminUserid ? 'admin' : s.is_leader_in_dept?.includes(1) ? 'manager' : 'staff',
  }))
}

function chatsOf(ctx: SimContext, userid: string): ControlChats {
  return {
    customers: recentCustomersOf(ctx.db, userid, ctx.publicBase).map((c) => ({
      external_userid: c.external_userid,
      name: c.name,
      avatar: c.avatar ?? '',
      type: c.type,
      corp_name: c.corp_name ?? '',
    })),
    groups: groupChatsOf(ctx.db, userid).map(({ chat_id, name, member_count }) => ({ chat_id, name, member_count })),
  }
}

export function controlRoutes(ctx: SimContext, deps: { faults: Faults; pusher: CallbackPusher }) {
  const { faults, pusher } = deps
  const app = new Hono()
  app.onError((err, c) => onSimError(err instanceof SimError ? toAppError(err) : err, c))
  return app
    .get('/staff', (c) => c.json(staffList(ctx), 200))
    .post('/session', validate('json', Userid), (c) => {
      const userid = requireStaffId(ctx, c.req.valid('json').userid)
      setSimUser(c, userid)
      return c.json({ userid }, 200)
    })
    .delete('/session', (c) => {
      deleteCookie(c, SIM_USER_COOKIE, { path: '/' })
      return c.json({ ok: true }, 200)
    })
    .get('/chats', (c) => c.json(chatsOf(ctx, requireStaffId(ctx, c.req.query('userid'))), 200))
    .post('/add-customer', validate('json', AddCustomer), (c) => {
      const { userid, unionid } = c.req.valid('json')
      return c.json(contacts.addDemoCustomer(ctx, userid, unionid === undefined ? {} : { unionid }), 200)
    })
    // A customer WeCom already has adds one more member (e.g. a marked customer reaching a
    // second staff member).
    .post('/add-existing-customer', validate('json', Relation), (c) => {
      const { userid, external_userid } = c.req.valid('json')
      return c.json(contacts.addExistingCustomer(ctx, userid, external_userid), 200)
    })
    .post('/staff-edit', validate('json', StaffEdit), (c) => {
      contacts.staffEdit(ctx, c.req.valid('json'))
      return c.json(contacts.getFullRecord(ctx, c.req.valid('json').external_userid), 200)
    })
    .post('/customer-deletes-staff', validate('json', Relation), (c) => {
      const { userid, external_userid } = c.req.valid('json')
      contacts.endRelation(ctx, userid, external_userid, 'customer')
      return c.json({ ok: true }, 200)
    })
    .post('/staff-deletes-customer', validate('json', Relation), (c) => {
      const { userid, external_userid } = c.req.valid('json')
      contacts.endRelation(ctx, userid, external_userid, 'staff')
      return c.json({ ok: true }, 200)
    })
    .get('/customers/:external_userid', (c) => {
      const record = contacts.getFullRecord(ctx, c.req.param('external_userid'))
      if (!record) throw new AppError('NOT_FOUND', 404, '客户不存在')
      return c.json(record, 200)
    })
    // The WeCom admin console: tags made here belong to no app, so Kelan may use them but not
    // change them. Each change is pushed as change_external_tag, as the API's are.
    .post('/console/add-tags', validate('json', ConsoleAddTags), (c) =>
      c.json(corpTags.addCorpTag(ctx, c.req.valid('json'), 'console'), 200),
    )
    .post('/console/edit-tag', validate('json', ConsoleEditTag), (c) => {
      corpTags.editCorpTag(ctx, c.req.valid('json'), 'console')
      return c.json({ ok: true }, 200)
    })
    .post('/console/delete-tags', validate('json', ConsoleDeleteTags), (c) => {
      corpTags.delCorpTag(ctx, c.req.valid('json'), 'console')
      return c.json({ ok: true }, 200)
    })
    .get('/messages', (c) => c.json(sentMessages(ctx, c.req.query('userid')), 200))
    // What the simulated chat shows for an image, video or file message sent with a media_id.
    .get('/media/:media_id', (c) => c.json(mediaInfo(liveMedia(ctx, c.req.param('media_id'))), 200))
    .get('/media/:media_id/raw', (c) => {
      const media = liveMedia(ctx, c.req.param('media_id'))
      return c.body(new Uint8Array(media.bytes), 200, { 'content-type': media.content_type, 'x-content-type-options': 'nosniff' })
    })
    .get('/faults', (c) => c.json(faults.list(), 200))
    .post('/faults', validate('json', FaultInput), (c) => c.json(faults.add(c.req.valid('json')), 200))
    .delete('/faults', (c) => {
      const id = c.req.query('id')
      faults.clear(id === undefined ? undefined : Number(id))
      return c.json({ ok: true }, 200)
    })
    .post('/expire-tokens', (c) => {
      faults.expireTokens()
      return c.json({ ok: true }, 200)
    })
    .get('/callbacks', (c) => c.json(pusher.log(), 200))
    .post('/verify-callback', async (c) => c.json(await pusher.verifyUrl(), 200))
    .get('/settings', (c) => c.json(ctx.settings, 200))
    .patch('/settings', validate('json', Settings), (c) => {
      Object.assign(ctx.settings, c.req.valid('json') satisfies Partial<SimSettings>)
      return c.json(ctx.settings, 200)
    })
}
