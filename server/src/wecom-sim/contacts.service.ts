/**
 * WeCom's rules for customers and follow relations: which errcode a call earns, how detail
 * and batch replies page, and which changes WeCom reports by callback. Both the cgi-bin API
 * (Kelan's calls) and the control API (a staff member acting in the simulated WeCom client)
 * go through here, so a change looks the same to Kelan whichever side made it. The one
 * difference: an edit in the client always pushes edit_external_contact, an API edit only
 * when the `apiEditsTriggerCallbacks` switch is on, because WeCom documents the first and
 * not the second (REFERENCE §3.4).
 */
import { randomBytes } from 'node:crypto'
import type { MarkTagInput, RemarkInput as WecomRemarkInput, WecomExternalContact, WecomFollowUser } from '../wecom/types'
import * as repo from './contacts.repo'
import type { SimContext } from './context'
import type { DemoCustomer, DemoFollowInfo } from './demo-corp'
import { ERR, SimError } from './errors'
import { insertCustomer, insertRelation, META, nextCustomerIndex, setMeta } from './store'
import { getTag } from './tags.repo'

/** A follow_user entry of externalcontact/get (tags with names, no tag_id list). */
export type SimFollowUser = WecomFollowUser & { wechat_channels?: DemoFollowInfo['wechat_channels'] }

const encodeCursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

function decodeCursor<T>(cursor: string | undefined, check: (v: unknown) => v is T, empty: T): T {
  if (!cursor) return empty
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString())
    if (check(value)) return value
  } catch {
    // fall through: an unreadable cursor is a bad parameter, as in WeCom
  }
  throw new SimError(ERR.INVALID_PARAMETER, 'cursor')
}

function requireStaff(ctx: SimContext, userid: string): void {
  if (!repo.getStaff(ctx.db, userid, ctx.publicBase)) throw new SimError(ERR.INVALID_USERID, userid)
}

function requireContact(ctx: SimContext, externalUserid: string): WecomExternalContact {
  const contact = repo.getContact(ctx.db, externalUserid, ctx.publicBase)
  if (!contact) throw new SimError(ERR.INVALID_EXTERNAL_USERID)
  return contact
}

/** 40003 unknown staff, 40096 unknown customer, 84061 when they are not (or no longer) friends. */
function requireRelation(ctx: SimContext, userid: string, externalUserid: string): WecomExternalContact {
  requireStaff(ctx, userid)
  const contact = requireContact(ctx, externalUserid)
  if (!repo.getRelation(ctx.db, userid, externalUserid)) throw new SimError(ERR.NOT_EXTERNAL_CONTACT)
  return contact
}

function toFollowUser(ctx: SimContext, externalUserid: string, info: DemoFollowInfo): SimFollowUser {
  const { tag_id: _ids, ...rest } = info
  return { ...rest, tags: repo.relationTags(ctx.db, info.userid, externalUserid) }
}

const isOffset = (v: unknown): v is { o: number } =>
  typeof v === 'object' && v !== null && Number.isInteger((v as { o: unknown }).o) && (v as { o: number }).o >= 0

/** externalcontact/get: the contact and one page of its followers. */
export function getContactDetail(ctx: SimContext, externalUserid: string, cursor?: string, pageSize?: number) {
  const contact = requireContact(ctx, externalUserid)
  const infos = repo.followInfosOf(ctx.db, externalUserid)
  if (!infos.length) throw new SimError(ERR.NOT_EXTERNAL_CONTACT)
  const size = pageSize ?? ctx.settings.followUserPageSize
  const { o: offset } = decodeCursor(cursor, isOffset, { o: 0 })
  const page = infos.slice(offset, offset + size)
  const more = offset + size < infos.length
  return {
    external_contact: contact,
    follow_user: page.map((info) => toFollowUser(ctx, externalUserid, info)),
    next_cursor: more ? encodeCursor({ o: offset + size }) : '',
  }
}

/** The full record (every follower, tags with names) for the control API and tests. */
export function getFullRecord(ctx: SimContext, externalUserid: string) {
  const contact = repo.getContact(ctx.db, externalUserid, ctx.publicBase)
  if (!contact) return undefined
  const infos = repo.followInfosOf(ctx.db, externalUserid)
  return { external_contact: contact, follow_user: infos.map((info) => toFollowUser(ctx, externalUserid, info)) }
}

export function listCustomerIds(ctx: SimContext, userid: string): string[] {
  requireStaff(ctx, userid)
  return repo.customerIdsOf(ctx.db, userid)
}

type BatchCursor = [number, string]
const isBatchCursor = (v: unknown): v is BatchCursor =>
  Array.isArray(v) && v.length === 2 && Number.isInteger(v[0]) && v[0] >= 0 && typeof v[1] === 'string'

/**
 * batch/get_by_user: relations of the listed staff, in list order, `limit` per page. Members
 * without an interop licence (settings.unlicensedUserids) are left out and named in
 * `fail_info` on every page; when that is all of them, WeCom answers 701008 instead.
 */
export function batchGetByUser(ctx: SimContext, userids: string[], cursor: string | undefined, limit: number) {
  for (const u of userids) requireStaff(ctx, u)
  const unlicensedSet = new Set(ctx.settings.unlicensedUserids)
  const unlicensed = userids.filter((u) => unlicensedSet.has(u))
  const licensed = userids.filter((u) => !unlicensedSet.has(u))
  if (!licensed.length) throw new SimError(ERR.NO_LICENSED_MEMBER)
  const page = batchPage(ctx, licensed, cursor, limit)
  return unlicensed.length ? { ...page, fail_info: { unlicensed_userid_list: unlicensed } } : page
}

function batchPage(ctx: SimContext, userids: string[], cursor: string | undefined, limit: number) {
  let [userIndex, after] = decodeCursor(cursor, isBatchCursor, [0, ''])
  const items: { external_contact: WecomExternalContact; follow_info: DemoFollowInfo }[] = []
  while (userIndex < userids.length && items.length < limit) {
    const rows = repo.relationsPage(ctx.db, userids[userIndex]!, after, limit - items.length)
    for (const r of rows) {
      const contact = repo.getContact(ctx.db, r.contactId, ctx.publicBase)
      if (contact) items.push({ external_contact: contact, follow_info: r.info })
      after = r.contactId
    }
    if (items.length < limit) [userIndex, after] = [userIndex + 1, '']
  }
  const more =
    userIndex < userids.length &&
    userids.slice(userIndex).some((u, i) => repo.relationsPage(ctx.db, u, i === 0 ? after : '', 1).length > 0)
  return { external_contact_list: items, next_cursor: more ? encodeCursor([userIndex, after]) : '' }
}

function checkTags(ctx: SimContext, ids: string[]): void {
  for (const id of ids) {
    const tag = getTag(ctx.db, id)
    if (!tag || tag.deleted) throw new SimError(ERR.INVALID_TAG_ID, id)
  }
}

/** Pushes edit_external_contact: always for client edits, for API edits only when switched on. */
function reportEdit(ctx: SimContext, userid: string, externalUserid: string, fromClient: boolean): void {
  if (!fromClient && !ctx.settings.apiEditsTriggerCallbacks) return
  const state = repo.getRelation(ctx.db, userid, externalUserid)?.state
  ctx.emit({ event: 'change_external_contact', changeType: 'edit_external_contact', userid, externalUserid, state })
}

function applyMarkTag(ctx: SimContext, input: MarkTagInput): void {
  const add = input.add_tag ?? []
  const remove = input.remove_tag ?? []
  if (!add.length && !remove.length) throw new SimError(ERR.INVALID_PARAMETER, 'add_tag and remove_tag are both empty')
  requireRelation(ctx, input.userid, input.external_userid)
  checkTags(ctx, [...add, ...remove])
  repo.changeRelationTags(ctx.db, input.userid, input.external_userid, add, remove)
}

/** mark_tag: 84061 without a relation, 40068 for an unknown tag; any corp tag may be applied. */
export function markTag(ctx: SimContext, input: MarkTagInput): void {
  ctx.db.transaction(() => applyMarkTag(ctx, input))()
  reportEdit(ctx, input.userid, input.external_userid, false)
}

/** remark's full request (Kelan's client sends only remark and description). */
export interface RemarkInput extends WecomRemarkInput {
  remark_company?: string
  remark_mobiles?: string[]
  remark_pic_mediaid?: string
}

function applyRemark(ctx: SimContext, input: RemarkInput): void {
  const { remark: r, description: d, remark_company: company, remark_mobiles: mobiles } = input
  if ([r, d, company, mobiles, input.remark_pic_mediaid].every((v) => v === undefined)) {
    throw new SimError(ERR.INVALID_PARAMETER, 'nothing to change')
  }
  if (r !== undefined && [...r].length > 20) throw new SimError(ERR.INVALID_PARAMETER, 'remark too long')
  if (d !== undefined && [...d].length > 150) throw new SimError(ERR.INVALID_PARAMETER, 'description too long')
  const contact = requireRelation(ctx, input.userid, input.external_userid)
  repo.updateRelation(ctx.db, input.userid, input.external_userid, {
    remark: r,
    description: d,
    // WeCom keeps remark_company for WeChat users only.
    remark_corp_name: contact.type === 1 ? company : undefined,
    remark_mobiles: mobiles?.filter((m) => m !== ''),
  })
}

/** remark: at least one field; remark ≤ 20 and description ≤ 150 characters; 84061 without a relation. */
export function remark(ctx: SimContext, input: RemarkInput): void {
  ctx.db.transaction(() => applyRemark(ctx, input))()
  reportEdit(ctx, input.userid, input.external_userid, false)
}

export type StaffEditInput = MarkTagInput & Pick<RemarkInput, 'remark' | 'description'>

/**
 * A staff member edits a customer in the WeCom client: tags and remark change together and
 * WeCom reports one edit_external_contact, whatever the API-edit switch says.
 */
export function staffEdit(ctx: SimContext, input: StaffEditInput): void {
  const { userid, external_userid } = input
  const tagsChange = !!(input.add_tag?.length || input.remove_tag?.length)
  const remarkChange = input.remark !== undefined || input.description !== undefined
  if (!tagsChange && !remarkChange) throw new SimError(ERR.INVALID_PARAMETER, 'nothing to change')
  ctx.db.transaction(() => {
    if (tagsChange) applyMarkTag(ctx, input)
    if (remarkChange) applyRemark(ctx, { userid, external_userid, remark: input.remark, description: input.description })
  })()
  reportEdit(ctx, userid, external_userid, true)
}

/** A relation made by the customer scanning `userid`'s demo QR code, now. */
function newDemoRelation(ctx: SimContext, userid: string, externalUserid: string): DemoFollowInfo {
  return {
    userid, remark: '', description: '', createtime: ctx.clock.now(), tag_id: [], remark_corp_name: '',
    remark_mobiles: [], oper_userid: externalUserid, add_way: 1, state: 'demo',
  }
}

/** What WeCom pushes when a customer adds a member: add_external_contact with a welcome code. */
function reportAdd(ctx: SimContext, userid: string, externalUserid: string): void {
  ctx.emit({
    event: 'change_external_contact',
    changeType: 'add_external_contact',
    userid,
    externalUserid,
    state: 'demo',
    welcomeCode: randomBytes(24).toString('base64url'),
  })
}

/**
 * The generated contact at `index`; with `unionid`, a WeChat user (type 1) carrying it, so a
 * customer known to Kelan only by unionid can be made to appear.
 */
function demoContact(ctx: SimContext, index: number, unionid: string | undefined): WecomExternalContact {
  const generated = ctx.generator.customerAt(index).external_contact
  const contact = { ...generated, avatar: repo.avatarUrl(ctx.publicBase, generated.external_userid) }
  if (unionid === undefined) return contact
  const { external_userid, name, avatar, gender } = contact
  return { external_userid, name, avatar, type: 1, gender: gender ?? 0, unionid }
}

/**
 * A new customer adds `userid` by scanning the demo QR code ('demo' channel): a generated
 * contact, one relation, an add_external_contact callback with a welcome code. With
 * `unionid`, the customer is a WeChat user with that unionid (40058 when another customer
 * already has it: a WeChat user is one customer of the corp).
 */
export function addDemoCustomer(ctx: SimContext, userid: string, opts: { unionid?: string } = {}): DemoCustomer {
  requireStaff(ctx, userid)
  if (opts.unionid !== undefined && repo.customerIdByUnionid(ctx.db, opts.unionid)) {
    throw new SimError(ERR.INVALID_PARAMETER, 'unionid already belongs to a customer')
  }
  const customer = ctx.db.transaction(() => {
    const index = nextCustomerIndex(ctx.db)
    const contact = demoContact(ctx, index, opts.unionid)
    const c: DemoCustomer = { index, external_contact: contact, follow_info: [newDemoRelation(ctx, userid, contact.external_userid)] }
    insertCustomer(ctx.db, c)
    setMeta(ctx.db, META.nextCustomer, String(index + 1))
    return c
  })()
  reportAdd(ctx, userid, customer.external_contact.external_userid)
  return customer
}

/**
 * A customer WeCom already has (followed by other members, or by nobody since) adds `userid`
 * too: a new relation, no tags or remark, and add_external_contact. 40003 unknown member,
 * 40096 unknown customer, 40058 when they are friends already.
 */
export function addExistingCustomer(ctx: SimContext, userid: string, externalUserid: string): DemoFollowInfo {
  requireStaff(ctx, userid)
  requireContact(ctx, externalUserid)
  if (repo.getRelation(ctx.db, userid, externalUserid)) throw new SimError(ERR.INVALID_PARAMETER, 'already a contact of this member')
  const info = newDemoRelation(ctx, userid, externalUserid)
  ctx.db.transaction(() => insertRelation(ctx.db, externalUserid, info))()
  reportAdd(ctx, userid, externalUserid)
  return info
}

/**
 * Ends a relation. `by: 'staff'` is the member deleting the customer (del_external_contact),
 * `by: 'customer'` the customer deleting the member (del_follow_user).
 */
export function endRelation(ctx: SimContext, userid: string, externalUserid: string, by: 'staff' | 'customer'): void {
  requireRelation(ctx, userid, externalUserid)
  ctx.db.transaction(() => repo.deleteRelation(ctx.db, userid, externalUserid))()
  ctx.emit({
    event: 'change_external_contact',
    changeType: by === 'staff' ? 'del_external_contact' : 'del_follow_user',
    userid,
    externalUserid,
  })
}
