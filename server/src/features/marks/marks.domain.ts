// The forcing rules of 客户特殊标记, as pure functions: what a marked customer's relation must
// carry, what to do about one that does not, and the message a new follower gets.

// The forced remark is shown by the admin form before it is sent: its rule lives in shared/.
export { cutToChars, forcedRemark } from '@kelan/shared'

/** An 'applied' or 'notified' event of one follower, as relation flags read it. */
export interface RelationEventRecord {
  kind: 'applied' | 'notified'
  /** The relation's createtime stored in the event (events written before it was stored have none). */
  createtime?: number
  at: number
}

/**
 * Whether the mark was applied to / the follower notified about THIS relation: a follower who
 * deleted the customer and added them again has a new relation (a new createtime), which is
 * applied and notified afresh. An event names its relation by createtime; an older event
 * without one counts when it came at or after the relation's createtime.
 */
export function relationFlags(events: readonly RelationEventRecord[], createtime: number): { applied: boolean; notified: boolean } {
  const mine = events.filter((e) => (e.createtime === undefined ? e.at >= createtime : e.createtime === createtime))
  return { applied: mine.some((e) => e.kind === 'applied'), notified: mine.some((e) => e.kind === 'notified') }
}

/** What enforcement knows about one active relation of a marked customer. */
export interface RelationFacts {
  userid: string
  /** When the follower added the customer (WeCom's createtime, seconds). */
  createtime: number
  remark: string
  /** relation_tags holds the mark tag. */
  hasTag: boolean
  /** A 'remark' outbox item is pending for the relation: a push (Kelan's or a user's) is on its way. A failed one does not count. */
  remarkOpen: boolean
  /** The mark was applied to this relation before ('applied' event; see relationFlags). */
  applied: boolean
  /** The follower got the app message about this mark and relation before ('notified' event). */
  notified: boolean
}

/** The history entry a relation's enforcement writes, if any. */
export type EnforcementEvent =
  | { kind: 'applied' }
  /** Put back what someone took off or changed in WeCom; `found` = the remark found there. */
  | { kind: 'reapplied'; what: ('tag' | 'remark')[]; found?: string }

/** What to do to one relation. */
export interface RelationPlan {
  addTag: boolean
  pushRemark: boolean
  event: EnforcementEvent | null
  /** Send the follower the app message (a relation made after the mark, told once). */
  notify: boolean
}

/**
 * Plans the enforcement of a mark on one relation:
 * - the tag goes on when relation_tags lacks it;
 * - the remark is pushed when it differs and no push is open (an open one will settle it);
 * - the first enforcement of a relation is 'applied'. Later, a missing tag or a differing
 *   remark is tampering ('reapplied'): Kelan refuses to take the tag off and keeps unpushed
 *   additions through every WeCom read, so a missing tag was removed in WeCom; and a remark
 *   that differs while no push is open was changed there;
 * - a relation made at or after the mark (a new follower) is notified once.
 */
export function planEnforcement(mark: { markedAt: number }, forced: string, r: RelationFacts): RelationPlan {
  const addTag = !r.hasTag
  const pushRemark = r.remark !== forced && !r.remarkOpen
  const notify = r.createtime >= mark.markedAt && !r.notified
  if (!r.applied) return { addTag, pushRemark, event: { kind: 'applied' }, notify }
  const what = [...(addTag ? (['tag'] as const) : []), ...(pushRemark ? (['remark'] as const) : [])]
  if (!what.length) return { addTag, pushRemark, event: null, notify }
  return { addTag, pushRemark, event: { kind: 'reapplied', what, ...(pushRemark ? { found: r.remark } : {}) }, notify }
}

/** The textcard message/send body for a new follower (without agentid: the client adds it). */
export interface MarkNotice {
  touser: string
  msgtype: 'textcard'
  textcard: { title: string; description: string; url: string; btntxt: string }
}

/** WeCom's textcard limits, in bytes (UTF-8). */
const TITLE_MAX_BYTES = 128
const DESCRIPTION_MAX_BYTES = 512

/** `text` cut to at most `max` UTF-8 bytes, on a character boundary. */
export function cutToBytes(text: string, max: number): string {
  let bytes = 0
  let out = ''
  for (const ch of text) {
    bytes += Buffer.byteLength(ch)
    if (bytes > max) return out
    out += ch
  }
  return out
}

/**
 * A time as Beijing time, 'YYYY-MM-DD HH:mm'. China has one zone and no daylight saving, so a
 * fixed +8 h is exact, and the server's own zone does not matter.
 *
 * @example formatBeijingTime(1_750_000_000) // '2025-06-15 23:06'
 */
export function formatBeijingTime(seconds: number): string {
  return new Date((seconds + 8 * 3600) * 1000).toISOString().slice(0, 16).replace('T', ' ')
}

/** What the new follower's message says. */
export interface MarkNoticeInput {
  userid: string
  customerName: string
  tagName: string
  reason: string
  remark: string
  /** The mark tag was put on the relation (false when the tag is gone from the library). */
  tagApplied: boolean
  markedByName: string
  markedAt: number
  /** Where the message's button leads: the customer's card in Kelan. */
  url: string
}

/**
 * The app message telling a staff member that the customer they just added is marked, why,
 * and that Kelan has put the tag and remark on their relation.
 */
export function markNotice(input: MarkNoticeInput): MarkNotice {
  const lines = [
    `客户：${input.customerName || '（未知）'}`,
    `原因：${input.reason || '未填写'}`,
    `由 ${input.markedByName} 于 ${formatBeijingTime(input.markedAt)} 标记`,
    input.tagApplied ? `已为你添加标签「${input.tagName}」，备注已改为「${input.remark}」` : `备注已改为「${input.remark}」`,
  ]
  return {
    touser: input.userid,
    msgtype: 'textcard',
    textcard: {
      title: cutToBytes(`客户已被标记：${input.tagName}`, TITLE_MAX_BYTES),
      description: cutToBytes(lines.join('\n'), DESCRIPTION_MAX_BYTES),
      url: input.url,
      btntxt: '查看客户',
    },
  }
}

/** The customer's page in Kelan outside a chat (the manager's card), for message links. */
export const customerPageUrl = (publicUrl: string, externalUserid: string) =>
  `${publicUrl}/#/manager/customers/${encodeURIComponent(externalUserid)}`

/**
 * The outbox key of a follower's mark message: one message per mark and relation (a follower
 * who adds the customer again is told again).
 */
export const markNoticeKey = (markId: number, userid: string, createtime: number) => `mark-${markId}-${userid}-${createtime}`

/** The prefix of every message key of a mark (its pending messages go when it is removed). */
export const markNoticeKeyPrefix = (markId: number) => `mark-${markId}-`
