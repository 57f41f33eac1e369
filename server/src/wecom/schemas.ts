/**
 * zod schemas for every WeCom reply the client reads. `z.object` strips keys we do not use
 * (WeCom adds fields over time and that must not break us) but is strict on the ones we do.
 * Each entity schema's output type is exactly the matching interface in types.ts; the
 * type tests in schemas.test.ts fail the build if they drift apart.
 */
import { z } from 'zod'

/** Every reply carries errcode (0 = success); errmsg is informational only. */
export const EnvelopeSchema = z.object({
  errcode: z.number().int(),
  errmsg: z.string().optional(),
})

/** Empty WeCom paging cursors come as '' or are left out; both mean "last page". */
const cursor = z.string().optional()

export const WecomDepartmentSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  parentid: z.number().int(),
  order: z.number(),
  department_leader: z.array(z.string()).optional(),
})

export const WecomUserSchema = z.object({
  userid: z.string().min(1),
  name: z.string(),
  department: z.array(z.number().int()),
  main_department: z.number().int().optional(),
  position: z.string().optional(),
  status: z.number().int().optional(),
  is_leader_in_dept: z.array(z.number().int()).optional(),
  avatar: z.string().optional(),
})

export const WecomCorpTagSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  create_time: z.number(),
  order: z.number(),
  deleted: z.boolean().optional(),
})

export const WecomTagGroupSchema = z.object({
  group_id: z.string().min(1),
  group_name: z.string(),
  create_time: z.number(),
  order: z.number(),
  deleted: z.boolean().optional(),
  tag: z.array(WecomCorpTagSchema),
})

export const WecomExternalContactSchema = z.object({
  external_userid: z.string().min(1),
  name: z.string(),
  avatar: z.string().optional(),
  type: z.number().int(),
  gender: z.number().int().optional(),
  unionid: z.string().optional(),
  position: z.string().optional(),
  corp_name: z.string().optional(),
  corp_full_name: z.string().optional(),
})

export const WecomFollowTagSchema = z.object({
  group_name: z.string().optional(),
  tag_name: z.string().optional(),
  tag_id: z.string().optional(),
  type: z.number().int(),
})

const followUserFields = {
  userid: z.string().min(1),
  remark: z.string().optional(),
  description: z.string().optional(),
  createtime: z.number(),
  remark_corp_name: z.string().optional(),
  remark_mobiles: z.array(z.string()).optional(),
  oper_userid: z.string().optional(),
  add_way: z.number().int().optional(),
  state: z.string().optional(),
}

export const WecomFollowUserSchema = z.object({
  ...followUserFields,
  tags: z.array(WecomFollowTagSchema).optional(),
})

export const WecomFollowInfoSchema = z.object({
  ...followUserFields,
  tag_id: z.array(z.string()).optional(),
})

export const WecomBatchItemSchema = z.object({
  external_contact: WecomExternalContactSchema,
  follow_info: WecomFollowInfoSchema,
})

export const WecomGroupChatSchema = z.object({
  chat_id: z.string().min(1),
  name: z.string(),
  owner: z.string(),
  create_time: z.number(),
  member_list: z.array(
    z.object({ userid: z.string(), type: z.number().int(), join_time: z.number().optional() }),
  ),
})

export const WecomTicketSchema = z.object({
  ticket: z.string().min(1),
  expires_in: z.number().int().positive(),
})

/** One entry of user/list_id: a member and one department they belong to. */
export const WecomDeptUserSchema = z.object({
  userid: z.string().min(1),
  department: z.number().int(),
})
export type WecomDeptUser = z.infer<typeof WecomDeptUserSchema>

// ---- replies, one per API (the envelope is checked separately, before these) ----

export const TokenReply = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
})

export const UserInfoReply = z.object({
  userid: z.string().optional(),
  external_userid: z.string().optional(),
  openid: z.string().optional(),
})

export const DepartmentListReply = z.object({ department: z.array(WecomDepartmentSchema) })

export const UserListReply = z.object({ userlist: z.array(WecomUserSchema) })

export const UserListIdReply = z.object({
  dept_user: z.array(WecomDeptUserSchema).default([]),
  next_cursor: cursor,
})

export const FollowUserListReply = z.object({ follow_user: z.array(z.string()).default([]) })

export const ExternalContactListReply = z.object({
  external_userid: z.array(z.string()).default([]),
})

export const ExternalContactGetReply = z.object({
  external_contact: WecomExternalContactSchema,
  follow_user: z.array(WecomFollowUserSchema).default([]),
  next_cursor: cursor,
})

export const BatchGetByUserReply = z.object({
  external_contact_list: z.array(WecomBatchItemSchema).default([]),
  next_cursor: cursor,
  /** Requested members without an interop licence; WeCom leaves it out when there are none. */
  fail_info: z.object({ unlicensed_userid_list: z.array(z.string()).default([]) }).optional(),
})

export const CorpTagListReply = z.object({ tag_group: z.array(WecomTagGroupSchema).default([]) })

export const AddCorpTagReply = z.object({ tag_group: WecomTagGroupSchema })

export const GroupChatReply = z.object({ group_chat: WecomGroupChatSchema })

export const MessageSendReply = z.object({
  invaliduser: z.string().optional(),
  msgid: z.string().optional(),
})

/** media/upload: `created_at` comes as a string of seconds. */
export const MediaUploadReply = z.object({
  type: z.string(),
  media_id: z.string().min(1),
  created_at: z.union([z.string().regex(/^\d+$/), z.number().int()]).transform(Number),
})

/** For APIs that answer with the envelope only (edit/del tag, mark_tag, remark). */
export const EmptyReply = z.object({})
