import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'

export const tagGroups = sqliteTable(
  'tag_groups',
  {
    corpId: text('corp_id').notNull(),
    id: text('id').notNull(),
    name: text('name').notNull(),
    /** WeCom's order: larger sorts first. */
    order: integer('order').notNull().default(0),
    createTime: integer('create_time').notNull(),
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
  },
  (t) => [primaryKey({ columns: [t.corpId, t.id] }), index('tags_group').on(t.corpId, t.groupId)],
)
