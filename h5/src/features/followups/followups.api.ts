import {
  BusinessRecord,
  BusinessRecordPage,
  FollowupPage,
  Followup,
  FollowupTypeList,
  ReminderItem,
  ReminderPage,
  StaffPickerResult,
  TimelinePage,
  UsableBusinessTemplateList,
  type CreateBusinessRecordInput,
  type CreateFollowupInput,
  type TimelineKind,
} from '@kelan/shared'
import { apiCall, apiGet, apiPost } from '@/api/client'

// Every call of the follow-up, timeline, reminder and business-record panels: one place for
// the paths, each reply checked against its contract in @kelan/shared.

const customerPath = (externalUserId: string, rest: string) => `/api/customers/${encodeURIComponent(externalUserId)}/${rest}`

/** The enabled 跟进方式 for the form, 笔记 first. */
export const fetchFollowupTypes = () => apiGet('/api/followup-types', FollowupTypeList)

/** One page of a customer's follow-ups, newest first; `cursor` is the previous page's `nextCursor`. */
export function fetchFollowups(externalUserId: string, cursor?: string, limit = 20): Promise<FollowupPage> {
  return apiGet(customerPath(externalUserId, 'followups'), FollowupPage, { cursor, limit })
}

/**
 * Writes a follow-up. A repeated `clientKey` answers the record it already made (200), so a
 * retry after a lost reply never adds a second one. Refusals: VALIDATION_FAILED (400), NOT_FOUND.
 */
export function createFollowup(externalUserId: string, input: CreateFollowupInput): Promise<Followup> {
  return apiPost(customerPath(externalUserId, 'followups'), input, Followup)
}

/** Active colleagues for the @同事 picker, by name or userid. */
export const searchStaff = (q: string, limit = 30) => apiGet('/api/staff', StaffPickerResult, { q: q.trim(), limit })

/** 我的提醒: upcoming (soonest first) or past (latest first). */
export function fetchMyReminders(status: 'upcoming' | 'past', cursor?: string, limit = 20): Promise<ReminderPage> {
  return apiGet('/api/reminders/mine', ReminderPage, { status, cursor, limit })
}

/** Marks a reminder done for me, or open again; answers the updated item. */
export function setReminderDone(id: number, done: boolean): Promise<ReminderItem> {
  return apiCall('POST', `/api/reminders/${id}/${done ? 'done' : 'undone'}`, ReminderItem)
}

/** One page of 客户动态; no kinds = every kind. */
export function fetchTimeline(externalUserId: string, kinds: readonly TimelineKind[], cursor?: string, limit = 20): Promise<TimelinePage> {
  return apiGet(customerPath(externalUserId, 'timeline'), TimelinePage, { kinds: kinds.join(','), cursor, limit })
}

/** The enabled templates I may use, in the admin's order. */
export const fetchBusinessTemplates = () => apiGet('/api/business-templates', UsableBusinessTemplateList)

/** One page of a customer's business records, newest first. */
export function fetchBusinessRecords(externalUserId: string, cursor?: string, limit = 20): Promise<BusinessRecordPage> {
  return apiGet(customerPath(externalUserId, 'business-records'), BusinessRecordPage, { cursor, limit })
}

/** Adds a business record; same clientKey rule as follow-ups. VALIDATION_FAILED carries per-field issues. */
export function createBusinessRecord(externalUserId: string, input: CreateBusinessRecordInput): Promise<BusinessRecord> {
  return apiPost(customerPath(externalUserId, 'business-records'), input, BusinessRecord)
}
