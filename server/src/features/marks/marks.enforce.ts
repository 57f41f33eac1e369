/**
 * Enforcement of 客户特殊标记: a marked customer's every active relation carries the mark tag
 * and the forced remark. Tags go through the tagging core (history, mark_tag outbox item, 互斥
 * rules), remarks and the new follower's app message through the outbox; each relation's
 * story is written to the mark's history (applied / reapplied / notified).
 */
import { IMMEDIATE, type Db } from '../../db/client'
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
  relationFlags,
  type RelationPlan,
} from './marks.domain'
import {
  activeMarksFor,
  activeRelationsOf,
  fillMarkCustomer,
  findActiveMark,
  findCustomerBasics,
  findOrphanUnionidMark,
  insertMarkEvent,
  relationEvents,
  removeMarkRow,
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
  /** The customer's name now (the message names them as WeCom shows them). */
  customerName: string
  mark: MarkRow
  /** The mark tag in the library; undefined when it was deleted (only the remark is forced then). */
  tag: TagMeta | undefined
  forced: string
}

/** Enforces one customer's mark. @returns true when outbox items were written */
function enforceCustomer(db: Db, ctx: EnforceContext, externalUserid: string, found: MarkRow): boolean {
  const customer = findCustomerBasics(db, ctx.corpId, externalUserid)
  if (!customer) return false
  const mark = found.externalUserid ? found : fillMarkCustomer(db, found, { externalUserid, ...customer, now: ctx.now })
  closeOrphanMark(db, ctx, mark, customer.unionid)
  // A mark tag deleted in WeCom cannot be put on: the remark (named by the tag name the mark
  // keeps) is still forced, and the admin list flags the mark for an edit.
  const tag = loadTagMeta(db, ctx.corpId, [mark.tagId]).get(mark.tagId)
  const job: CustomerEnforcement = { ctx, externalUserid, customerName: customer.name, mark, tag, forced: forcedRemark(mark) }
  const events = relationEvents(db, ctx.corpId, mark.id)
  let queued = false
  for (const relation of activeRelationsOf(db, ctx.corpId, externalUserid)) {
    const flags = relationFlags(events.get(relation.userid) ?? [], relation.createtime)
    // A push that failed for good is not on its way: the remark is pushed again (enqueue reopens it).
    const remarkOpen = findOpenItem(db, ctx.corpId, 'remark', relationOutboxKey(externalUserid, relation.userid))?.status === 'pending'
    const hasTag = !tag || (customerRelationTags(db, ctx.corpId, externalUserid).get(relation.userid)?.has(mark.tagId) ?? false)
    const facts = { ...relation, hasTag, remarkOpen, ...flags }
    if (applyPlan(db, job, relation, planEnforcement(mark, job.forced, facts))) queued = true
  }
  return queued
}

/**
 * A customer marked by external_userid before Kelan knew their unionid may also have been
 * marked by that unionid (as one nobody had added). Once the unionid is known both match, the
 * external_userid one stands (activeMarksFor), and the unionid-only one would stay on the list
 * forever, never tied to anyone: it is closed, with an event saying why.
 */
function closeOrphanMark(db: Db, ctx: EnforceContext, mark: MarkRow, unionid: string): void {
  const orphan = findOrphanUnionidMark(db, ctx.corpId, unionid, mark.id)
  if (!orphan || !removeMarkRow(db, ctx.corpId, orphan.id, { userid: '', now: ctx.now })) return
  const detail = { mergedInto: mark.id, externalUserid: mark.externalUserid }
  insertMarkEvent(db, { corpId: ctx.corpId, markId: orphan.id, kind: 'removed', detail, at: ctx.now })
}

/** Carries out one relation's plan. @returns true when outbox items were written */
function applyPlan(db: Db, job: CustomerEnforcement, relation: ActiveRelation, plan: RelationPlan): boolean {
  const { ctx, mark, externalUserid } = job
  const { userid, createtime } = relation
  if (plan.addTag) swapRelationTag(db, { ...ctx, operator: '', source: 'mark' }, externalUserid, userid, { add: mark.tagId })
  if (plan.pushRemark) enqueueRemark(db, ctx, externalUserid, userid)
  const base = { corpId: ctx.corpId, markId: mark.id, userid, at: ctx.now }
  // The relation's createtime names it: a follower who adds the customer again is a new relation.
  const detail = { tagName: mark.tagName, remark: job.forced, createtime }
  if (plan.event?.kind === 'applied') insertMarkEvent(db, { ...base, kind: 'applied', detail })
  if (plan.event?.kind === 'reapplied') {
    const { what, found } = plan.event
    insertMarkEvent(db, { ...base, kind: 'reapplied', detail: { what, ...detail, ...(found === undefined ? {} : { found }) } })
  }
  if (plan.notify) notifyFollower(db, job, relation)
  return plan.addTag || plan.pushRemark || plan.notify
}

/**
 * Takes `remove` off and puts `add` on one relation (either optional) through the tagging
 * core: history rows (source 'mark'), mark_tag outbox item, and, when an added tag's group is
 * 互斥, the group's other tags off every relation of the customer. No tag is locked against
 * the mark itself.
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

/**
 * Queues the app message telling a new follower the customer is marked, and records it. The
 * event says it was queued (「已通知」): the outbox sends it, retrying as usual.
 */
function notifyFollower(db: Db, job: CustomerEnforcement, relation: ActiveRelation): void {
  const { ctx, mark } = job
  const { userid, createtime } = relation
  const payload = markNotice({
    userid,
    customerName: job.customerName || mark.name,
    tagName: mark.tagName,
    reason: mark.reason,
    remark: job.forced,
    tagApplied: job.tag !== undefined,
    markedByName: findStaff(db, ctx.corpId, mark.markedBy)?.name ?? mark.markedBy,
    markedAt: mark.markedAt,
    url: customerPageUrl(ctx.publicUrl, job.externalUserid),
  })
  const key = markNoticeKey(mark.id, userid, createtime)
  enqueue(db, { corpId: ctx.corpId, kind: 'app_message', key, payload: { ...payload }, createdBy: '', now: ctx.now })
  insertMarkEvent(db, { corpId: ctx.corpId, markId: mark.id, kind: 'notified', userid, detail: { tagName: mark.tagName, createtime }, at: ctx.now })
}

/**
 * After 编辑 of a mark (its row already updated, tag name included): the previous tag comes
 * off every active relation and the mark's tag goes on (source 'mark', by `ctx.operator`), the
 * remark (the default follows the new tag name) is pushed to every relation whose remark
 * differs, and the mark is enforced as usual (new relations, tampering). Without a tag change,
 * only the remark push and the enforcement happen. One IMMEDIATE transaction, or the caller's.
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
    const forced = forcedRemark(mark)
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
 * stands on them. The remark handler and the card read it, so both follow the mark as it is,
 * edits included. It rests on the mark's own copies of the names, so it stands when the tag
 * is renamed or deleted.
 */
export function currentForcedRemark(db: Db, corpId: string, externalUserid: string): string | undefined {
  const mark = findActiveMark(db, corpId, externalUserid)
  return mark ? forcedRemark(mark) : undefined
}
