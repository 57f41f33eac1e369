/**
 * Enforcement of 客户特殊标记: a marked customer's every active relation carries the mark tag
 * and the forced remark. Tags go through the tagging core (history, mark_tag outbox item, 互斥
 * rules), remarks and the new follower's app message through the outbox; each relation's
 * story is written to the mark's history (applied / reapplied / notified).
 */
import type { Db } from '../../db/client'
import { findStaff } from '../auth/auth.repo'
import { enqueue, findOpenItem } from '../outbox/outbox.repo'
import { planCustomerChange, relationOutboxKey, type TagMeta } from '../tags/tags.domain'
import { customerRelationTags, loadTagMeta, writeRelationDiff, type ChangeContext } from '../tags/tags.repo'
import {
  customerPageUrl,
  forcedRemark,
  markNotice,
  markNoticeKey,
  planEnforcement,
  type RelationPlan,
} from './marks.domain'
import {
  activeMarksFor,
  activeRelationsOf,
  fillMarkCustomer,
  findCustomerBasics,
  insertMarkEvent,
  relationEventFlags,
  type ActiveRelation,
  type MarkRow,
} from './marks.repo'

/** Where and when enforcement runs. */
export interface EnforceContext {
  corpId: string
  now: number
  /** Kelan's public base URL (env.publicUrl), for the link in the new follower's message. */
  publicUrl: string
}

/** What enforcement did. */
export interface EnforceResult {
  /** Outbox items were written: wake the outbox worker (`deps.wake?.('outbox')`) after the commit. */
  queued: boolean
}

const IMMEDIATE = { behavior: 'immediate' } as const

/**
 * Forces the marks standing on the given customers onto their active relations (see
 * `planEnforcement`). Customers without an active mark are skipped, so callers pass every
 * customer they wrote. A unionid-only mark matching a customer for the first time is tied to
 * them. Runs in one IMMEDIATE transaction, or inside the caller's (call it in the same
 * transaction as the customer writes it follows, so a relation is never seen unenforced).
 *
 * @example const { queued } = enforceMarks(db, { corpId, now, publicUrl }, ['wmA']); if (queued) deps.wake?.('outbox')
 */
export function enforceMarks(db: Db, ctx: EnforceContext, externalUserids: readonly string[]): EnforceResult {
  return db.transaction(() => {
    let queued = false
    for (const [externalUserid, mark] of activeMarksFor(db, ctx.corpId, externalUserids)) {
      if (enforceCustomer(db, ctx, externalUserid, mark)) queued = true
    }
    return { queued }
  }, IMMEDIATE)
}

/** What one customer's enforcement works with. */
interface CustomerEnforcement {
  ctx: EnforceContext
  externalUserid: string
  customerName: string
  mark: MarkRow
  tag: TagMeta
  forced: string
}

/** Enforces one customer's mark. @returns true when outbox items were written */
function enforceCustomer(db: Db, ctx: EnforceContext, externalUserid: string, mark: MarkRow): boolean {
  const customer = findCustomerBasics(db, ctx.corpId, externalUserid)
  if (!customer) return false
  if (!mark.externalUserid) fillMarkCustomer(db, mark.id, { externalUserid, ...customer, now: ctx.now })
  // A mark tag deleted in WeCom has nothing to force; the admin list shows the mark without it.
  const tag = loadTagMeta(db, ctx.corpId, [mark.tagId]).get(mark.tagId)
  if (!tag) return false
  const job: CustomerEnforcement = { ctx, externalUserid, customerName: customer.name, mark, tag, forced: forcedRemark(mark, tag.name, customer.name) }
  const flags = relationEventFlags(db, ctx.corpId, mark.id)
  let queued = false
  for (const relation of activeRelationsOf(db, ctx.corpId, externalUserid)) {
    const f = flags.get(relation.userid) ?? { applied: false, notified: false }
    const remarkOpen = findOpenItem(db, ctx.corpId, 'remark', relationOutboxKey(externalUserid, relation.userid)) !== undefined
    const tags = customerRelationTags(db, ctx.corpId, externalUserid)
    const facts = { ...relation, hasTag: tags.get(relation.userid)?.has(mark.tagId) ?? false, remarkOpen, ...f }
    if (applyPlan(db, job, relation, planEnforcement(mark, job.forced, facts))) queued = true
  }
  return queued
}

/** Carries out one relation's plan. @returns true when outbox items were written */
function applyPlan(db: Db, job: CustomerEnforcement, relation: ActiveRelation, plan: RelationPlan): boolean {
  const { ctx, mark, externalUserid } = job
  const { userid } = relation
  if (plan.addTag) addMarkTag(db, { ...ctx, operator: '', source: 'mark' }, externalUserid, userid, mark.tagId)
  if (plan.pushRemark) enqueueRemark(db, ctx, externalUserid, userid)
  const base = { corpId: ctx.corpId, markId: mark.id, userid, at: ctx.now }
  const detail = { tagName: job.tag.name, remark: job.forced }
  if (plan.event?.kind === 'applied') insertMarkEvent(db, { ...base, kind: 'applied', detail })
  if (plan.event?.kind === 'reapplied') {
    const { what, found } = plan.event
    insertMarkEvent(db, { ...base, kind: 'reapplied', detail: { what, ...detail, ...(found === undefined ? {} : { found }) } })
  }
  if (plan.notify) notifyFollower(db, job, userid)
  return plan.addTag || plan.pushRemark || plan.notify
}

/**
 * Puts a mark tag on one relation through the tagging core: history row (source 'mark'),
 * mark_tag outbox item, and, when the tag's group is 互斥, the group's other tags off every
 * relation of the customer. No tag is locked against the mark itself.
 */
function addMarkTag(db: Db, ctx: ChangeContext, externalUserid: string, userid: string, tagId: string): void {
  swapRelationTag(db, ctx, externalUserid, userid, { add: tagId })
}

/**
 * Takes `remove` off and puts `add` on one relation (either optional), through the tagging core.
 * @returns true when something changed (a mark_tag item was written)
 */
function swapRelationTag(
  db: Db,
  ctx: ChangeContext,
  externalUserid: string,
  userid: string,
  change: { add?: string; remove?: string },
): boolean {
  const relations = customerRelationTags(db, ctx.corpId, externalUserid)
  const current = [...relations.values()].flatMap((ids) => [...ids])
  const add = change.add ? [change.add] : []
  const remove = change.remove ? [change.remove] : []
  const meta = loadTagMeta(db, ctx.corpId, [...add, ...remove, ...current])
  const plan = planCustomerChange({ relations, target: userid, add: add.filter((id) => meta.has(id)), remove, meta })
  // One tag added and none locked: the plan cannot be refused.
  if ('refused' in plan) return false
  for (const [u, diff] of plan.changes) writeRelationDiff(db, ctx, { externalUserid, userid: u }, diff, meta)
  return plan.changes.size > 0
}

/**
 * Queues the push of the forced remark. The payload stays empty: the handler reads the mark
 * when it runs, so an edit of the mark before the push sends the latest remark.
 */
function enqueueRemark(db: Db, ctx: EnforceContext, externalUserid: string, userid: string): void {
  enqueue(db, { corpId: ctx.corpId, kind: 'remark', key: relationOutboxKey(externalUserid, userid), createdBy: '', now: ctx.now })
}

/** Queues the app message telling a new follower the customer is marked, and records it. */
function notifyFollower(db: Db, job: CustomerEnforcement, userid: string): void {
  const { ctx, mark } = job
  const payload = markNotice({
    userid,
    customerName: job.customerName,
    tagName: job.tag.name,
    reason: mark.reason,
    remark: job.forced,
    markedByName: findStaff(db, ctx.corpId, mark.markedBy)?.name ?? mark.markedBy,
    markedAt: mark.markedAt,
    url: customerPageUrl(ctx.publicUrl, job.externalUserid),
  })
  enqueue(db, { corpId: ctx.corpId, kind: 'app_message', key: markNoticeKey(mark.id, userid), payload: { ...payload }, createdBy: '', now: ctx.now })
  insertMarkEvent(db, { corpId: ctx.corpId, markId: mark.id, kind: 'notified', userid, detail: { tagName: job.tag.name }, at: ctx.now })
}

/**
 * After 编辑 of a mark (its row already updated): the previous tag comes off every active
 * relation and the mark's tag goes on (source 'mark', by `ctx.operator`), the remark (the
 * default follows the new tag name) is pushed to every relation whose remark differs, and
 * the mark is enforced as usual (new relations, tampering). Without a tag change, only the
 * remark push and the enforcement happen. One IMMEDIATE transaction, or the caller's.
 *
 * @param mark the mark as updated (a removed one, or one nobody has added yet, has nothing to force)
 * @param previousTagId the mark's tag before the edit
 */
export function applyMarkEdit(
  db: Db,
  ctx: EnforceContext & { operator: string },
  mark: MarkRow,
  previousTagId: string,
): EnforceResult {
  return db.transaction(() => {
    const externalUserid = mark.externalUserid
    if (!externalUserid || mark.status !== 'active') return { queued: false }
    const customer = findCustomerBasics(db, ctx.corpId, externalUserid)
    const tag = loadTagMeta(db, ctx.corpId, [mark.tagId]).get(mark.tagId)
    if (!customer || !tag) return { queued: false }
    const forced = forcedRemark(mark, tag.name, customer.name)
    const change = { corpId: ctx.corpId, operator: ctx.operator, source: 'mark' as const, now: ctx.now }
    let queued = false
    for (const r of activeRelationsOf(db, ctx.corpId, externalUserid)) {
      if (previousTagId !== mark.tagId) queued = swapRelationTag(db, change, externalUserid, r.userid, { add: mark.tagId, remove: previousTagId }) || queued
      if (r.remark !== forced) {
        enqueueRemark(db, ctx, externalUserid, r.userid)
        queued = true
      }
    }
    return { queued: enforceMarks(db, ctx, [externalUserid]).queued || queued }
  }, IMMEDIATE)
}

/**
 * The remark a mark forces on the customer's relations right now, or undefined when no mark
 * stands on them (or its tag is gone). The remark handler and the card read it, so both follow
 * the mark as it is, edits included.
 */
export function currentForcedRemark(db: Db, corpId: string, externalUserid: string): string | undefined {
  const mark = activeMarksFor(db, corpId, [externalUserid]).get(externalUserid)
  if (!mark) return undefined
  const tag = loadTagMeta(db, corpId, [mark.tagId]).get(mark.tagId)
  const customer = findCustomerBasics(db, corpId, externalUserid)
  return tag ? forcedRemark(mark, tag.name, customer?.name ?? mark.name) : undefined
}
