/**
 * Follow-up rules as plain functions: what a new follow-up may carry, who a reminder reaches,
 * the order of types, and the WeCom textcards sent for @mentions and reminders.
 */
import { FOLLOWUP_ATTACHMENTS_MAX, REMINDER_MAX_AHEAD_SECONDS, type ErrorIssue } from '@kelan/shared'
import type { AppMessage } from '../../wecom/types'

/**
 * A reminder sent more than this many seconds after its time says it is late (Kelan was down
 * or busy at its time). The scheduler's claim sets `reminders.late` by this rule.
 */
export const LATE_AFTER_SECONDS = 60

/** WeCom's textcard limits (REFERENCE §2.6): title 128 bytes, description 512 bytes. */
const TITLE_MAX_BYTES = 128
const DESCRIPTION_MAX_BYTES = 512

/** An attachment as the follow-up check needs it. */
export interface AttachmentFacts {
  id: string
  purpose: string
  owner: string
}

/** A staff row as the mention check needs it. */
export interface StaffFacts {
  userid: string
  name: string
  status: number
}

/**
 * Problems with the attachments a follow-up names: at most 9, each an upload of the author's
 * for follow-ups (a file uploaded for the knowledge base, or by a colleague, cannot be
 * attached by id).
 *
 * @returns issues for a 400, empty when all is well
 */
export function attachmentIssues(ids: readonly string[], found: readonly AttachmentFacts[], author: string): ErrorIssue[] {
  if (ids.length > FOLLOWUP_ATTACHMENTS_MAX) {
    return [{ path: 'json.attachmentIds', message: `最多添加 ${FOLLOWUP_ATTACHMENTS_MAX} 个附件` }]
  }
  const byId = new Map(found.map((a) => [a.id, a]))
  return ids.flatMap((id, i) => {
    const a = byId.get(id)
    const ok = a && a.purpose === 'followup' && a.owner === author
    return ok ? [] : [{ path: `json.attachmentIds.${i}`, message: '附件不存在或已失效，请重新上传' }]
  })
}

/**
 * The mentioned userids that are not active staff (unknown, disabled or left), named for the
 * message: a name when Kelan knows one, else the userid.
 */
export function invalidMentions(userids: readonly string[], found: readonly StaffFacts[]): string[] {
  const byId = new Map(found.map((s) => [s.userid, s]))
  return userids.flatMap((u) => {
    const s = byId.get(u)
    if (s && s.status === 1) return []
    return [s?.name || u]
  })
}

/** Why `remindAt` cannot be used now, or null: it must be in the future and within a year. */
export function remindAtProblem(remindAt: number, now: number): string | null {
  if (remindAt <= now) return '提醒时间必须晚于当前时间'
  if (remindAt - now > REMINDER_MAX_AHEAD_SECONDS) return '提醒时间不能超过一年'
  return null
}

/** Who a reminder reaches: the author and everyone mentioned, once each, author first. */
export function reminderRecipients(author: string, mentions: readonly string[]): string[] {
  return [...new Set([author, ...mentions])]
}

/** Who gets the "@了你" message at once: the mentioned, but not the author mentioning themselves. */
export function mentionRecipients(author: string, mentions: readonly string[]): string[] {
  return [...new Set(mentions)].filter((u) => u !== author)
}


/**
 * Why `ids` is not a valid new order of the corp's types, or null: every type exactly once,
 * 笔记 first.
 */
export function reorderProblem(ids: readonly number[], existing: readonly { id: number; builtin: boolean }[]): string | null {
  const known = new Set(existing.map((t) => t.id))
  if (ids.length !== known.size || !ids.every((id) => known.has(id))) return '类型列表已变化，请刷新后重试'
  const note = existing.find((t) => t.builtin)
  if (note && ids[0] !== note.id) return '笔记固定在第一位'
  return null
}

/** 'MM-DD HH:mm' in China time (UTC+8, no DST), as messages show times. */
export function formatShort(at: number): string {
  const d = new Date((at + 8 * 3600) * 1000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
}

/** The first `maxChars` characters of a text on one line, with '…' when cut. */
export function excerpt(text: string, maxChars = 60): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()]
  return chars.length <= maxChars ? chars.join('') : `${chars.slice(0, maxChars).join('')}…`
}

const byteLength = (s: string) => Buffer.byteLength(s, 'utf8')

/** `s` cut to at most `maxBytes` UTF-8 bytes on a character boundary, '…' marking a cut. */
export function truncateBytes(s: string, maxBytes: number): string {
  if (byteLength(s) <= maxBytes) return s
  let out = ''
  for (const ch of s) {
    if (byteLength(out + ch + '…') > maxBytes) break
    out += ch
  }
  return `${out}…`
}

/** Escapes text for the textcard description, which WeCom reads as (limited) HTML. */
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** What a follow-up message tells about the follow-up. */
export interface FollowupMessageFacts {
  externalUserid: string
  customerName: string
  typeName: string
  text: string
  /** The reminder's time, if one is set. */
  dueAt?: number
}

/**
 * The description lines, with the excerpt cut so the whole stays within WeCom's 512 bytes
 * (the other lines are short and bounded).
 */
function description(facts: FollowupMessageFacts, head: string[], tail: string[]): string {
  const div = (cls: string, s: string) => `<div class="${cls}">${s}</div>`
  const lines = [
    ...head,
    div('normal', `客户：${escapeHtml(truncateBytes(facts.customerName, 90))}`),
    div('normal', `类型：${escapeHtml(truncateBytes(facts.typeName, 60))}`),
  ]
  const fixed = [...lines, ...tail].join('')
  const room = DESCRIPTION_MAX_BYTES - byteLength(fixed) - byteLength(div('normal', '内容：'))
  // Escaping can lengthen the text: cut first, escape, then cut the escaped text if needed.
  let body = escapeHtml(truncateBytes(excerpt(facts.text, 200), Math.max(room, 0)))
  if (byteLength(body) > room) body = truncateBytes(body.replace(/&\w*$/, ''), Math.max(room, 0))
  return [...lines, div('normal', `内容：${body}`), ...tail].join('')
}

/** The customer's page in Kelan (manager view), which the card opens. */
export const customerUrl = (publicUrl: string, externalUserid: string) =>
  `${publicUrl}/#/manager/customers/${encodeURIComponent(externalUserid)}`

/**
 * The textcard a mentioned colleague gets at once: 「张三 在跟进记录中@了你」.
 *
 * @example mentionMessage('lisi', '张三', facts, 'https://kelan.example.com')
 */
export function mentionMessage(touser: string, authorName: string, facts: FollowupMessageFacts, publicUrl: string): AppMessage {
  const title = truncateBytes(`${authorName} 在跟进记录中@了你`, TITLE_MAX_BYTES)
  const tail = facts.dueAt ? [`<div class="highlight">提醒时间：${formatShort(facts.dueAt)}</div>`] : []
  return {
    touser,
    msgtype: 'textcard',
    textcard: { title, description: description(facts, [], tail), url: customerUrl(publicUrl, facts.externalUserid), btntxt: '查看' },
  }
}

/**
 * The textcard of a reminder at its time, 「客户跟进提醒」; a late one says so with its
 * original time: 「（提醒延迟送达：原定 11-21 14:00）」.
 */
export function reminderMessage(
  touser: string,
  facts: FollowupMessageFacts & { dueAt: number },
  late: boolean,
  publicUrl: string,
): AppMessage {
  const head = [`<div class="gray">提醒时间：${formatShort(facts.dueAt)}</div>`]
  const tail = late ? [`<div class="highlight">（提醒延迟送达：原定 ${formatShort(facts.dueAt)}）</div>`] : []
  return {
    touser,
    msgtype: 'textcard',
    textcard: { title: '客户跟进提醒', description: description(facts, head, tail), url: customerUrl(publicUrl, facts.externalUserid), btntxt: '查看' },
  }
}

/**
 * The outbox key of a mention message: one per follow-up and colleague. The follow-up's
 * insert (once per clientKey) is what sends it once; the unique key only guards a re-queue.
 */
export const mentionOutboxKey = (followupId: number, userid: string) => `mention-${followupId}-${userid}`

/**
 * The outbox key of a reminder message: one per reminder and recipient. What prevents a
 * second send is the scheduler's claim (scheduled → sent in the transaction that queues the
 * messages); the unique key only guards against queuing the same message again.
 */
export const reminderOutboxKey = (reminderId: number, userid: string) => `reminder-${reminderId}-${userid}`
