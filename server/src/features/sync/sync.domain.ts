import type { Role } from '@kelan/shared'
import type { customers, followRelations, staff } from '../../db/schema'
import type {
  WecomDepartment,
  WecomExternalContact,
  WecomFollowInfo,
  WecomFollowTag,
  WecomFollowUser,
  WecomUser,
} from '../../wecom/types'

/** How a follow relation ended; 'active' relations have no end. */
export type EndedStatus = 'deleted_by_staff' | 'deleted_by_customer'

/**
 * The status given to a relation that WeCom no longer reports when nothing says why
 * (a full sync, or a re-fetch after an event that was not a delete). Only the two delete
 * callbacks carry the reason; "the customer deleted the member" is a churn signal the UI
 * shows, so it is never claimed without that evidence, and "no longer followed by this
 * member" is what every other cause (member removed the customer, member left, customer
 * transferred away) looks like from Kelan's side.
 */
export const UNKNOWN_END_STATUS: EndedStatus = 'deleted_by_staff'

/** A full sync still 'running' after this long died with its process. */
export const STALE_RUN_SECONDS = 60 * 60

/** WeCom's batch/get_by_user takes at most 100 userids per call. */
export const BATCH_USERIDS = 100

/**
 * Kelan's role for a member. WeCom has no roles: admins are configured, managers are the
 * department leaders WeCom reports, everyone else is staff.
 *
 * @example roleFor('zhangwei', ['zhangwei'], false) // 'admin'
 */
export function roleFor(userid: string, adminUserids: readonly string[], leadsAnyDepartment: boolean): Role {
  if (adminUserids.includes(userid)) return 'admin'
  return leadsAnyDepartment ? 'manager' : 'staff'
}

export interface Membership {
  departmentId: number
  isLeader: boolean
}

/**
 * A member's departments with leadership. WeCom reports leadership twice: per member
 * (`is_leader_in_dept`, aligned with `department`) and per department (`department_leader`);
 * either is enough, since apps see one or the other depending on field permissions.
 */
export function membershipsOf(user: WecomUser, leadersByDepartment: ReadonlyMap<number, readonly string[]>): Membership[] {
  const seen = new Set<number>()
  const result: Membership[] = []
  user.department.forEach((departmentId, i) => {
    if (seen.has(departmentId)) return
    seen.add(departmentId)
    const flagged = user.is_leader_in_dept?.[i] === 1
    const listed = leadersByDepartment.get(departmentId)?.includes(user.userid) ?? false
    result.push({ departmentId, isLeader: flagged || listed })
  })
  return result
}

/** department id → its leaders' userids, from department/list. */
export function leadersByDepartment(departments: readonly WecomDepartment[]): Map<number, string[]> {
  return new Map(departments.map((d) => [d.id, d.department_leader ?? []]))
}

/** Members listed per department, once each (a member of two departments is listed twice). */
export function uniqueUsers(lists: readonly (readonly WecomUser[])[]): WecomUser[] {
  const byId = new Map<string, WecomUser>()
  for (const list of lists) for (const user of list) if (!byId.has(user.userid)) byId.set(user.userid, user)
  return [...byId.values()]
}

/** Ids of the tags on a follow_user entry that have one (personal tags have none). */
export function tagIdsOf(tags: readonly WecomFollowTag[] | undefined): string[] {
  return [...new Set((tags ?? []).flatMap((t) => (t.tag_id ? [t.tag_id] : [])))]
}

/** Splits `items` into arrays of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/**
 * How the relation of `userid` ended when WeCom stopped reporting it: as the delete event
 * said when there was one for this member, else {@link UNKNOWN_END_STATUS}.
 */
export function endStatusFor(userid: string, hint?: { userid: string; status: EndedStatus }): EndedStatus {
  return hint?.userid === userid ? hint.status : UNKNOWN_END_STATUS
}

/** The key of a relation in sets (ids never contain NUL). */
export const relationKey = (externalUserid: string, userid: string) => `${externalUserid}\u0000${userid}`

/** True when a 'running' run started so long ago that its process must have died. */
export function isStaleRun(startedAt: number, now: number): boolean {
  return now - startedAt >= STALE_RUN_SECONDS
}

/** A customer row from WeCom's external_contact (absent optional fields stored as empty). */
export function customerRow(corpId: string, c: WecomExternalContact, now: number): typeof customers.$inferSelect {
  return {
    corpId,
    externalUserid: c.external_userid,
    name: c.name,
    avatar: c.avatar ?? '',
    type: c.type,
    gender: c.gender ?? 0,
    unionid: c.unionid ?? '',
    position: c.position ?? '',
    corpName: c.corp_name ?? '',
    corpFullName: c.corp_full_name ?? '',
    updatedAt: now,
  }
}

/**
 * An active relation row, with its tag ids, from either shape WeCom reports a follower in:
 * externalcontact/get's follow_user (tags[]) or batch/get_by_user's follow_info (tag_id[]).
 */
export function relationRow(
  corpId: string,
  externalUserid: string,
  f: WecomFollowUser | WecomFollowInfo,
  now: number,
): typeof followRelations.$inferSelect & { tagIds: string[] } {
  const tagIds = 'tag_id' in f ? [...new Set(f.tag_id ?? [])] : tagIdsOf('tags' in f ? f.tags : undefined)
  return {
    corpId,
    externalUserid,
    userid: f.userid,
    remark: f.remark ?? '',
    description: f.description ?? '',
    createtime: f.createtime,
    addWay: f.add_way ?? 0,
    state: f.state ?? '',
    operUserid: f.oper_userid ?? '',
    remarkCorpName: f.remark_corp_name ?? '',
    remarkMobiles: f.remark_mobiles ?? [],
    status: 'active',
    endedAt: null,
    updatedAt: now,
    tagIds,
  }
}

/** A staff row from user/list or user/get; `role` is Kelan's (see {@link roleFor}). */
export function staffRow(corpId: string, user: WecomUser, role: Role, now: number): typeof staff.$inferSelect {
  return {
    corpId,
    userid: user.userid,
    name: user.name,
    avatar: user.avatar ?? '',
    position: user.position ?? '',
    mainDepartment: user.main_department ?? user.department[0] ?? 1,
    status: user.status ?? 1,
    role,
    updatedAt: now,
  }
}

/**
 * The tags Kelan shows on a relation after WeCom reports `wecom` for it: WeCom's, plus the
 * local changes not yet confirmed (what Kelan wants, `desired`, differs from what WeCom last
 * confirmed, `remote`). A read that arrives while a change is on its way to WeCom neither
 * loses the change nor undoes a change made in WeCom meanwhile.
 *
 * @example mergeWecomTags({ desired: ['a', 'new'], remote: ['a', 'gone'], wecom: ['a', 'gone', 'w'] }) // ['a', 'w', 'new']
 */
export function mergeWecomTags(input: { desired: readonly string[]; remote: readonly string[]; wecom: readonly string[] }): string[] {
  const remote = new Set(input.remote)
  const desired = new Set(input.desired)
  const pendingAdd = input.desired.filter((id) => !remote.has(id))
  const pendingRemove = new Set(input.remote.filter((id) => !desired.has(id)))
  const merged = [...new Set([...input.wecom, ...pendingAdd])]
  return merged.filter((id) => !pendingRemove.has(id))
}
