/**
 * Follow-up records (跟进记录): written by anyone who may see the customer, listed newest
 * first. A record is saved with its reminder and its @mention messages in one transaction:
 * the messages wait in the outbox (kind app_message) and go out at once; the reminder's go
 * out at its time through the reminder scheduler.
 */
import type { ErrorIssue, Followup, FollowupPage, StaffPickerResult } from '@kelan/shared'
import type { Viewer } from '../../app-env'
import { IMMEDIATE } from '../../db/client'
import type { Deps } from '../../deps'
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../../lib/cursor'
import { AppError, notFound } from '../../lib/errors'
import { findAttachments, setAttachmentLinks } from '../attachments/attachments.repo'
import { toAttachment } from '../attachments/attachments.domain'
import { findVisibleCustomer } from '../customers/customers.repo'
import { enqueue } from '../outbox/outbox.repo'
import * as types from './followup-types.repo'
import {
  attachmentIssues,
  invalidMentions,
  mentionMessage,
  mentionOutboxKey,
  mentionRecipients,
  reminderRecipients,
  remindAtProblem,
} from './followups.domain'
import * as repo from './followups.repo'

/** The parsed body (defaults applied). */
export interface NewFollowup {
  typeId: number
  text: string
  attachmentIds: string[]
  mentions: string[]
  remindAt?: number
  clientKey: string
  source: 'sidebar' | 'admin'
}

const invalid = (issues: ErrorIssue[]) => new AppError('VALIDATION_FAILED', 400, issues[0]?.message ?? '请求参数不正确', { issues })

/** A 400 with one issue. */
const invalidAt = (path: string, message: string) => invalid([{ path, message }])

/**
 * Follow-up rows in the API's shape: authors, mentions, attachments and reminders looked up
 * in one query each, in the viewer's corp. Attachments deleted since are left out.
 */
export function toFollowups(deps: Deps, corpId: string, rows: readonly repo.FollowupRow[]): Followup[] {
  const people = new Map(repo.findStaff(deps.db, corpId, rows.flatMap((r) => [r.author, ...r.mentions])).map((s) => [s.userid, s]))
  const files = new Map(findAttachments(deps.db, corpId, [...new Set(rows.flatMap((r) => r.attachmentIds))]).map((a) => [a.id, a]))
  const reminders = repo.remindersOf(deps.db, corpId, rows.map((r) => r.id))
  return rows.map((r) => {
    const author = people.get(r.author)
    const reminder = reminders.get(r.id)
    return {
      id: r.id,
      externalUserId: r.externalUserid,
      type: { id: r.typeId, name: r.typeName },
      author: { userid: r.author, name: author?.name ?? r.author, avatar: author?.avatar ?? '' },
      text: r.text,
      attachments: r.attachmentIds.flatMap((id) => {
        const file = files.get(id)
        return file ? [toAttachment(file)] : []
      }),
      mentions: r.mentions.map((u) => ({ userid: u, name: people.get(u)?.name ?? u })),
      reminder: reminder ? { id: reminder.id, dueAt: reminder.dueAt, status: reminder.status, late: reminder.late } : null,
      source: r.source,
      createdAt: r.createdAt,
    }
  })
}

/** A customer's follow-ups, newest first; 404 outside the viewer's scope, 400 for a bad cursor. */
export function listFollowups(deps: Deps, viewer: Viewer, externalUserid: string, query: { cursor?: string; limit: number }): FollowupPage {
  if (!findVisibleCustomer(deps.db, viewer, externalUserid)) throw notFound('客户')
  const cursor = query.cursor === undefined ? undefined : decodeTimeIdCursor(query.cursor)
  if (query.cursor !== undefined && !cursor) throw invalidAt('query.cursor', 'cursor 格式不正确')
  const rows = repo.listCustomerFollowups(deps.db, viewer.corpId, externalUserid, { cursor, limit: query.limit + 1 })
  const page = rows.slice(0, query.limit)
  const last = page[page.length - 1]
  return {
    items: toFollowups(deps, viewer.corpId, page),
    nextCursor: rows.length > query.limit && last ? encodeTimeIdCursor({ at: last.createdAt, id: last.id }) : null,
  }
}

/**
 * The mentioned colleagues (active staff) who cannot see the customer, by name: each taken as
 * the viewer of customers.scope, so the rule is the one their own sidebar applies.
 */
function mentionsOutOfScope(deps: Deps, corpId: string, externalUserid: string, mentioned: readonly repo.StaffRow[]): string[] {
  return mentioned
    .filter((s) => !findVisibleCustomer(deps.db, { corpId, userid: s.userid, role: s.role }, externalUserid))
    .map((s) => s.name || s.userid)
}

/** The checks that need the database: type, mentions, attachments, reminder time. */
function checkNewFollowup(deps: Deps, viewer: Viewer, externalUserid: string, input: NewFollowup, now: number): { typeName: string } {
  const type = types.findType(deps.db, viewer.corpId, input.typeId)
  if (!type) throw invalidAt('json.typeId', '跟进类型不存在，请刷新后重试')
  if (!type.enabled) throw invalidAt('json.typeId', `跟进类型「${type.name}」已停用，请选择其他类型`)
  const mentioned = repo.findStaff(deps.db, viewer.corpId, input.mentions)
  const bad = invalidMentions(input.mentions, mentioned)
  if (bad.length) throw invalidAt('json.mentions', `以下同事不存在或已停用：${bad.join('、')}`)
  // A colleague who cannot open the customer would get a message linking to a 404.
  const blind = mentionsOutOfScope(deps, viewer.corpId, externalUserid, mentioned)
  if (blind.length) throw invalidAt('json.mentions', `${blind.join('、')} 看不到该客户，不能 @`)
  const issues = attachmentIssues(input.attachmentIds, findAttachments(deps.db, viewer.corpId, input.attachmentIds), viewer.userid)
  if (issues.length) throw invalid(issues)
  const problem = input.remindAt === undefined ? null : remindAtProblem(input.remindAt, now)
  if (problem) throw invalidAt('json.remindAt', problem)
  return { typeName: type.name }
}

/**
 * Writes a follow-up with its reminder and queues the @mention messages, in one IMMEDIATE
 * transaction. The same `clientKey` from the same author returns the record it made
 * (`created: false`) instead of writing a second one.
 */
export function createFollowup(
  deps: Deps,
  viewer: Viewer,
  externalUserid: string,
  input: NewFollowup,
): { followup: Followup; created: boolean } {
  const customer = findVisibleCustomer(deps.db, viewer, externalUserid)
  if (!customer) throw notFound('客户')
  const now = deps.clock.now()
  const { row, created } = deps.db.transaction(() => {
    const existing = repo.findByClientKey(deps.db, viewer.corpId, viewer.userid, input.clientKey)
    if (existing) {
      if (existing.externalUserid !== externalUserid) throw new AppError('CONFLICT', 409, '该表单已提交给其他客户，请重新打开')
      return { row: existing, created: false }
    }
    const { typeName } = checkNewFollowup(deps, viewer, externalUserid, input, now)
    const row = repo.insertFollowup(deps.db, {
      corpId: viewer.corpId,
      externalUserid,
      typeId: input.typeId,
      typeName,
      author: viewer.userid,
      text: input.text,
      mentions: input.mentions,
      attachmentIds: input.attachmentIds,
      source: input.source,
      clientKey: input.clientKey,
      createdAt: now,
    })
    // What lets colleagues who see the customer read the files (followups.attachments.ts).
    setAttachmentLinks(deps.db, { corpId: viewer.corpId, kind: 'followup', id: row.id }, input.attachmentIds)
    if (input.remindAt !== undefined) {
      const reminder = { corpId: viewer.corpId, followupId: row.id, externalUserid, dueAt: input.remindAt, createdBy: viewer.userid, createdAt: now }
      repo.insertReminder(deps.db, reminder, reminderRecipients(viewer.userid, input.mentions))
    }
    queueMentions(deps, row, { customerName: customer.name, dueAt: input.remindAt }, now)
    return { row, created: true }
  }, IMMEDIATE)
  if (created && row.mentions.length) deps.wake?.('outbox')
  // The scheduler sleeps until the next due time it knew of; this one may be sooner.
  if (created && input.remindAt !== undefined) deps.wake?.('reminders')
  const [followup] = toFollowups(deps, viewer.corpId, [row])
  return { followup: followup!, created }
}

/** One app_message per mentioned colleague (not the author), keyed so it is never queued twice. */
function queueMentions(deps: Deps, row: repo.FollowupRow, facts: { customerName: string; dueAt?: number }, now: number): void {
  const to = mentionRecipients(row.author, row.mentions)
  if (!to.length) return
  const author = repo.findStaff(deps.db, row.corpId, [row.author])[0]
  const message = { externalUserid: row.externalUserid, customerName: facts.customerName, typeName: row.typeName, text: row.text, dueAt: facts.dueAt }
  for (const userid of to) {
    enqueue(deps.db, {
      corpId: row.corpId,
      kind: 'app_message',
      key: mentionOutboxKey(row.id, userid),
      payload: { ...mentionMessage(userid, author?.name ?? row.author, message, deps.env.publicUrl) },
      createdBy: row.author,
      now,
    })
  }
}

/** Active staff for the @同事 picker, by name or userid. */
export function pickStaff(deps: Deps, viewer: Viewer, query: { q?: string; limit: number }): StaffPickerResult {
  const rows = repo.searchActiveStaff(deps.db, viewer.corpId, query.q || undefined, query.limit)
  return { items: rows.map((s) => ({ userid: s.userid, name: s.name, avatar: s.avatar })) }
}
