/**
 * 我的提醒: the reminders that reach the viewer (as author or mentioned), upcoming or past,
 * each marked done by each recipient on their own. Only recipients see a reminder: for
 * anyone else it does not exist (404).
 */
import type { ReminderItem, ReminderPage } from '@kelan/shared'
import type { Viewer } from '../../app-env'
import type { Deps } from '../../deps'
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../../lib/cursor'
import { AppError, notFound } from '../../lib/errors'
import { excerpt } from './followups.domain'
import * as repo from './followups.repo'

function toItems(deps: Deps, viewer: Viewer, rows: readonly repo.MyReminderRow[]): ReminderItem[] {
  const followups = new Map(repo.findFollowupsByIds(deps.db, viewer.corpId, rows.map((r) => r.followupId)).map((f) => [f.id, f]))
  const customers = repo.customerNames(deps.db, viewer.corpId, rows.map((r) => r.externalUserid))
  const authors = new Map(repo.findStaff(deps.db, viewer.corpId, [...followups.values()].map((f) => f.author)).map((s) => [s.userid, s]))
  return rows.map((r) => {
    const f = followups.get(r.followupId)
    const author = f ? authors.get(f.author) : undefined
    const customer = customers.get(r.externalUserid)
    return {
      id: r.id,
      customer: { externalUserId: r.externalUserid, name: customer?.name ?? '', avatar: customer?.avatar ?? '' },
      followup: {
        id: r.followupId,
        typeName: f?.typeName ?? '',
        excerpt: f ? excerpt(f.text) : '',
        author: { userid: f?.author ?? r.createdBy, name: author?.name ?? f?.author ?? r.createdBy, avatar: author?.avatar ?? '' },
      },
      dueAt: r.dueAt,
      status: r.status,
      sentAt: r.sentAt,
      late: r.late,
      doneAt: r.doneAt,
    }
  })
}

/** The viewer's upcoming (soonest first) or past (latest first) reminders. */
export function listMyReminders(deps: Deps, viewer: Viewer, query: { status: 'upcoming' | 'past'; cursor?: string; limit: number }): ReminderPage {
  const cursor = query.cursor === undefined ? undefined : decodeTimeIdCursor(query.cursor)
  if (query.cursor !== undefined && !cursor) {
    throw new AppError('VALIDATION_FAILED', 400, 'cursor 格式不正确', { issues: [{ path: 'query.cursor', message: 'cursor 格式不正确' }] })
  }
  const rows = repo.listMyReminders(deps.db, viewer, { status: query.status, cursor, limit: query.limit + 1 })
  const page = rows.slice(0, query.limit)
  const last = page[page.length - 1]
  return { items: toItems(deps, viewer, page), nextCursor: rows.length > query.limit && last ? encodeTimeIdCursor({ at: last.dueAt, id: last.id }) : null }
}

/** Marks a reminder done (or open again) for the viewer; 404 unless they are a recipient. */
export function setDone(deps: Deps, viewer: Viewer, id: number, done: boolean): ReminderItem {
  if (!repo.setReminderDone(deps.db, viewer, id, done ? deps.clock.now() : null)) throw notFound('提醒')
  const row = repo.findMyReminder(deps.db, viewer, id)
  if (!row) throw notFound('提醒')
  return toItems(deps, viewer, [row])[0]!
}
