/**
 * The special-mark list (客户标记管理) as plain functions: how a stored mark reads in the list,
 * who a create request is for, what an edit changes, which mark tags may leave the setting,
 * and each history event as one Chinese line.
 */
import type { Mark, MarkCustomerStatus, MarkEventKind, MarkSource, MarkTagRef, StaffRef } from '@kelan/shared'

/** A mark as the list query reads it (names joined in). */
export interface MarkListRow {
  id: number
  externalUserid: string
  unionid: string
  /** The customer's current name and avatar when Kelan knows them, else the mark's copy. */
  name: string
  avatar: string
  tagId: string
  /** The tag's name now, else the name the mark keeps (null when neither is known). */
  tagName: string | null
  /** The tag is gone from the library (deleted in WeCom): only the remark is forced. */
  tagMissing: boolean
  groupName: string | null
  /** The mark's own copies of the customer's and the tag's names: the default remark is made of them. */
  markName: string
  markTagName: string
  remark: string
  reason: string
  source: MarkSource
  status: 'active' | 'removed'
  markedBy: string
  markedByName: string | null
  markedAt: number
  removedBy: string | null
  removedByName: string | null
  removedAt: number | null
  /** Active relations of the customer. */
  activeRelations: number
  /** Active relations that carry the mark tag. */
  followerCount: number
}

/** 正常 while someone follows the customer, 已流失 once every relation ended, 未添加 for unionid only. */
export function customerStatus(externalUserid: string, activeRelations: number): MarkCustomerStatus {
  if (!externalUserid) return 'not_added'
  return activeRelations > 0 ? 'normal' : 'lost'
}

/** A staff reference, the userid standing in for a name Kelan does not know (one who left long ago). */
export const staffRef = (userid: string, name: string | null | undefined): StaffRef => ({ userid, name: name || userid })

/** A tag reference; a tag deleted since reads as its id. */
export const tagRef = (id: string, name: string | null, groupName: string | null): MarkTagRef => ({ id, name: name ?? id, groupName: groupName ?? '' })

/**
 * A list row as the API shows it. `forcedRemark` is the remark every relation gets (the
 * default one filled in), computed by the caller with the marks core's rule.
 */
export function toMark(row: MarkListRow, forcedRemark: string): Mark {
  return {
    id: row.id,
    externalUserId: row.externalUserid,
    unionid: row.unionid,
    name: row.name,
    avatar: row.avatar,
    tag: tagRef(row.tagId, row.tagName, row.groupName),
    tagMissing: row.tagMissing,
    remark: forcedRemark,
    customRemark: row.remark !== '',
    reason: row.reason,
    source: row.source,
    status: row.status,
    customerStatus: customerStatus(row.externalUserid, row.activeRelations),
    markedBy: staffRef(row.markedBy, row.markedByName),
    markedAt: row.markedAt,
    removedBy: row.removedBy ? staffRef(row.removedBy, row.removedByName) : null,
    removedAt: row.removedAt,
    followerCount: row.followerCount,
  }
}

/** A known customer, as create and import resolve targets against. */
export interface KnownCustomer {
  externalUserid: string
  unionid: string
  name: string
  avatar: string
}

/** Who one create target turned out to be: a known customer, or a unionid nobody has added. */
export type ResolvedTarget =
  | { known: true; customer: KnownCustomer }
  | { known: false; unionid: string }

/** The key a target is named by in errors and results: its external_userid, else its unionid. */
export const targetKey = (t: ResolvedTarget) => (t.known ? t.customer.externalUserid : t.unionid)

/** The unionid a target is matched by ('' when none). */
export const targetUnionid = (t: ResolvedTarget) => (t.known ? t.customer.unionid : t.unionid)

/**
 * Targets without repeats: the same customer chosen twice (by external_userid and by its
 * unionid, or twice by one) is marked once.
 */
export function uniqueTargets(targets: readonly ResolvedTarget[]): ResolvedTarget[] {
  const seen = new Set<string>()
  const out: ResolvedTarget[] = []
  for (const t of targets) {
    const keys = [targetKey(t), targetUnionid(t)].filter(Boolean)
    if (keys.some((k) => seen.has(k))) continue
    keys.forEach((k) => seen.add(k))
    out.push(t)
  }
  return out
}

/** A mark's fields an edit may change, as stored. */
export interface MarkFields {
  tagId: string
  tagName: string
  /** '' = the default remark. */
  remark: string
  reason: string
}

/** What an edit changes: only the fields that differ, before and after (for the 'edited' event). */
export function editDiff(before: MarkFields, patch: Partial<MarkFields>): { before: Partial<MarkFields>; after: Partial<MarkFields> } | null {
  const b: Partial<MarkFields> = {}
  const a: Partial<MarkFields> = {}
  // A new tag, or the same tag renamed in the library since it was marked (the stored name
  // makes the default remark, so an edit is how an admin brings it up to date).
  const retagged = patch.tagId !== undefined && patch.tagId !== before.tagId
  const renamed = !retagged && patch.tagName !== undefined && patch.tagName !== before.tagName
  if (retagged || renamed) {
    b.tagId = before.tagId
    b.tagName = before.tagName
    a.tagId = patch.tagId ?? before.tagId
    a.tagName = patch.tagName ?? patch.tagId
  }
  for (const key of ['remark', 'reason'] as const) {
    const next = patch[key]
    if (next !== undefined && next !== before[key]) {
      b[key] = before[key]
      a[key] = next
    }
  }
  return Object.keys(a).length ? { before: b, after: a } : null
}

/**
 * The mark tags an update of the setting takes off that active marks still use, with how many
 * marks use each (409 MARK_TAG_IN_USE when any).
 */
export function tagsStillInUse(current: readonly string[], next: readonly string[], activeUse: ReadonlyMap<string, number>): string[] {
  const kept = new Set(next)
  return current.filter((id) => !kept.has(id) && (activeUse.get(id) ?? 0) > 0)
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '')
const quoted = (v: string) => `「${v}」`
const remarkText = (remark: string) => (remark ? quoted(remark) : '默认备注（【标签】+昵称）')

/** One line of an 'added' event: tag, remark, reason. */
function addedText(d: Record<string, unknown>): string {
  const how = d.source === 'import' ? '批量导入，加入标记名单' : '加入标记名单'
  const parts = [`${how}：标签 ${quoted(str(d.tagName))}`, `备注 ${remarkText(str(d.remark))}`]
  if (str(d.reason)) parts.push(`原因：${str(d.reason)}`)
  return parts.join('，')
}

/** One line of an 'edited' event: each change, before → after. */
function editedText(d: Record<string, unknown>): string {
  const before = (d.before ?? {}) as Record<string, unknown>
  const after = (d.after ?? {}) as Record<string, unknown>
  const parts: string[] = []
  if ('tagName' in after) parts.push(`标签由 ${quoted(str(before.tagName))} 改为 ${quoted(str(after.tagName))}`)
  if ('remark' in after) parts.push(`备注由 ${remarkText(str(before.remark))} 改为 ${remarkText(str(after.remark))}`)
  if ('reason' in after) parts.push(`原因由 ${quoted(str(before.reason) || '无')} 改为 ${quoted(str(after.reason) || '无')}`)
  return parts.length ? `编辑标记：${parts.join('；')}` : '编辑标记'
}

/** One line of a 'reapplied' event: what the follower changed in WeCom, put back. */
function reappliedText(d: Record<string, unknown>, follower: string): string {
  const what = Array.isArray(d.what) ? d.what : []
  const parts: string[] = []
  if (what.includes('tag')) parts.push(`移除了标签 ${quoted(str(d.tagName))}`)
  if (what.includes('remark')) parts.push(str(d.found) ? `把备注改为 ${quoted(str(d.found))}` : '修改了备注')
  const did = parts.length ? parts.join('并') : '修改了标签或备注'
  const restored = str(d.remark) && what.includes('remark') ? `，已恢复为 ${quoted(str(d.remark))}` : '，已恢复'
  return `${follower} 在企业微信中${did}${restored}`
}

/**
 * A history event as one readable Chinese line; `follower` is the follower's name for
 * relation-level events. Details come from the stored JSON: missing fields read as empty.
 *
 * @example markEventText('removed', {}, null) // '移出标记名单'
 */
export function markEventText(kind: MarkEventKind, detail: Record<string, unknown>, follower: string | null): string {
  const who = follower ?? '员工'
  switch (kind) {
    case 'added':
      return addedText(detail)
    case 'edited':
      return editedText(detail)
    case 'removed':
      // Closed by Kelan: the same customer stands on the list by 客户账号.
      if (detail.mergedInto !== undefined) return `该客户已按客户账号 ${str(detail.externalUserid)} 在标记名单中，此 UnionID 标记自动移除`
      return '移出标记名单，标签和备注不再强制'
    case 'applied':
      return `已为 ${who} 的客户打上标签 ${quoted(str(detail.tagName))}，备注改为 ${quoted(str(detail.remark))}`
    case 'reapplied':
      return reappliedText(detail, who)
    case 'notified':
      // Written when the message is queued: the outbox sends it (failures show in 同步失败).
      return `已通知 ${who}：该客户已被标记（应用消息已排队发送）`
  }
}
