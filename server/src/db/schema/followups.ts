import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

/**
 * 跟进方式 an admin configures (笔记, 电话回访, 微信沟通, …). 笔记 (`builtin = 'note'`) always
 * exists, sorts first and cannot be deleted or disabled; a type in use can be disabled, not
 * deleted.
 */
export const followupTypes = sqliteTable(
  'followup_types',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    corpId: text('corp_id').notNull(),
    name: text('name').notNull(),
    sort: integer('sort').notNull().default(0),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    builtin: text('builtin', { enum: ['note'] }),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('followup_types_name').on(t.corpId, t.name), index('followup_types_sort').on(t.corpId, t.sort)],
)

/**
 * A follow-up record (跟进记录) on a customer. `clientKey` is made by the form when it opens:
 * a double tap sends it twice and the second insert finds the first.
 */
export const followups = sqliteTable(
  'followups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    corpId: text('corp_id').notNull(),
    externalUserid: text('external_userid').notNull(),
    typeId: integer('type_id').notNull(),
    /** The type's name when written: the record still reads after a rename. */
    typeName: text('type_name').notNull(),
    author: text('author').notNull(),
    text: text('text').notNull(),
    /** userids @mentioned. */
    mentions: text('mentions', { mode: 'json' }).$type<string[]>().notNull().default([]),
    /** Attachment ids (features/attachments), in the order shown. */
    attachmentIds: text('attachment_ids', { mode: 'json' }).$type<string[]>().notNull().default([]),
    source: text('source', { enum: ['sidebar', 'admin'] }).notNull(),
    clientKey: text('client_key').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('followups_customer').on(t.corpId, t.externalUserid, t.createdAt),
    uniqueIndex('followups_client_key').on(t.corpId, t.author, t.clientKey),
    index('followups_type').on(t.corpId, t.typeId),
  ],
)

/**
 * A reminder set on a follow-up: at `dueAt` the author and the mentioned colleagues get an app
 * message. The scheduler moves `status` from 'scheduled' to 'sent' in the same transaction
 * that queues the messages, so a restart never sends twice; `late` says it went out after
 * its time (Kelan was down), which the message says.
 */
export const reminders = sqliteTable(
  'reminders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    corpId: text('corp_id').notNull(),
    followupId: integer('followup_id').notNull(),
    externalUserid: text('external_userid').notNull(),
    dueAt: integer('due_at').notNull(),
    status: text('status', { enum: ['scheduled', 'sent'] }).notNull().default('scheduled'),
    sentAt: integer('sent_at'),
    late: integer('late', { mode: 'boolean' }).notNull().default(false),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('reminders_due').on(t.status, t.dueAt),
    index('reminders_followup').on(t.corpId, t.followupId),
    index('reminders_customer').on(t.corpId, t.externalUserid, t.sentAt),
  ],
)

/** Who a reminder reaches; each marks it done on their own (我的提醒). */
export const reminderRecipients = sqliteTable(
  'reminder_recipients',
  {
    corpId: text('corp_id').notNull(),
    reminderId: integer('reminder_id').notNull(),
    userid: text('userid').notNull(),
    doneAt: integer('done_at'),
  },
  (t) => [primaryKey({ columns: [t.reminderId, t.userid] }), index('reminder_recipients_user').on(t.corpId, t.userid)],
)

/**
 * remark_changed: detail {from, to}. relation_added / relation_ended: a follower added or
 * deleted the customer (detail {addWay, state} / {by: 'staff' | 'customer'}); follow_relations
 * keeps only the latest of each, so a delete and re-add would otherwise vanish from the timeline.
 */
export const CUSTOMER_EVENT_KINDS = ['remark_changed', 'relation_added', 'relation_ended'] as const
export type CustomerEventKind = (typeof CUSTOMER_EVENT_KINDS)[number]

/**
 * Customer events no other table keeps, for the timeline (客户动态): remark changes (in
 * WeCom or in Kelan) and each relation add / end. Tag changes, marks, follow-ups, reminders and
 * business records are read from their own tables.
 */
export const customerEvents = sqliteTable(
  'customer_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    corpId: text('corp_id').notNull(),
    externalUserid: text('external_userid').notNull(),
    /** The follower whose relation it concerns. */
    userid: text('userid').notNull().default(''),
    kind: text('kind', { enum: CUSTOMER_EVENT_KINDS }).notNull(),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
    /** Who did it in Kelan; '' when it came from WeCom. */
    operatorUserid: text('operator_userid').notNull().default(''),
    at: integer('at').notNull(),
  },
  (t) => [index('customer_events_customer').on(t.corpId, t.externalUserid, t.at)],
)

export const BUSINESS_FIELD_TYPES = ['text', 'textarea', 'select', 'multiselect', 'date', 'integer', 'decimal', 'phone'] as const
export type BusinessFieldType = (typeof BUSINESS_FIELD_TYPES)[number]

/** A field of a business-record template. `id` is stable across reorders (values are keyed by it). */
export interface BusinessField {
  id: string
  name: string
  type: BusinessFieldType
  required: boolean
  /** Choices of select / multiselect. */
  options?: string[]
}

/**
 * 业务记录模版. Who may use it: `departmentIds` (and below) and `userids`; both empty = everyone.
 * Once a record uses it, it can only be disabled (its fields are what the records mean).
 */
export const businessTemplates = sqliteTable(
  'business_templates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    corpId: text('corp_id').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    departmentIds: text('department_ids', { mode: 'json' }).$type<number[]>().notNull().default([]),
    userids: text('userids', { mode: 'json' }).$type<string[]>().notNull().default([]),
    fields: text('fields', { mode: 'json' }).$type<BusinessField[]>().notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    sort: integer('sort').notNull().default(0),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('business_templates_name').on(t.corpId, t.name), index('business_templates_sort').on(t.corpId, t.sort)],
)

/** A filled-in business record; the template's name and fields are copied so it reads as written. */
export const businessRecords = sqliteTable(
  'business_records',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    corpId: text('corp_id').notNull(),
    externalUserid: text('external_userid').notNull(),
    templateId: integer('template_id').notNull(),
    templateName: text('template_name').notNull(),
    fields: text('fields', { mode: 'json' }).$type<BusinessField[]>().notNull(),
    /** Field id → value (string, number or string[] by type). */
    values: text('values', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    author: text('author').notNull(),
    source: text('source', { enum: ['sidebar', 'admin'] }).notNull(),
    clientKey: text('client_key').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('business_records_customer').on(t.corpId, t.externalUserid, t.createdAt),
    index('business_records_template').on(t.corpId, t.templateId),
    uniqueIndex('business_records_client_key').on(t.corpId, t.author, t.clientKey),
  ],
)
