/**
 * Shared test helpers: an Env, a Deps on a fresh in-memory database, and one-line row
 * factories for Kelan's tables. Every test builds its own data with these; nothing here
 * holds state between tests.
 */
import { and, eq } from 'drizzle-orm'
import type { Db } from '../db/client'
import { createDb } from '../db/client'
import { customers, departments, followRelations, relationTags, staff, staffDepartments, tagGroups, tags, wecomRelationTags } from '../db/schema'
import type { Deps } from '../deps'
import { parseEnv, type Env } from '../env'
import { fakeClock, type Clock } from '../lib/clock'
import type { WecomClient } from '../wecom/client'
import { refusingWecom } from '../wecom/refusing-client'

/** A fixed 64-character session secret, so tests never touch the disk for one. */
export const TEST_SESSION_SECRET = 'test-session-secret-0123456789abcdef0123456789abcdef0123456789ab'

/**
 * An Env as `parseEnv` builds it from raw variables (demo mode unless overridden), on an
 * in-memory database and with a fixed session secret.
 *
 * @param overrides raw variables, exactly as in `process.env`
 * @example makeTestEnv({ KELAN_MODE: 'wecom', WECOM_CORP_ID: 'wx5823bf96d3bd56c7', ... })
 */
export function makeTestEnv(overrides: Record<string, string | undefined> = {}): Env {
  return parseEnv({ KELAN_DB: ':memory:', ...overrides }, () => TEST_SESSION_SECRET)
}

/** The corp id of `makeTestEnv()` without overrides (the demo corp). */
export const TEST_CORP_ID = makeTestEnv().wecom.corpId

/** A WecomClient whose every method rejects: for tests that must not reach WeCom. */
export const unreachableWecom = (): WecomClient => refusingWecom()

export interface TestDepsOptions {
  env?: Env
  wecom?: WecomClient
  clock?: Clock
  /** Defaults to ':memory:'; pass a file path to test restarts against the same database. */
  dbPath?: string
}

/**
 * Deps on a fresh, migrated in-memory database. `corpId` comes from the env, so rows built
 * with the factories below (default corp) match `makeTestEnv()` without overrides.
 *
 * @example const deps = makeTestDeps({ wecom: fakeWecom, clock: fakeClock() })
 */
export function makeTestDeps(options: TestDepsOptions = {}): Deps {
  const env = options.env ?? makeTestEnv()
  return {
    env,
    db: createDb(options.dbPath ?? ':memory:'),
    clock: options.clock ?? fakeClock(),
    wecom: options.wecom ?? unreachableWecom(),
    corpId: env.wecom.corpId,
  }
}

const T0 = 1_700_000_000

/** A department (the root, 总部, unless overridden) in the default test corp. */
export const makeDepartment = (o: Partial<typeof departments.$inferInsert> = {}): typeof departments.$inferInsert => ({
  corpId: TEST_CORP_ID, id: 1, name: '总部', parentId: 0, ...o,
})

/** A staff row (active, role staff) in the default test corp. */
export const makeStaff = (o: Partial<typeof staff.$inferInsert> = {}): typeof staff.$inferInsert => ({
  corpId: TEST_CORP_ID, userid: 'lisi', name: '李四', mainDepartment: 1, status: 1, role: 'staff', updatedAt: T0, ...o,
})

/** A department membership row. */
export const makeStaffDepartment = (
  o: Partial<typeof staffDepartments.$inferInsert> = {},
): typeof staffDepartments.$inferInsert => ({ corpId: TEST_CORP_ID, userid: 'lisi', departmentId: 1, isLeader: false, ...o })

/** A customer row (a WeChat user) in the default test corp. */
export const makeCustomer = (o: Partial<typeof customers.$inferInsert> = {}): typeof customers.$inferInsert => ({
  corpId: TEST_CORP_ID, externalUserid: 'wmCUST0001', name: '王小明', type: 1, updatedAt: T0, ...o,
})

/** An active follow relation of `lisi` with `wmCUST0001`. */
export const makeRelation = (
  o: Partial<typeof followRelations.$inferInsert> = {},
): typeof followRelations.$inferInsert => ({
  corpId: TEST_CORP_ID, externalUserid: 'wmCUST0001', userid: 'lisi', createtime: T0, status: 'active', updatedAt: T0, ...o,
})

/** A corp tag on a relation. */
export const makeRelationTag = (
  o: Partial<typeof relationTags.$inferInsert> = {},
): typeof relationTags.$inferInsert => ({ corpId: TEST_CORP_ID, externalUserid: 'wmCUST0001', userid: 'lisi', tagId: 'etTAG0001', ...o })

/** A tag group (WeCom id, not exclusive) in the default test corp. */
export const makeTagGroup = (o: Partial<typeof tagGroups.$inferInsert> = {}): typeof tagGroups.$inferInsert => ({
  corpId: TEST_CORP_ID, id: 'etGROUP01', name: '客户等级', order: 1, createTime: T0, ...o,
})

/** A tag of `etGROUP01`. */
export const makeTag = (o: Partial<typeof tags.$inferInsert> = {}): typeof tags.$inferInsert => ({
  corpId: TEST_CORP_ID, id: 'etTAG0001', groupId: 'etGROUP01', name: 'A类', order: 1, createTime: T0, ...o,
})

/**
 * Inserts rows built with the factories above.
 *
 * @example seed(deps.db, { staff: [makeStaff()], customers: [makeCustomer()], relations: [makeRelation()] })
 */
export function seed(
  db: Db,
  rows: {
    departments?: (typeof departments.$inferInsert)[]
    staff?: (typeof staff.$inferInsert)[]
    staffDepartments?: (typeof staffDepartments.$inferInsert)[]
    customers?: (typeof customers.$inferInsert)[]
    relations?: (typeof followRelations.$inferInsert)[]
    relationTags?: (typeof relationTags.$inferInsert)[]
    tagGroups?: (typeof tagGroups.$inferInsert)[]
    tags?: (typeof tags.$inferInsert)[]
  },
): void {
  db.transaction((tx) => {
    if (rows.departments?.length) tx.insert(departments).values(rows.departments).run()
    if (rows.staff?.length) tx.insert(staff).values(rows.staff).run()
    if (rows.staffDepartments?.length) tx.insert(staffDepartments).values(rows.staffDepartments).run()
    if (rows.customers?.length) tx.insert(customers).values(rows.customers).run()
    if (rows.relations?.length) tx.insert(followRelations).values(rows.relations).run()
    if (rows.relationTags?.length) {
      tx.insert(relationTags).values(rows.relationTags).run()
      // Seeded tags stand for synced ones: WeCom has them too, nothing is waiting to be pushed.
      tx.insert(wecomRelationTags)
        .values(rows.relationTags.map((r) => ({ corpId: r.corpId, externalUserid: r.externalUserid, userid: r.userid, tagId: r.tagId })))
        .run()
    }
    if (rows.tagGroups?.length) tx.insert(tagGroups).values(rows.tagGroups).run()
    if (rows.tags?.length) tx.insert(tags).values(rows.tags).run()
  })
}

/**
 * Adds `n` customers, each followed by `userid`, with prepared statements: fast enough for
 * the thousands a batch or its limit needs. Ids are `prefix` and six digits from 000000,
 * names 客户0, 客户1, …; relations were added at 1_600_000_000 + i.
 *
 * @example seedManyCustomers(deps.db, 450, { prefix: 'wm' }) // wm000000 … wm000449, followed by lisi
 */
export function seedManyCustomers(db: Db, n: number, { prefix, userid = 'lisi' }: { prefix: string; userid?: string }): void {
  const sqlite = db.$client
  const customer = sqlite.prepare('insert into customers (corp_id, external_userid, name, type, updated_at) values (?, ?, ?, 1, 0)')
  const relation = sqlite.prepare('insert into follow_relations (corp_id, external_userid, userid, createtime, updated_at) values (?, ?, ?, ?, 0)')
  sqlite.transaction(() => {
    for (let i = 0; i < n; i++) {
      const id = `${prefix}${String(i).padStart(6, '0')}`
      customer.run(TEST_CORP_ID, id, `客户${i}`)
      relation.run(TEST_CORP_ID, id, userid, 1_600_000_000 + i)
    }
  })()
}

/** The tag ids on one relation (Kelan's side), sorted. */
export function relationTagIds(db: Db, externalUserid: string, userid: string): string[] {
  return db
    .select({ tagId: relationTags.tagId })
    .from(relationTags)
    .where(and(eq(relationTags.externalUserid, externalUserid), eq(relationTags.userid, userid)))
    .all()
    .map((r) => r.tagId)
    .sort()
}
