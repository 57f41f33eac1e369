import { sql } from 'drizzle-orm'
import { index, integer, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core'

/** 公共 (admins write, everyone reads) or 个人 (one staff member's own). */
export const KNOWLEDGE_LIBRARIES = ['public', 'personal'] as const

/** 话术 (question + answer), 常用语 (one text), 常用链接 (a web page sent as a news card). */
export const KNOWLEDGE_KINDS = ['script', 'phrase', 'link'] as const

/** The two categories every tree has and nobody can rename, move or delete: 全部 and 未分类. */
export const FIXED_CATEGORIES = ['root', 'uncategorized'] as const

/**
 * One category tree per (library, owner, kind): the public 话术 tree, lisi's 常用语 tree, ….
 * Its id is also the search scope of its items (knowledge FTS `scope` column).
 */
export const knowledgeTrees = sqliteTable(
  'knowledge_trees',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    corpId: text('corp_id').notNull(),
    library: text('library', { enum: KNOWLEDGE_LIBRARIES }).notNull(),
    /** The owner's userid for a personal library; '' for the public one. */
    owner: text('owner').notNull().default(''),
    kind: text('kind', { enum: KNOWLEDGE_KINDS }).notNull(),
  },
  (t) => [uniqueIndex('knowledge_trees_key').on(t.corpId, t.library, t.owner, t.kind)],
)

/**
 * Categories of a tree. The root (全部, parent null) and 未分类 (a child of the root, always
 * listed first) are created with the tree; the rest are the admin's or owner's, at most 4
 * levels below the root, ordered among siblings by `sort`.
 */
export const knowledgeCategories = sqliteTable(
  'knowledge_categories',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    corpId: text('corp_id').notNull(),
    treeId: integer('tree_id')
      .notNull()
      .references(() => knowledgeTrees.id),
    parentId: integer('parent_id').references((): AnySQLiteColumn => knowledgeCategories.id),
    name: text('name').notNull(),
    sort: integer('sort').notNull().default(0),
    fixed: text('fixed', { enum: FIXED_CATEGORIES }),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('knowledge_categories_tree').on(t.treeId, t.parentId, t.sort),
    // Creating a tree twice at once (two first visits) must not give it two roots.
    uniqueIndex('knowledge_categories_fixed').on(t.treeId, t.fixed).where(sql`${t.fixed} is not null`),
  ],
)

/**
 * 话术, 常用语 and 常用链接 in one table: what search and lists need is common (title, text to
 * search, 序号, use count), the rest is per kind. Every write goes through knowledge.repo, which
 * keeps the full-text indexes (knowledge_fts_* tables of the custom migration knowledge_fts) in
 * step.
 */
export const knowledgeItems = sqliteTable(
  'knowledge_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    corpId: text('corp_id').notNull(),
    treeId: integer('tree_id')
      .notNull()
      .references(() => knowledgeTrees.id),
    categoryId: integer('category_id')
      .notNull()
      .references(() => knowledgeCategories.id),
    /** 问题名称 (script), the text itself (phrase), 标题 (link). */
    title: text('title').notNull(),
    /** 相似问, one per line (they are single-line by validation); '' when none. */
    similar: text('similar').notNull().default(''),
    /** The answer's parts in sending order (script only). */
    answer: text('answer', { mode: 'json' }).$type<unknown[]>(),
    /** Link only. */
    url: text('url'),
    description: text('description').notNull().default(''),
    /** Attachment id of a link's cover image. */
    cover: text('cover'),
    /**
     * Searched text besides title and similar, derived on write: the answer's text parts one per
     * line (script), the description (link), '' (phrase).
     */
    body: text('body').notNull().default(''),
    /** 序号, editable by hand (two decimals); lists sort by it ascending. */
    seq: real('seq').notNull().default(0),
    useCount: integer('use_count').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    createdBy: text('created_by').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [
    // Leads with category_id: lists of a category, counts per category, and the foreign-key
    // check when a category is deleted all look items up by it.
    index('knowledge_items_category').on(t.categoryId, t.seq),
    index('knowledge_items_seq').on(t.treeId, t.seq, t.updatedAt),
    index('knowledge_items_used').on(t.treeId, t.useCount),
  ],
)
