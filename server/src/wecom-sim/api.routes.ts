/**
 * The /cgi-bin API: the same paths, methods, reply shapes and errcodes as WeCom (REFERENCE
 * §2), so Kelan's real client runs against it unchanged. This file assembles the API (faults
 * first, then the access_token check every path but gettoken needs) and holds the token,
 * ticket, OAuth, org chart, message and media endpoints; customers and tags have their own
 * route files. Handlers only read input, call one service or repo function and reply.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { listDepartments, listStaff, getStaff } from './contacts.repo'
import { contactsRoutes } from './contacts.routes'
import type { SimContext } from './context'
import { checkToken, consumeCode, issueTicket, issueToken } from './credentials'
import type { DemoStaff } from './demo-corp'
import { ERR, SimError } from './errors'
import { faultMiddleware, type Faults } from './faults'
import { liveMedia, SendMessageInput, sendMessage, uploadMedia } from './messages.service'
import { tagsRoutes } from './tags.routes'
import { ok, readBody } from './wire'

/** Mounted at '/cgi-bin' of the simulator app. */
export function cgiBinRoutes(ctx: SimContext, faults: Faults) {
  return new Hono()
    .use(faultMiddleware(faults))
    .use(async (c, next) => {
      if (!c.req.path.endsWith('/cgi-bin/gettoken')) checkToken(ctx.db, ctx.clock, c.req.query('access_token'))
      await next()
    })
    .route('/', credentialRoutes(ctx))
    .route('/', orgRoutes(ctx))
    .route('/', messageRoutes(ctx))
    .route('/externalcontact', contactsRoutes(ctx))
    .route('/externalcontact', tagsRoutes(ctx))
}

function credentialRoutes(ctx: SimContext) {
  return new Hono()
    .get('/gettoken', (c) => {
      const { corpid, corpsecret } = c.req.query()
      if (!corpid) throw new SimError(ERR.MISSING_CORPID)
      if (!corpsecret) throw new SimError(ERR.MISSING_SECRET)
      if (corpid !== ctx.corp.corpId) throw new SimError(ERR.INVALID_CORPID)
      if (corpsecret !== ctx.corp.agentSecret) throw new SimError(ERR.INVALID_SECRET)
      return ok(c, issueToken(ctx.db, ctx.clock))
    })
    .get('/get_jsapi_ticket', (c) => ok(c, issueTicket(ctx.db, ctx.clock, 'jsapi')))
    .get('/ticket/get', (c) => {
      if (c.req.query('type') !== 'agent_config') throw new SimError(ERR.INVALID_PARAMETER, 'type')
      return ok(c, issueTicket(ctx.db, ctx.clock, 'agent_config'))
    })
    .get('/auth/getuserinfo', (c) => ok(c, { userid: consumeCode(ctx.db, ctx.clock, c.req.query('code')) }))
}

/** Department ids under `root`, itself included. */
function subtree(ctx: SimContext, root: number): Set<number> {
  const all = listDepartments(ctx.db)
  const ids = new Set([root])
  let size: number
  do {
    size = ids.size
    for (const d of all) if (ids.has(d.parentid)) ids.add(d.id)
  } while (ids.size !== size)
  return ids
}

function requireDepartment(ctx: SimContext, raw: string | undefined): number {
  const id = Number(raw)
  if (!raw || !Number.isInteger(id) || !listDepartments(ctx.db).some((d) => d.id === id)) {
    throw new SimError(ERR.DEPARTMENT_NOT_FOUND)
  }
  return id
}

/** A member as user/get and user/list give it; private fields only when not stripped. */
function memberJson(ctx: SimContext, s: DemoStaff) {
  const { avatar, gender, mobile, email, ...visible } = s
  const base = { ...visible, order: s.department.map(() => 0), direct_leader: [], alias: '', telephone: '' }
  if (ctx.settings.stripMemberPrivacy) return base
  return { ...base, avatar, thumb_avatar: avatar, gender: String(gender), mobile, email, biz_mail: '' }
}

const ListIdInput = z.object({ cursor: z.string().optional(), limit: z.number().int().min(1).max(10_000).optional() })

function orgRoutes(ctx: SimContext) {
  return new Hono()
    .get('/department/list', (c) => {
      const id = c.req.query('id')
      const ids = id === undefined ? undefined : subtree(ctx, requireDepartment(ctx, id))
      return ok(c, { department: listDepartments(ctx.db).filter((d) => !ids || ids.has(d.id)) })
    })
    .get('/user/list', (c) => {
      const id = requireDepartment(ctx, c.req.query('department_id'))
      const ids = c.req.query('fetch_child') === '1' ? subtree(ctx, id) : new Set([id])
      const members = listStaff(ctx.db, ctx.publicBase).filter((s) => s.department.some((d) => ids.has(d)))
      return ok(c, { userlist: members.map((s) => memberJson(ctx, s)) })
    })
    .get('/user/get', (c) => {
      const staff = getStaff(ctx.db, c.req.query('userid') ?? '', ctx.publicBase)
      if (!staff) throw new SimError(ERR.USER_NOT_FOUND)
      return ok(c, memberJson(ctx, staff))
    })
    .post('/user/list_id', async (c) => {
      const { cursor, limit = 10_000 } = await readBody(c, ListIdInput)
      const offset = cursor ? Number(Buffer.from(cursor, 'base64url').toString()) : 0
      if (!Number.isInteger(offset) || offset < 0) throw new SimError(ERR.INVALID_PARAMETER, 'cursor')
      const all = listStaff(ctx.db, ctx.publicBase).flatMap((s) => s.department.map((d) => ({ userid: s.userid, department: d })))
      const next = offset + limit < all.length ? Buffer.from(String(offset + limit)).toString('base64url') : ''
      return ok(c, { next_cursor: next, dept_user: all.slice(offset, offset + limit) })
    })
}

function messageRoutes(ctx: SimContext) {
  return new Hono()
    .post('/message/send', async (c) => ok(c, sendMessage(ctx, await readBody(c, SendMessageInput))))
    .post('/media/upload', async (c) => {
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
      return ok(c, await uploadMedia(ctx, c.req.query('type'), form.media))
    })
    .get('/media/get', (c) => {
      const media = liveMedia(ctx, c.req.query('media_id') ?? '')
      return c.body(new Uint8Array(media.bytes), 200, {
        'content-type': media.content_type,
        'content-disposition': `attachment; filename="${encodeURIComponent(media.filename)}"`,
      })
    })
}
