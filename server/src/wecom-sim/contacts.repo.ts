/**
 * Reads and writes of the simulated org chart, customers, follow relations and group chats,
 * mapped to WeCom's wire shapes at this boundary so services and routes never see rows.
 * Avatars are not stored: they are URLs the simulator serves itself, derived from the id and
 * the mount point, so a database seeded on one port still works when served from another.
 */
import type { WecomDepartment, WecomExternalContact, WecomFollowTag } from '../wecom/types'
import type { DemoFollowInfo, DemoGroupChat, DemoGroupMember, DemoStaff } from './demo-corp'
import { sql, type SimDb } from './store'

export const avatarUrl = (base: string, id: string) => `${base}/avatar/${encodeURIComponent(id)}.svg`

interface DepartmentRow {
  id: number
  name: string
  parentid: number
  order: number
  leaders: string
}

export function listDepartments(db: SimDb): WecomDepartment[] {
  const rows = sql(db, 'SELECT * FROM departments ORDER BY id').all() as DepartmentRow[]
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    parentid: r.parentid,
    order: r.order,
    department_leader: JSON.parse(r.leaders) as string[],
  }))
}

interface StaffRow {
  userid: string
  name: string
  departments: string
  main_department: number
  position: string
  status: number
  is_leader: string
  gender: number
  mobile: string
  email: string
}

const toStaff = (r: StaffRow, avatarBase: string): DemoStaff => ({
  userid: r.userid,
  name: r.name,
  department: JSON.parse(r.departments) as number[],
  main_department: r.main_department,
  position: r.position,
  status: r.status,
  is_leader_in_dept: JSON.parse(r.is_leader) as number[],
  avatar: avatarUrl(avatarBase, r.userid),
  gender: r.gender,
  mobile: r.mobile,
  email: r.email,
})

export function listStaff(db: SimDb, avatarBase: string): DemoStaff[] {
  return (sql(db, 'SELECT * FROM staff ORDER BY seq').all() as StaffRow[]).map((r) => toStaff(r, avatarBase))
}

export function getStaff(db: SimDb, userid: string, avatarBase: string): DemoStaff | undefined {
  const row = sql(db, 'SELECT * FROM staff WHERE userid = ?').get(userid) as StaffRow | undefined
  return row && toStaff(row, avatarBase)
}

interface CustomerRow {
  external_userid: string
  name: string
  type: number
  gender: number
  unionid: string | null
  position: string | null
  corp_name: string | null
  corp_full_name: string | null
}

function toContact(r: CustomerRow, avatarBase: string): WecomExternalContact {
  const base = {
    external_userid: r.external_userid,
    name: r.name,
    avatar: avatarUrl(avatarBase, r.external_userid),
    type: r.type,
    gender: r.gender,
  }
  if (r.type === 1) return r.unionid ? { ...base, unionid: r.unionid } : base
  return { ...base, position: r.position ?? '', corp_name: r.corp_name ?? '', corp_full_name: r.corp_full_name ?? '' }
}

export function getContact(db: SimDb, externalUserid: string, avatarBase: string): WecomExternalContact | undefined {
  const row = sql(db, 'SELECT * FROM customers WHERE external_userid = ?').get(externalUserid) as CustomerRow | undefined
  return row && toContact(row, avatarBase)
}

/** The customer with this unionid, if any (WeCom gives one external_userid per WeChat user and corp). */
export function customerIdByUnionid(db: SimDb, unionid: string): string | undefined {
  const row = sql(db, 'SELECT external_userid FROM customers WHERE unionid = ?').get(unionid) as { external_userid: string } | undefined
  return row?.external_userid
}

/** A display name for any id the simulator knows (staff or customer), for avatars. */
export function nameOf(db: SimDb, id: string): string | undefined {
  const row = (sql(db, 'SELECT name FROM staff WHERE userid = ?').get(id) ??
    sql(db, 'SELECT name FROM customers WHERE external_userid = ?').get(id)) as { name: string } | undefined
  return row?.name
}

interface RelationRow {
  userid: string
  external_userid: string
  remark: string
  description: string
  createtime: number
  remark_corp_name: string
  remark_mobiles: string
  oper_userid: string
  add_way: number
  state: string
  wechat_channels: string | null
  tag_ids: string
}

function toFollowInfo(r: RelationRow): DemoFollowInfo {
  const info: DemoFollowInfo = {
    userid: r.userid,
    remark: r.remark,
    description: r.description,
    createtime: r.createtime,
    tag_id: JSON.parse(r.tag_ids) as string[],
    remark_corp_name: r.remark_corp_name,
    remark_mobiles: JSON.parse(r.remark_mobiles) as string[],
    oper_userid: r.oper_userid,
    add_way: r.add_way,
    state: r.state,
  }
  if (r.wechat_channels) info.wechat_channels = JSON.parse(r.wechat_channels) as DemoFollowInfo['wechat_channels']
  return info
}

/** A relation's tags as externalcontact/get lists them (corp tags, type 1). */
export function relationTags(db: SimDb, userid: string, externalUserid: string): WecomFollowTag[] {
  const rows = sql(
    db,
    `SELECT t.id, t.name, g.name AS group_name FROM relations r, json_each(r.tag_ids) j
       JOIN tags t ON t.id = j.value JOIN tag_groups g ON g.group_id = t.group_id
     WHERE r.userid = ? AND r.external_userid = ? ORDER BY g."order" DESC, t."order" DESC`,
  ).all(userid, externalUserid) as { id: string; name: string; group_name: string }[]
  return rows.map((r) => ({ group_name: r.group_name, tag_name: r.name, tag_id: r.id, type: 1 }))
}

/** Everyone following a customer, earliest first. */
export function followInfosOf(db: SimDb, externalUserid: string): DemoFollowInfo[] {
  const rows = sql(db, 'SELECT * FROM relations WHERE external_userid = ? ORDER BY createtime, userid').all(
    externalUserid,
  ) as RelationRow[]
  return rows.map(toFollowInfo)
}

export function getRelation(db: SimDb, userid: string, externalUserid: string): DemoFollowInfo | undefined {
  const row = sql(db, 'SELECT * FROM relations WHERE userid = ? AND external_userid = ?').get(userid, externalUserid) as
    | RelationRow
    | undefined
  return row && toFollowInfo(row)
}

/** A staff member's customers, in the order externalcontact/list gives them. */
export function customerIdsOf(db: SimDb, userid: string): string[] {
  const rows = sql(db, 'SELECT external_userid FROM relations WHERE userid = ? ORDER BY external_userid').all(
    userid,
  ) as { external_userid: string }[]
  return rows.map((r) => r.external_userid)
}

/** One page of a staff member's relations after `afterExternalUserid` (keyset paging). */
export function relationsPage(
  db: SimDb,
  userid: string,
  afterExternalUserid: string,
  limit: number,
): { contactId: string; info: DemoFollowInfo }[] {
  const rows = sql(
    db,
    'SELECT * FROM relations WHERE userid = ? AND external_userid > ? ORDER BY external_userid LIMIT ?',
  ).all(userid, afterExternalUserid, limit) as RelationRow[]
  return rows.map((r) => ({ contactId: r.external_userid, info: toFollowInfo(r) }))
}

/** A staff member's customers for the demo desktop: most recently added first. */
export function recentCustomersOf(db: SimDb, userid: string, avatarBase: string): WecomExternalContact[] {
  const rows = sql(
    db,
    `SELECT c.* FROM relations r JOIN customers c ON c.external_userid = r.external_userid
     WHERE r.userid = ? ORDER BY r.createtime DESC, c.external_userid`,
  ).all(userid) as CustomerRow[]
  return rows.map((r) => toContact(r, avatarBase))
}

export interface RelationPatch {
  remark?: string
  description?: string
  remark_corp_name?: string
  remark_mobiles?: string[]
}

export function updateRelation(db: SimDb, userid: string, externalUserid: string, patch: RelationPatch): void {
  const current = getRelation(db, userid, externalUserid)
  if (!current) return
  sql(
    db,
    `UPDATE relations SET remark = ?, description = ?, remark_corp_name = ?, remark_mobiles = ?
     WHERE userid = ? AND external_userid = ?`,
  ).run(
    patch.remark ?? current.remark ?? '',
    patch.description ?? current.description ?? '',
    patch.remark_corp_name ?? current.remark_corp_name ?? '',
    JSON.stringify(patch.remark_mobiles ?? current.remark_mobiles ?? []),
    userid,
    externalUserid,
  )
}

export function changeRelationTags(db: SimDb, userid: string, externalUserid: string, add: string[], remove: string[]): void {
  const row = sql(db, 'SELECT tag_ids FROM relations WHERE userid = ? AND external_userid = ?').get(userid, externalUserid) as
    | { tag_ids: string }
    | undefined
  if (!row) return
  const ids = new Set(JSON.parse(row.tag_ids) as string[])
  for (const id of add) ids.add(id)
  for (const id of remove) ids.delete(id)
  sql(db, 'UPDATE relations SET tag_ids = ? WHERE userid = ? AND external_userid = ?').run(
    JSON.stringify([...ids]), userid, externalUserid,
  )
}

/** Ends a relation; WeCom keeps nothing of it (the customer record stays). */
export function deleteRelation(db: SimDb, userid: string, externalUserid: string): void {
  sql(db, 'DELETE FROM relations WHERE userid = ? AND external_userid = ?').run(userid, externalUserid)
}

interface ChatRow {
  chat_id: string
  name: string
  owner: string
  create_time: number
  notice: string
  admins: string
}

interface MemberRow {
  userid: string
  type: number
  join_time: number
  join_scene: number
  invitor: string | null
  group_nickname: string
  name: string
  unionid: string | null
}

export function getGroupChat(db: SimDb, chatId: string): DemoGroupChat | undefined {
  const chat = sql(db, 'SELECT * FROM group_chats WHERE chat_id = ?').get(chatId) as ChatRow | undefined
  if (!chat) return undefined
  const members = sql(db, 'SELECT * FROM group_members WHERE chat_id = ? ORDER BY seq').all(chatId) as MemberRow[]
  return {
    chat_id: chat.chat_id,
    name: chat.name,
    owner: chat.owner,
    create_time: chat.create_time,
    notice: chat.notice,
    admin_list: JSON.parse(chat.admins) as { userid: string }[],
    member_list: members.map(
      (m): DemoGroupMember => ({
        userid: m.userid,
        type: m.type,
        join_time: m.join_time,
        join_scene: m.join_scene,
        ...(m.invitor ? { invitor: { userid: m.invitor } } : {}),
        group_nickname: m.group_nickname,
        name: m.name,
        ...(m.unionid ? { unionid: m.unionid } : {}),
      }),
    ),
  }
}

export interface ChatSummary {
  chat_id: string
  name: string
  owner: string
  member_count: number
}

/** Group chats a staff member owns or sits in, with member counts. */
export function groupChatsOf(db: SimDb, userid: string): ChatSummary[] {
  return sql(
    db,
    `SELECT g.chat_id, g.name, g.owner, (SELECT count(*) FROM group_members m WHERE m.chat_id = g.chat_id) AS member_count
     FROM group_chats g
     WHERE g.owner = ? OR EXISTS (SELECT 1 FROM group_members m WHERE m.chat_id = g.chat_id AND m.userid = ?)
     ORDER BY g.create_time DESC`,
  ).all(userid, userid) as ChatSummary[]
}

/** Chat ids for groupchat/list, optionally only those owned by the given staff. */
export function groupChatIds(db: SimDb, owners: string[] | undefined): string[] {
  const rows = sql(db, 'SELECT chat_id, owner FROM group_chats ORDER BY chat_id').all() as { chat_id: string; owner: string }[]
  return rows.filter((r) => !owners?.length || owners.includes(r.owner)).map((r) => r.chat_id)
}
