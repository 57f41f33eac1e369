/**
 * /cgi-bin/externalcontact customer endpoints: follow-user list, a member's customers, detail
 * with follow_user paging, batch by member, mark_tag, remark and customer group chats.
 * `sim_page_size` on externalcontact/get is a simulator-only knob so tests can page through
 * a handful of followers instead of WeCom's 500.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { getGroupChat, groupChatIds, listStaff } from './contacts.repo'
import * as svc from './contacts.service'
import type { SimContext } from './context'
import { ERR, SimError } from './errors'
import { ok, readBody } from './wire'

const ids = z.array(z.string().min(1))

const BatchInput = z.object({
  userid_list: ids.min(1).max(100),
  cursor: z.string().optional(),
  limit: z.number().int().min(1).max(100).optional(),
})

const MarkTagInput = z.object({
  userid: z.string().min(1),
  external_userid: z.string().min(1),
  add_tag: ids.optional(),
  remove_tag: ids.optional(),
})

const RemarkInput = z.object({
  userid: z.string().min(1),
  external_userid: z.string().min(1),
  remark: z.string().optional(),
  description: z.string().optional(),
  remark_company: z.string().optional(),
  remark_mobiles: z.array(z.string()).optional(),
  remark_pic_mediaid: z.string().optional(),
})

const GroupChatInput = z.object({ chat_id: z.string().min(1), need_name: z.number().int().optional() })

const GroupChatListInput = z.object({
  status_filter: z.number().int().optional(),
  owner_filter: z.object({ userid_list: ids.optional() }).optional(),
  cursor: z.string().optional(),
  limit: z.number().int().min(1).max(1000),
})

function pageSize(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1) throw new SimError(ERR.INVALID_PARAMETER, 'sim_page_size')
  return n
}

export function contactsRoutes(ctx: SimContext) {
  return new Hono()
    .get('/get_follow_user_list', (c) =>
      ok(c, { follow_user: listStaff(ctx.db, ctx.publicBase).filter((s) => s.status === 1).map((s) => s.userid) }),
    )
    .get('/list', (c) => ok(c, { external_userid: svc.listCustomerIds(ctx, c.req.query('userid') ?? '') }))
    .get('/get', (c) => {
      const q = c.req.query()
      return ok(c, svc.getContactDetail(ctx, q.external_userid ?? '', q.cursor, pageSize(q.sim_page_size)))
    })
    .post('/batch/get_by_user', async (c) => {
      const input = await readBody(c, BatchInput)
      return ok(c, svc.batchGetByUser(ctx, input.userid_list, input.cursor, input.limit ?? 50))
    })
    .post('/mark_tag', async (c) => {
      svc.markTag(ctx, await readBody(c, MarkTagInput))
      return ok(c)
    })
    .post('/remark', async (c) => {
      svc.remark(ctx, await readBody(c, RemarkInput))
      return ok(c)
    })
    .post('/groupchat/get', async (c) => {
      const { chat_id, need_name } = await readBody(c, GroupChatInput)
      const chat = getGroupChat(ctx.db, chat_id)
      if (!chat) throw new SimError(ERR.INVALID_CHATID)
      const members = need_name === 1 ? chat.member_list : chat.member_list.map(({ name: _name, ...m }) => m)
      return ok(c, { group_chat: { ...chat, member_list: members, member_version: String(members.length) } })
    })
    .post('/groupchat/list', async (c) => {
      const input = await readBody(c, GroupChatListInput)
      const all = groupChatIds(ctx.db, input.owner_filter?.userid_list)
      const offset = input.cursor ? Number(Buffer.from(input.cursor, 'base64url').toString()) : 0
      if (!Number.isInteger(offset) || offset < 0) throw new SimError(ERR.INVALID_PARAMETER, 'cursor')
      const next = offset + input.limit < all.length ? Buffer.from(String(offset + input.limit)).toString('base64url') : ''
      const page = all.slice(offset, offset + input.limit).map((chat_id) => ({ chat_id, status: 0 }))
      return ok(c, { group_chat_list: page, next_cursor: next })
    })
}
