import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

export const MARK_SOURCES = ['manual', 'import'] as const
export type MarkSource = (typeof MARK_SOURCES)[number]

/**
 * 客户特殊标记: a customer on the list gets `tagId` and the forced remark on every follow
 * relation, now and later, until the mark is removed. A customer may be known only by
 * unionid (no staff member has added them yet): `externalUserid` is '' until a relation
 * appears, and is filled in then. Removed marks stay for the history; at most one active
 * mark per customer (by external_userid and by unionid).
 */
export const marks = sqliteTable(
  'marks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    corpId: text('corp_id').notNull(),
    externalUserid: text('external_userid').notNull().default(''),
    unionid: text('unionid').notNull().default(''),
    /** 微信昵称 and avatar as last seen (a unionid-only customer has none until added). */
    name: text('name').notNull().default(''),
    avatar: text('avatar').notNull().default(''),
    tagId: text('tag_id').notNull(),
    /** The tag's name when marked or last edited: the default remark and the banner keep it if the tag is renamed or deleted. */
    tagName: text('tag_name').notNull().default(''),
    /** The forced remark as the admin typed it; '' = the default (【tag name】 + customer name). */
    remark: text('remark').notNull().default(''),
    /** Why the customer is marked, shown in the sidebar banner and the staff message. */
    reason: text('reason').notNull().default(''),
    source: text('source', { enum: MARK_SOURCES }).notNull(),
    status: text('status', { enum: ['active', 'removed'] }).notNull().default('active'),
    markedBy: text('marked_by').notNull(),
    markedAt: integer('marked_at').notNull(),
    removedBy: text('removed_by'),
    removedAt: integer('removed_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('marks_active_external')
      .on(t.corpId, t.externalUserid)
      .where(sql`${t.status} = 'active' and ${t.externalUserid} <> ''`),
    uniqueIndex('marks_active_unionid')
      .on(t.corpId, t.unionid)
      .where(sql`${t.status} = 'active' and ${t.unionid} <> ''`),
    index('marks_list').on(t.corpId, t.status, t.markedAt),
    index('marks_customer').on(t.corpId, t.externalUserid),
  ],
)

export const MARK_EVENT_KINDS = [
  /** Put on the list (detail: tag name, remark, reason). */
  'added',
  /** Mark tag, remark or reason changed (detail: before and after). */
  'edited',
  /** Taken off the list. */
  'removed',
  /** Tag and remark applied to a relation for the first time (userid = the follower). */
  'applied',
  /** Put back after someone took the tag off or changed the remark in WeCom (detail: what). */
  'reapplied',
  /** The follower was sent an app message about the mark. */
  'notified',
] as const
export type MarkEventKind = (typeof MARK_EVENT_KINDS)[number]

/** 历史 of a mark: every event, by whom and when. Names are copied so it still reads later. */
export const markEvents = sqliteTable(
  'mark_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    corpId: text('corp_id').notNull(),
    markId: integer('mark_id').notNull(),
    kind: text('kind', { enum: MARK_EVENT_KINDS }).notNull(),
    /** The follower whose relation it concerns; '' for list-level events. */
    userid: text('userid').notNull().default(''),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
    /** Who did it in Kelan; '' for Kelan itself (enforcement). */
    operatorUserid: text('operator_userid').notNull().default(''),
    at: integer('at').notNull(),
  },
  (t) => [index('mark_events_mark').on(t.corpId, t.markId, t.id)],
)

export const STAFF_PERMISSIONS = ['marks'] as const
export type StaffPermission = (typeof STAFF_PERMISSIONS)[number]

/** Permissions an admin grants to staff beyond their role, e.g. 客户标记管理 ('marks'). */
export const staffGrants = sqliteTable(
  'staff_grants',
  {
    corpId: text('corp_id').notNull(),
    userid: text('userid').notNull(),
    permission: text('permission', { enum: STAFF_PERMISSIONS }).notNull(),
    grantedBy: text('granted_by').notNull(),
    grantedAt: integer('granted_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.corpId, t.userid, t.permission] })],
)
