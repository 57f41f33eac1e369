import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/**
 * Who may edit or delete a tag or group in WeCom: only the app that created it (REFERENCE
 * §2.5). 'app' = Kelan created it or WeCom accepted an edit from Kelan; 'console' = WeCom
 * refused one (made in the admin console or by another app); 'unknown' = not probed yet.
 */
export const TAG_ORIGINS = ['app', 'console', 'unknown'] as const
export type TagOrigin = (typeof TAG_ORIGINS)[number]

/**
 * Corp tag groups: WeCom's fields plus what Kelan keeps locally (colour, mutual exclusion,
 * description). A group Kelan created that WeCom has not confirmed yet has a local id
 * (`LOCAL_ID_PREFIX`), replaced everywhere by WeCom's once add_corp_tag succeeds.
 */
export const tagGroups = sqliteTable(
  'tag_groups',
  {
    corpId: text('corp_id').notNull(),
    id: text('id').notNull(),
    name: text('name').notNull(),
    /** WeCom's order: larger sorts first. */
    order: integer('order').notNull().default(0),
    createTime: integer('create_time').notNull(),
    color: text('color').notNull().default('blue'),
    /** 互斥: at most one tag of the group on a customer. */
    exclusive: integer('exclusive', { mode: 'boolean' }).notNull().default(false),
    description: text('description').notNull().default(''),
    origin: text('origin', { enum: TAG_ORIGINS }).notNull().default('unknown'),
  },
  (t) => [primaryKey({ columns: [t.corpId, t.id] })],
)

export const tags = sqliteTable(
  'tags',
  {
    corpId: text('corp_id').notNull(),
    id: text('id').notNull(),
    groupId: text('group_id').notNull(),
    name: text('name').notNull(),
    order: integer('order').notNull().default(0),
    createTime: integer('create_time').notNull(),
    /** null: the group's colour. */
    color: text('color'),
    description: text('description').notNull().default(''),
    origin: text('origin', { enum: TAG_ORIGINS }).notNull().default('unknown'),
  },
  (t) => [primaryKey({ columns: [t.corpId, t.id] }), index('tags_group').on(t.corpId, t.groupId)],
)

/** Ids Kelan gives groups and tags until WeCom returns its own; never sent to WeCom. */
export const LOCAL_ID_PREFIX = 'kl_'

export const TAG_SOURCES = ['sidebar', 'admin', 'batch', 'wecom', 'mark', 'smart'] as const
export type TagSource = (typeof TAG_SOURCES)[number]

/**
 * Every tag added to or removed from a relation. Names are copied so the history still reads
 * after a tag is renamed or deleted.
 */
export const tagEvents = sqliteTable(
  'tag_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    corpId: text('corp_id').notNull(),
    externalUserid: text('external_userid').notNull(),
    /** The follower whose relation changed. */
    userid: text('userid').notNull(),
    tagId: text('tag_id').notNull(),
    tagName: text('tag_name').notNull(),
    groupName: text('group_name').notNull(),
    action: text('action', { enum: ['add', 'remove'] }).notNull(),
    source: text('source', { enum: TAG_SOURCES }).notNull(),
    /** Who made the change in Kelan; '' when it came from WeCom. */
    operatorUserid: text('operator_userid').notNull().default(''),
    at: integer('at').notNull(),
  },
  (t) => [
    index('tag_events_customer').on(t.corpId, t.externalUserid, t.id),
    // The timeline pages by time.
    index('tag_events_customer_at').on(t.corpId, t.externalUserid, t.at, t.id),
  ],
)
