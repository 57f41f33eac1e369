import * as z from 'zod/mini'
import { Attachment, AttachmentId } from './attachments'

// 跟进记录 (follow-up records), their types, reminders (我的提醒) and the customer timeline
// (客户动态). Times are Unix seconds, as everywhere in Kelan.

/** Longest follow-up text, in characters (the form's counter shows it). */
export const FOLLOWUP_TEXT_MAX = 500
/** Files per follow-up. */
export const FOLLOWUP_ATTACHMENTS_MAX = 9
/** Colleagues @mentioned per follow-up. */
export const FOLLOWUP_MENTIONS_MAX = 20
export const FOLLOWUP_TYPE_NAME_MAX = 20
/** How far ahead a reminder may be set. */
export const REMINDER_MAX_AHEAD_SECONDS = 366 * 24 * 3600

const Id = z.coerce.number().check(z.int(), z.positive(), z.lte(Number.MAX_SAFE_INTEGER))
const Userid = z.string().check(z.minLength(1), z.maxLength(64))

/** A staff member as lists show them. */
export const StaffBrief = z.object({ userid: z.string(), name: z.string(), avatar: z.string() })
export type StaffBrief = z.infer<typeof StaffBrief>

// ---------------------------------------------------------------------------------------
// Follow-up types (跟进方式)

export const FollowupType = z.object({
  id: z.int(),
  name: z.string(),
  enabled: z.boolean(),
  /** 笔记: always there, first, never deleted or disabled. */
  builtin: z.boolean(),
  /** Follow-ups of this type; only in the admin's list (a type in use can be disabled, not deleted). */
  usage: z.optional(z.int()),
})
export type FollowupType = z.infer<typeof FollowupType>

export const FollowupTypeList = z.object({ items: z.array(FollowupType) })
export type FollowupTypeList = z.infer<typeof FollowupTypeList>

const TypeName = z.string().check(
  z.trim(),
  z.minLength(1, '名称不能为空'),
  z.refine((s) => [...s].length <= FOLLOWUP_TYPE_NAME_MAX, `名称不能超过 ${FOLLOWUP_TYPE_NAME_MAX} 个字`),
)

export const CreateFollowupTypeInput = z.object({ name: TypeName })
export type CreateFollowupTypeInput = z.infer<typeof CreateFollowupTypeInput>

export const UpdateFollowupTypeInput = z
  .object({ name: z.optional(TypeName), enabled: z.optional(z.boolean()) })
  .check(z.refine((v) => v.name !== undefined || v.enabled !== undefined, '没有要修改的内容'))
export type UpdateFollowupTypeInput = z.infer<typeof UpdateFollowupTypeInput>

/** Every type's id in the new order; 笔记 stays first. */
export const ReorderFollowupTypesInput = z.object({
  ids: z.array(z.int().check(z.positive())).check(
    z.minLength(1),
    z.maxLength(200),
    z.refine((ids) => new Set(ids).size === ids.length, '类型重复'),
  ),
})
export type ReorderFollowupTypesInput = z.infer<typeof ReorderFollowupTypesInput>

// ---------------------------------------------------------------------------------------
// Follow-ups

export const ReminderStatus = z.enum(['scheduled', 'sent'])
export type ReminderStatus = z.infer<typeof ReminderStatus>

export const Followup = z.object({
  id: z.int(),
  externalUserId: z.string(),
  /** The type as it was named when the record was written. */
  type: z.object({ id: z.int(), name: z.string() }),
  author: StaffBrief,
  text: z.string(),
  /** In the order the author added them; files deleted since are left out. */
  attachments: z.array(Attachment),
  mentions: z.array(z.object({ userid: z.string(), name: z.string() })),
  reminder: z.nullable(z.object({ id: z.int(), dueAt: z.int(), status: ReminderStatus, late: z.boolean() })),
  source: z.enum(['sidebar', 'admin']),
  createdAt: z.int(),
})
export type Followup = z.infer<typeof Followup>

/** A form's idempotency key, made when it opens: a double tap submits it twice, one record results. */
export const ClientKey = z.string().check(z.regex(/^[\w-]{8,64}$/, 'clientKey 格式不正确'))

export const CreateFollowupInput = z.object({
  typeId: z.int().check(z.positive()),
  text: z.string().check(
    z.trim(),
    z.minLength(1, '请填写跟进内容'),
    z.refine((s) => [...s].length <= FOLLOWUP_TEXT_MAX, `跟进内容不能超过 ${FOLLOWUP_TEXT_MAX} 个字`),
  ),
  attachmentIds: z._default(
    z
      .array(AttachmentId)
      .check(
        z.maxLength(FOLLOWUP_ATTACHMENTS_MAX, `最多添加 ${FOLLOWUP_ATTACHMENTS_MAX} 个附件`),
        z.refine((ids) => new Set(ids).size === ids.length, '附件重复'),
      ),
    [],
  ),
  /** userids of colleagues to notify now (and at the reminder, if any). */
  mentions: z._default(
    z.pipe(
      z.array(Userid).check(z.maxLength(FOLLOWUP_MENTIONS_MAX, `最多 @ ${FOLLOWUP_MENTIONS_MAX} 位同事`)),
      z.transform((ids) => [...new Set(ids)]),
    ),
    [],
  ),
  /** When to remind the author and those mentioned; must be in the future. */
  remindAt: z.optional(z.int().check(z.positive())),
  clientKey: ClientKey,
  /** Where it was written: the chat sidebar or the admin customer page. */
  source: z._default(z.enum(['sidebar', 'admin']), 'sidebar'),
})
export type CreateFollowupInput = z.input<typeof CreateFollowupInput>

/** An opaque page cursor: pass back the `nextCursor` of the page before. */
export const Cursor = z.string().check(z.minLength(1), z.maxLength(200), z.regex(/^[\w-]+$/, 'cursor 格式不正确'))

export const FollowupListQuery = z.object({
  cursor: z.optional(Cursor),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(50)), 20),
})

export const FollowupPage = z.object({ items: z.array(Followup), nextCursor: z.nullable(z.string()) })
export type FollowupPage = z.infer<typeof FollowupPage>

// ---------------------------------------------------------------------------------------
// Staff picker (@同事)

export const StaffPickerQuery = z.object({
  q: z.optional(z.string().check(z.trim(), z.maxLength(50))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(50)), 20),
})
export const StaffPickerResult = z.object({ items: z.array(StaffBrief) })
export type StaffPickerResult = z.infer<typeof StaffPickerResult>

// ---------------------------------------------------------------------------------------
// 我的提醒

export const ReminderListQuery = z.object({
  /** upcoming: not sent yet, soonest first; past: sent, latest first. */
  status: z._default(z.enum(['upcoming', 'past']), 'upcoming'),
  cursor: z.optional(Cursor),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(50)), 20),
})

export const ReminderItem = z.object({
  id: z.int(),
  customer: z.object({ externalUserId: z.string(), name: z.string(), avatar: z.string() }),
  followup: z.object({ id: z.int(), typeName: z.string(), excerpt: z.string(), author: StaffBrief }),
  dueAt: z.int(),
  status: ReminderStatus,
  sentAt: z.nullable(z.int()),
  /** Sent after its time (Kelan was down then). */
  late: z.boolean(),
  /** When this viewer marked it done; null while open. */
  doneAt: z.nullable(z.int()),
})
export type ReminderItem = z.infer<typeof ReminderItem>

export const ReminderPage = z.object({ items: z.array(ReminderItem), nextCursor: z.nullable(z.string()) })
export type ReminderPage = z.infer<typeof ReminderPage>

// ---------------------------------------------------------------------------------------
// 客户动态

export const TimelineKind = z.enum(['added', 'removed', 'tags', 'remark', 'mark', 'followup', 'reminder', 'business'])
export type TimelineKind = z.infer<typeof TimelineKind>

export const TIMELINE_KIND_LABELS: Record<TimelineKind, string> = {
  added: '添加客户',
  removed: '删除客户',
  tags: '标签变更',
  remark: '备注变更',
  mark: '客户标记',
  followup: '跟进记录',
  reminder: '跟进提醒',
  business: '业务记录',
}

/** `kinds=a,b` (absent or empty: every kind). */
export const TimelineQuery = z.object({
  kinds: z.pipe(
    z.pipe(
      z.optional(z.string().check(z.maxLength(200))),
      z.transform((s) => (s ? s.split(',').filter(Boolean) : [])),
    ),
    z.array(TimelineKind),
  ),
  cursor: z.optional(Cursor),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(50)), 20),
})

const StaffRefOrNull = z.nullable(z.object({ userid: z.string(), name: z.string() }))
const StaffRefWithName = z.object({ userid: z.string(), name: z.string() })

const Base = {
  /** Unique within the stream (for list keys). */
  key: z.string(),
  at: z.int(),
}

export const BusinessFieldValue = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  /** As stored: string, number or string[] by type; null when left empty. */
  value: z.nullable(z.union([z.string(), z.number(), z.array(z.string())])),
})

export const TimelineItem = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('added'), ...Base, follower: StaffRefWithName, addWay: z.int(), addWayLabel: z.string(), state: z.string() }),
  z.object({ kind: z.literal('removed'), ...Base, follower: StaffRefWithName, by: z.enum(['staff', 'customer']) }),
  z.object({
    kind: z.literal('tags'),
    ...Base,
    action: z.enum(['add', 'remove']),
    tagName: z.string(),
    groupName: z.string(),
    follower: StaffRefWithName,
    /** null when it was done in WeCom. */
    operator: StaffRefOrNull,
    source: z.string(),
    sourceLabel: z.string(),
  }),
  z.object({ kind: z.literal('remark'), ...Base, follower: StaffRefWithName, operator: StaffRefOrNull, from: z.string(), to: z.string() }),
  z.object({
    kind: z.literal('mark'),
    ...Base,
    event: z.string(),
    follower: StaffRefOrNull,
    operator: StaffRefOrNull,
    /** One readable line, e.g. 「加入客户标记：风险客户」. */
    text: z.string(),
  }),
  z.object({ kind: z.literal('followup'), ...Base, followup: Followup }),
  z.object({
    kind: z.literal('reminder'),
    ...Base,
    reminder: z.object({
      id: z.int(),
      followupId: z.int(),
      dueAt: z.int(),
      late: z.boolean(),
      excerpt: z.string(),
      recipients: z.array(StaffRefWithName),
    }),
  }),
  z.object({
    kind: z.literal('business'),
    ...Base,
    record: z.object({ id: z.int(), templateName: z.string(), author: StaffBrief, fields: z.array(BusinessFieldValue) }),
  }),
])
export type TimelineItem = z.infer<typeof TimelineItem>

export const TimelinePage = z.object({ items: z.array(TimelineItem), nextCursor: z.nullable(z.string()) })
export type TimelinePage = z.infer<typeof TimelinePage>
