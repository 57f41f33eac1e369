import type { OutboxKind } from '../../db/schema'
import { isTokenErrcode, WecomError, wecomErrorToAppError } from '../../wecom/errors'
import { isLocalId, tagDiff, type TagDiff } from '../tags/tags.domain'

/** Failed attempts after which a retryable failure is given up and the item parked as 'failed'. */
export const OUTBOX_MAX_ATTEMPTS = 20

const FIRST_DELAY_S = 5
const MAX_DELAY_S = 600

/**
 * Seconds to wait after the `attempts`-th failed attempt: 5 s, doubling, capped at 10 min.
 * WeCom's frequency limits (45009) are per minute, so the cap keeps a long outage from
 * leaving an item idle for hours once WeCom is back.
 *
 * @example outboxRetryDelaySeconds(1) // 5
 * @example outboxRetryDelaySeconds(3) // 20
 * @example outboxRetryDelaySeconds(12) // 600
 */
export function outboxRetryDelaySeconds(attempts: number): number {
  const exponent = Math.min(Math.max(attempts, 1) - 1, 20)
  return Math.min(FIRST_DELAY_S * 2 ** exponent, MAX_DELAY_S)
}

/** What the worker does with an item whose handler threw. */
export interface FailureVerdict {
  /** 'retry': back off and try again (until the attempts run out); 'fail': park it as 'failed' now. */
  action: 'retry' | 'fail'
  /** WeCom's errcode; null when the failure did not come from WeCom. */
  errcode: number | null
  /** For `last_error`, shown to admins: Chinese for WeCom's refusals. */
  message: string
  /** Not WeCom's doing: our bug or the database, worth an error log. */
  internal: boolean
}

/**
 * Sorts a handler's failure. WeCom busy, rate limits, network, timeouts and HTTP 5xx/429 are
 * retried, and so are token errors (the client already refreshed once; a second refusal is a
 * token race, not a verdict on the item). Any other WeCom errcode (84061, 40068, 301002, …)
 * will not change by trying again: failed at once. Anything else is our own failure (a bug
 * or a locked database), which may pass, so it is retried and logged.
 *
 * @example classifyFailure(new WecomError({ errcode: 84061, path, message })) // { action: 'fail', errcode: 84061, … }
 */
export function classifyFailure(err: unknown): FailureVerdict {
  if (err instanceof WecomError) {
    const action = err.retryable || isTokenErrcode(err.errcode) ? 'retry' : 'fail'
    return { action, errcode: err.errcode, message: wecomErrorToAppError(err).message, internal: false }
  }
  const detail = err instanceof Error ? err.message : String(err)
  return { action: 'retry', errcode: null, message: `系统内部错误：${detail}`.slice(0, 1000), internal: true }
}

/** What a mark_tag item has to do, from the relation's tags as Kelan wants them and as WeCom has them. */
export type MarkTagPlan =
  /** Send this difference. */
  | ({ kind: 'push' } & TagDiff)
  /** WeCom has everything it can have; only tags WeCom has not created yet (local ids) are left. */
  | { kind: 'wait' }
  /** WeCom has exactly what Kelan wants. */
  | { kind: 'done' }

/**
 * Plans one mark_tag push. Local ids (`kl_…`) are never sent: WeCom does not know them yet,
 * and the create_tags item that creates them renames them in place, after which this relation
 * is pushed again.
 *
 * @example planMarkTag({ desired: ['a', 'kl_x'], remote: ['b'] }) // { kind: 'push', add: ['a'], remove: ['b'] }
 */
export function planMarkTag(tags: { desired: readonly string[]; remote: readonly string[] }): MarkTagPlan {
  const wanted = tags.desired.filter((id) => !isLocalId(id))
  const diff = tagDiff(
    tags.remote.filter((id) => !isLocalId(id)),
    wanted,
  )
  if (diff.add.length || diff.remove.length) return { kind: 'push', ...diff }
  return wanted.length < tags.desired.length ? { kind: 'wait' } : { kind: 'done' }
}

/** The relation a mark_tag key names (see `relationOutboxKey`); undefined for a malformed key. */
export function parseRelationOutboxKey(key: string): { externalUserid: string; userid: string } | undefined {
  // WeCom userids hold no '/' (letters, digits, _-@.), so the last one separates the two.
  const at = key.lastIndexOf('/')
  if (at <= 0 || at === key.length - 1) return undefined
  return { externalUserid: key.slice(0, at), userid: key.slice(at + 1) }
}

/** Names the failure list needs, looked up by the caller; undefined when not (or no longer) known. */
export interface FailureNames {
  customer(externalUserid: string): string | undefined
  staff(userid: string): string | undefined
  tag(id: string): { name: string; groupName: string } | undefined
  group(id: string): string | undefined
}

/**
 * What a failed item was doing, in words for the admin's list.
 *
 * @example describeOutboxItem({ kind: 'mark_tag', key: 'wm1/lisi', payload: {} }, names) // '为客户「王小明」（跟进人：李四）同步标签'
 * @example describeOutboxItem({ kind: 'remark', key: 'wm1/lisi', payload: {} }, names) // '修改客户「王小明」的备注（跟进人：李四）'
 */
export function describeOutboxItem(
  item: { kind: OutboxKind; key: string; payload: Record<string, unknown> },
  names: FailureNames,
): string {
  switch (item.kind) {
    case 'mark_tag': {
      const relation = parseRelationOutboxKey(item.key)
      if (!relation) return `同步客户标签（${item.key}）`
      const customer = names.customer(relation.externalUserid) ?? relation.externalUserid
      const follower = names.staff(relation.userid) ?? relation.userid
      return `为客户「${customer}」（跟进人：${follower}）同步标签`
    }
    case 'create_tags': {
      const group = names.group(item.key)
      if (group === undefined) return `在企业微信创建标签（标签组 ${item.key}）`
      return isLocalId(item.key) ? `在企业微信创建标签组「${group}」` : `在标签组「${group}」中创建标签`
    }
    case 'edit_tag': {
      const group = names.group(item.key)
      if (group !== undefined) return `修改标签组「${group}」`
      const tag = names.tag(item.key)
      return tag ? `修改标签「${tag.groupName}：${tag.name}」` : `修改标签（${item.key}）`
    }
    case 'delete_tags':
      return describeDeletion(item.payload)
    case 'remark': {
      const relation = parseRelationOutboxKey(item.key)
      if (!relation) return `修改客户备注（${item.key}）`
      const customer = names.customer(relation.externalUserid) ?? relation.externalUserid
      const follower = names.staff(relation.userid) ?? relation.userid
      return `修改客户「${customer}」的备注（跟进人：${follower}）`
    }
    case 'app_message':
      return describeAppMessage(item.payload, names)
  }
}

/** The recipients' names, and the title of a textcard, of an app message. */
function describeAppMessage(payload: Record<string, unknown>, names: FailureNames): string {
  const to = typeof payload.touser === 'string' ? payload.touser.split('|').filter(Boolean) : []
  const who = to.map((u) => names.staff(u) ?? u).join('、') || '成员'
  const card = payload.textcard as { title?: unknown } | undefined
  const title = typeof card?.title === 'string' ? `：${card.title}` : ''
  return `发送应用消息给「${who}」${title}`
}

/** delete_tags names what it deletes by id only: the names left with the local rows. */
function describeDeletion(payload: Record<string, unknown>): string {
  const count = (v: unknown) => (Array.isArray(v) ? v.length : 0)
  const parts = [
    count(payload.tagIds) ? `${count(payload.tagIds)} 个标签` : '',
    count(payload.groupIds) ? `${count(payload.groupIds)} 个标签组` : '',
  ].filter(Boolean)
  return parts.length ? `在企业微信删除 ${parts.join('和 ')}` : '在企业微信删除标签'
}
