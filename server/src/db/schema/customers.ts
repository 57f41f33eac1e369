import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { TAG_SOURCES } from './tags'

/** An external contact (客户), as externalcontact/get describes it. */
export const customers = sqliteTable(
  'customers',
  {
    corpId: text('corp_id').notNull(),
    externalUserid: text('external_userid').notNull(),
    name: text('name').notNull(),
    avatar: text('avatar').notNull().default(''),
    /** 1 WeChat user, 2 WeCom user. */
    type: integer('type').notNull(),
    gender: integer('gender').notNull().default(0),
    unionid: text('unionid').notNull().default(''),
    position: text('position').notNull().default(''),
    corpName: text('corp_name').notNull().default(''),
    corpFullName: text('corp_full_name').notNull().default(''),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.corpId, t.externalUserid] }),
    index('customers_unionid').on(t.corpId, t.unionid),
  ],
)

/**
 * One staff member following one customer (WeCom's follow_user entry). Rows are kept when the
 * relation ends (status) so history and timelines can still name who once followed.
 */
export const followRelations = sqliteTable(
  'follow_relations',
  {
    corpId: text('corp_id').notNull(),
    externalUserid: text('external_userid').notNull(),
    userid: text('userid').notNull(),
    remark: text('remark').notNull().default(''),
    description: text('description').notNull().default(''),
    createtime: integer('createtime').notNull(),
    addWay: integer('add_way').notNull().default(0),
    state: text('state').notNull().default(''),
    operUserid: text('oper_userid').notNull().default(''),
    remarkCorpName: text('remark_corp_name').notNull().default(''),
    remarkMobiles: text('remark_mobiles', { mode: 'json' }).$type<string[]>().notNull().default([]),
    status: text('status', { enum: ['active', 'deleted_by_staff', 'deleted_by_customer'] })
      .notNull()
      .default('active'),
    endedAt: integer('ended_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.corpId, t.externalUserid, t.userid] }),
    index('follow_relations_user').on(t.corpId, t.userid, t.status),
    // Covers "newest added first" and the per-customer scope check of the admin list.
    index('follow_relations_customer').on(t.corpId, t.externalUserid, t.status, t.userid, t.createtime),
  ],
)

/**
 * Corp tags on a follow relation as Kelan wants them (what every view shows); personal tags
 * (no id) are not kept. Where this differs from `wecomRelationTags`, an outbox item is
 * pushing the difference to WeCom.
 */
export const relationTags = sqliteTable(
  'relation_tags',
  {
    corpId: text('corp_id').notNull(),
    externalUserid: text('external_userid').notNull(),
    userid: text('userid').notNull(),
    tagId: text('tag_id').notNull(),
    source: text('source', { enum: TAG_SOURCES }).notNull().default('wecom'),
    /** Who put the tag on in Kelan; '' when it came from WeCom. */
    addedBy: text('added_by').notNull().default(''),
    addedAt: integer('added_at').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.corpId, t.externalUserid, t.userid, t.tagId] }),
    // Covering, so a tag filter over 100k customers reads the index alone.
    index('relation_tags_tag').on(t.corpId, t.tagId, t.externalUserid, t.userid),
  ],
)

/**
 * Corp tags on a follow relation as WeCom last confirmed them (a WeCom read, or a mark_tag
 * that succeeded). Kept apart from `relationTags` so a WeCom read arriving while a local
 * change is still on its way neither loses that change nor pushes it twice.
 */
export const wecomRelationTags = sqliteTable(
  'wecom_relation_tags',
  {
    corpId: text('corp_id').notNull(),
    externalUserid: text('external_userid').notNull(),
    userid: text('userid').notNull(),
    tagId: text('tag_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.corpId, t.externalUserid, t.userid, t.tagId] }),
    index('wecom_relation_tags_tag').on(t.corpId, t.tagId),
  ],
)
