/** Follow-ups, their reminders and the staff they name; the only file that writes those tables. */
import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm'
import type { Role } from '@kelan/shared'
import type { Db } from '../../db/client'
import { newerThan, olderThan, type TimeIdKey } from '../../lib/cursor'
import { customers, followups, reminderRecipients, reminders, staff } from '../../db/schema'
import { containsPattern } from '../customers/customers.domain'

export type FollowupRow = typeof followups.$inferSelect
export type ReminderRow = typeof reminders.$inferSelect

export interface StaffRow {
  userid: string
  name: string
  avatar: string
  status: number
  /** What the member may see (customers.scope): the mention check takes them as viewer. */
  role: Role
}

/** The staff rows among `userids` (unknown ids are left out). */
export function findStaff(db: Db, corpId: string, userids: readonly string[]): StaffRow[] {
  if (!userids.length) return []
  return db
    .select({ userid: staff.userid, name: staff.name, avatar: staff.avatar, status: staff.status, role: staff.role })
    .from(staff)
    .where(and(eq(staff.corpId, corpId), inArray(staff.userid, [...new Set(userids)])))
    .all()
}

/** Active staff whose name or userid contains `q` (all when absent), by name. */
export function searchActiveStaff(db: Db, corpId: string, q: string | undefined, limit: number): StaffRow[] {
  const term = q ? containsPattern(q) : undefined
  const match = term
    ? or(sql`${staff.name} like ${term} escape '\\'`, sql`${staff.userid} like ${term} escape '\\'`)
    : undefined
  return db
    .select({ userid: staff.userid, name: staff.name, avatar: staff.avatar, status: staff.status, role: staff.role })
    .from(staff)
    .where(and(eq(staff.corpId, corpId), eq(staff.status, 1), match))
    .orderBy(asc(staff.name), asc(staff.userid))
    .limit(limit)
    .all()
}

/** The follow-up a form's `clientKey` already made, if any (the double tap). */
export function findByClientKey(db: Db, corpId: string, author: string, clientKey: string): FollowupRow | undefined {
  return db
    .select()
    .from(followups)
    .where(and(eq(followups.corpId, corpId), eq(followups.author, author), eq(followups.clientKey, clientKey)))
    .get()
}

export function insertFollowup(db: Db, row: typeof followups.$inferInsert): FollowupRow {
  return db.insert(followups).values(row).returning().get()
}

/** Adds a reminder and its recipients (each with their own done state). */
export function insertReminder(
  db: Db,
  row: { corpId: string; followupId: number; externalUserid: string; dueAt: number; createdBy: string; createdAt: number },
  recipients: readonly string[],
): ReminderRow {
  const reminder = db.insert(reminders).values(row).returning().get()
  db.insert(reminderRecipients)
    .values(recipients.map((userid) => ({ corpId: row.corpId, reminderId: reminder.id, userid })))
    .run()
  return reminder
}

/** A customer's follow-ups, newest first, after `cursor`. */
export function listCustomerFollowups(
  db: Db,
  corpId: string,
  externalUserid: string,
  page: { cursor?: TimeIdKey; limit: number },
): FollowupRow[] {
  return db
    .select()
    .from(followups)
    .where(
      and(
        eq(followups.corpId, corpId),
        eq(followups.externalUserid, externalUserid),
        olderThan(followups.createdAt, followups.id, page.cursor),
      ),
    )
    .orderBy(desc(followups.createdAt), desc(followups.id))
    .limit(page.limit)
    .all()
}

export function findFollowupsByIds(db: Db, corpId: string, ids: readonly number[]): FollowupRow[] {
  if (!ids.length) return []
  return db
    .select()
    .from(followups)
    .where(and(eq(followups.corpId, corpId), inArray(followups.id, [...ids])))
    .all()
}

/** The reminders of `followupIds`, by follow-up id. */
export function remindersOf(db: Db, corpId: string, followupIds: readonly number[]): Map<number, ReminderRow> {
  if (!followupIds.length) return new Map()
  const rows = db
    .select()
    .from(reminders)
    .where(and(eq(reminders.corpId, corpId), inArray(reminders.followupId, [...followupIds])))
    .all()
  return new Map(rows.map((r) => [r.followupId, r]))
}

/** Customers' names and avatars by external_userid. */
export function customerNames(db: Db, corpId: string, ids: readonly string[]): Map<string, { name: string; avatar: string }> {
  if (!ids.length) return new Map()
  const rows = db
    .select({ id: customers.externalUserid, name: customers.name, avatar: customers.avatar })
    .from(customers)
    .where(and(eq(customers.corpId, corpId), inArray(customers.externalUserid, [...new Set(ids)])))
    .all()
  return new Map(rows.map((r) => [r.id, { name: r.name, avatar: r.avatar }]))
}

// ---------------------------------------------------------------------------------------
// 我的提醒

/** A reminder as one recipient sees it. */
export interface MyReminderRow extends ReminderRow {
  doneAt: number | null
}

const myReminderColumns = {
  id: reminders.id,
  corpId: reminders.corpId,
  followupId: reminders.followupId,
  externalUserid: reminders.externalUserid,
  dueAt: reminders.dueAt,
  status: reminders.status,
  sentAt: reminders.sentAt,
  late: reminders.late,
  createdBy: reminders.createdBy,
  createdAt: reminders.createdAt,
  doneAt: reminderRecipients.doneAt,
}

const mine = (corpId: string, userid: string) =>
  and(eq(reminderRecipients.corpId, corpId), eq(reminderRecipients.userid, userid), eq(reminderRecipients.reminderId, reminders.id))

/**
 * The viewer's reminders: upcoming (not sent yet) soonest first, or past (sent) latest first,
 * after the (dueAt, id) cursor.
 */
export function listMyReminders(
  db: Db,
  viewer: { corpId: string; userid: string },
  query: { status: 'upcoming' | 'past'; cursor?: TimeIdKey; limit: number },
): MyReminderRow[] {
  const upcoming = query.status === 'upcoming'
  const after = upcoming ? newerThan(reminders.dueAt, reminders.id, query.cursor) : olderThan(reminders.dueAt, reminders.id, query.cursor)
  return db
    .select(myReminderColumns)
    .from(reminders)
    .innerJoin(reminderRecipients, mine(viewer.corpId, viewer.userid))
    .where(and(eq(reminders.corpId, viewer.corpId), eq(reminders.status, upcoming ? 'scheduled' : 'sent'), after))
    .orderBy(...(upcoming ? [asc(reminders.dueAt), asc(reminders.id)] : [desc(reminders.dueAt), desc(reminders.id)]))
    .limit(query.limit)
    .all()
}

/** One reminder of the viewer's, or undefined when they are not among its recipients. */
export function findMyReminder(db: Db, viewer: { corpId: string; userid: string }, id: number): MyReminderRow | undefined {
  return db
    .select(myReminderColumns)
    .from(reminders)
    .innerJoin(reminderRecipients, mine(viewer.corpId, viewer.userid))
    .where(and(eq(reminders.corpId, viewer.corpId), eq(reminders.id, id)))
    .get()
}

/** Marks a reminder done (or open again, with null) for one recipient. */
export function setReminderDone(db: Db, viewer: { corpId: string; userid: string }, id: number, doneAt: number | null): boolean {
  const res = db
    .update(reminderRecipients)
    .set({ doneAt })
    .where(and(eq(reminderRecipients.corpId, viewer.corpId), eq(reminderRecipients.userid, viewer.userid), eq(reminderRecipients.reminderId, id)))
    .run()
  return res.changes > 0
}

/**
 * Recipients of reminders, by reminder id. `openOnly`: leave out those who already marked it
 * done (the scheduler does not message them).
 */
export function recipientsOf(db: Db, corpId: string, reminderIds: readonly number[], options: { openOnly?: boolean } = {}): Map<number, string[]> {
  const out = new Map<number, string[]>()
  if (!reminderIds.length) return out
  const rows = db
    .select({ reminderId: reminderRecipients.reminderId, userid: reminderRecipients.userid })
    .from(reminderRecipients)
    .where(
      and(
        eq(reminderRecipients.corpId, corpId),
        inArray(reminderRecipients.reminderId, [...reminderIds]),
        options.openOnly ? isNull(reminderRecipients.doneAt) : undefined,
      ),
    )
    .all()
  for (const r of rows) out.set(r.reminderId, [...(out.get(r.reminderId) ?? []), r.userid])
  return out
}

// ---------------------------------------------------------------------------------------
// The scheduler's claim

/**
 * Claims up to `limit` due reminders in one statement: scheduled → sent at `now`, late when
 * more than `lateAfter` seconds past due. Call inside an IMMEDIATE transaction that also
 * queues their messages: a reminder is claimed once, by one process, and its messages go
 * with the claim or not at all.
 */
export function claimDueReminders(db: Db, corpId: string, now: number, limit: number, lateAfter: number): ReminderRow[] {
  const due = db
    .select({ id: reminders.id })
    .from(reminders)
    .where(and(eq(reminders.corpId, corpId), eq(reminders.status, 'scheduled'), sql`${reminders.dueAt} <= ${now}`))
    .orderBy(asc(reminders.dueAt), asc(reminders.id))
    .limit(limit)
  return db
    .update(reminders)
    .set({ status: 'sent', sentAt: now, late: sql`(${now} - ${reminders.dueAt}) > ${lateAfter}` })
    .where(and(inArray(reminders.id, due), eq(reminders.status, 'scheduled')))
    .returning()
    .all()
}

/** The earliest time a scheduled reminder of the corp is due, if any. */
export function nextDueAt(db: Db, corpId: string): number | undefined {
  return db
    .select({ at: sql<number | null>`min(${reminders.dueAt})` })
    .from(reminders)
    .where(and(eq(reminders.corpId, corpId), eq(reminders.status, 'scheduled')))
    .get()?.at ?? undefined
}
