/**
 * The WeCom API as Kelan uses it: request and reply shapes, field names exactly as WeCom
 * sends them. The client validates every reply against the zod schemas in schemas.ts, which
 * must produce these types; the simulator answers with them.
 */

export interface WecomDepartment {
  id: number
  name: string
  parentid: number
  order: number
  department_leader?: string[]
}

export interface WecomUser {
  userid: string
  name: string
  department: number[]
  main_department?: number
  position?: string
  status?: number
  is_leader_in_dept?: number[]
  avatar?: string
}

export interface WecomCorpTag {
  id: string
  name: string
  create_time: number
  order: number
  deleted?: boolean
}

export interface WecomTagGroup {
  group_id: string
  group_name: string
  create_time: number
  order: number
  deleted?: boolean
  tag: WecomCorpTag[]
}

export interface WecomExternalContact {
  external_userid: string
  name: string
  avatar?: string
  /** 1 WeChat user, 2 WeCom user. */
  type: number
  gender?: number
  unionid?: string
  position?: string
  corp_name?: string
  corp_full_name?: string
}

export interface WecomFollowTag {
  group_name?: string
  tag_name?: string
  tag_id?: string
  /** 1 corp tag, 2 personal tag (no id), 3 strategy-group tag. */
  type: number
}

/** A follow_user entry of externalcontact/get. */
export interface WecomFollowUser {
  userid: string
  remark?: string
  description?: string
  createtime: number
  tags?: WecomFollowTag[]
  remark_corp_name?: string
  remark_mobiles?: string[]
  oper_userid?: string
  add_way?: number
  state?: string
}

/** A follow_info entry of batch/get_by_user: like WecomFollowUser, but tag ids only. */
export interface WecomFollowInfo extends Omit<WecomFollowUser, 'tags'> {
  tag_id?: string[]
}

export interface WecomContactDetail {
  external_contact: WecomExternalContact
  follow_user: WecomFollowUser[]
}

export interface WecomBatchItem {
  external_contact: WecomExternalContact
  follow_info: WecomFollowInfo
}

/**
 * What WecomClient.batchGetByUser returns: the relations WeCom reported, and the requested
 * members it did not report because they hold no interop licence (their relations are
 * unknown, not ended).
 */
export interface WecomBatchResult {
  items: WecomBatchItem[]
  unlicensedUserids: string[]
}

export interface WecomGroupChat {
  chat_id: string
  name: string
  owner: string
  create_time: number
  member_list: { userid: string; type: number; join_time?: number }[]
}

export interface WecomTicket {
  ticket: string
  expires_in: number
}

export interface AddCorpTagInput {
  group_id?: string
  group_name?: string
  order?: number
  tag: { name: string; order?: number }[]
}

export interface MarkTagInput {
  userid: string
  external_userid: string
  add_tag?: string[]
  remove_tag?: string[]
}

export interface RemarkInput {
  userid: string
  external_userid: string
  remark?: string
  description?: string
}

export type AppMessage =
  | { touser: string; msgtype: 'text'; text: { content: string } }
  | {
      touser: string
      msgtype: 'textcard'
      textcard: { title: string; description: string; url: string; btntxt?: string }
    }

export interface MessageSendResult {
  invaliduser?: string
  msgid?: string
}

/** media/upload's types; Kelan sends image, video and file (voice is AMR only). */
export type WecomMediaType = 'image' | 'voice' | 'video' | 'file'

/**
 * media/upload input. `data` is a Blob (fs.openAsBlob reads the file from disk as it is sent,
 * and again on a retry) or bytes; `filename` is what WeCom shows for a file message.
 */
export interface MediaUploadInput {
  type: WecomMediaType
  filename: string
  data: Blob | Uint8Array<ArrayBuffer>
  contentType: string
}

/** media/upload reply: the media_id lives 3 days from `created_at` (WeCom sends it as a string). */
export interface MediaUploadResult {
  type: string
  media_id: string
  created_at: number
}
