import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/** A WeCom department, as department/list returns it. Root is id 1. */
export const departments = sqliteTable(
  'departments',
  {
    corpId: text('corp_id').notNull(),
    id: integer('id').notNull(),
    name: text('name').notNull(),
    parentId: integer('parent_id').notNull(),
    order: integer('order').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.corpId, t.id] })],
)

/** A corp member. `role` is Kelan's own: WeCom has no notion of it. */
export const staff = sqliteTable(
  'staff',
  {
    corpId: text('corp_id').notNull(),
    userid: text('userid').notNull(),
    name: text('name').notNull(),
    avatar: text('avatar').notNull().default(''),
    position: text('position').notNull().default(''),
    mainDepartment: integer('main_department').notNull().default(1),
    /** 1 active, 2 disabled, 4 not activated, 5 left (WeCom's codes). */
    status: integer('status').notNull().default(1),
    role: text('role', { enum: ['admin', 'manager', 'staff'] }).notNull().default('staff'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.corpId, t.userid] })],
)

/** Member ↔ department, with leadership: the data scope of managers walks this. */
export const staffDepartments = sqliteTable(
  'staff_departments',
  {
    corpId: text('corp_id').notNull(),
    userid: text('userid').notNull(),
    departmentId: integer('department_id').notNull(),
    isLeader: integer('is_leader', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.corpId, t.userid, t.departmentId] }),
    index('staff_departments_dept').on(t.corpId, t.departmentId),
  ],
)
