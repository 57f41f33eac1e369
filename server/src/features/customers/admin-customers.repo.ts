import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm'
import type { CustomerFilter } from '@kelan/shared'
import type { Viewer } from '../../app-env'
import type { Db } from '../../db/client'
import { customers, followRelations, relationTags, staff, tagGroups, tags } from '../../db/schema'
import {
  filterTagIds,
  hasRelationFilter,
  type AdminCustomerRow,
  type AdminFollowerRow,
  type AdminTagRow,
} from './admin-customers.domain'
import { containsPattern } from './customers.domain'
import { customerScope, visibleStaffSubquery } from './customers.scope'

/** `column in (…)` for managers and staff; none for admins, who see every follower. */
function followerInScope(viewer: Viewer, column: SQL): SQL | undefined {
  const staffIds = visibleStaffSubquery(viewer)
  return staffIds ? sql`${column} in (${staffIds})` : undefined
}

/**
 * `follow_relations <alias>`, read as a plain table scan unless the follower is narrowed.
 * Without a follower condition SQLite would still walk the follower index for `corp_id`
 * alone and fetch each row out of order, several times slower than scanning the table.
 */
function relationsTable(alias: string, narrowsFollower: boolean): SQL {
  return narrowsFollower ? sql.raw(`follow_relations ${alias}`) : sql.raw(`follow_relations ${alias} not indexed`)
}

/**
 * Name, or the remark of an active relation the viewer's scope covers: a remark is its
 * follower's own note, so nobody finds a customer through a colleague's remark outside
 * their scope (the same rule as the sidebar search). The remarks are searched in one pass
 * over the relations rather than once per customer.
 */
function searchCondition(viewer: Viewer, q: string | undefined): SQL | undefined {
  if (!q) return undefined
  const term = containsPattern(q)
  const scope = followerInScope(viewer, sql`s.userid`)
  const remarkMatches = and(sql`s.corp_id = ${viewer.corpId} and s.status = 'active'`, scope, sql`s.remark like ${term} escape '\\'`)
  return or(
    sql`${customers.name} like ${term} escape '\\'`,
    sql`customers.external_userid in (select s.external_userid from ${relationsTable('s', scope !== undefined)} where ${remarkMatches})`,
  )
}

/** Members of the department and of every department below it. */
function departmentMembers(corpId: string, departmentId: number): SQL {
  return sql`with recursive dept_tree(id) as (
      select ${departmentId}
      union select d.id from departments d join dept_tree on d.parent_id = dept_tree.id where d.corp_id = ${corpId}
    )
    select m.userid from staff_departments m where m.corp_id = ${corpId} and m.department_id in dept_tree`
}

/**
 * Follower, department, added time and add way all describe one relation: "added by 李四 in
 * March" means 李四's relation was made in March, not that someone else's was. Only active
 * relations within the viewer's scope count. Written as `external_userid in (…)` so SQLite
 * can start from the relations (the follower index) when they are few.
 */
function relationCondition(viewer: Viewer, filter: CustomerFilter): SQL | undefined {
  if (!hasRelationFilter(filter)) return undefined
  const { userid, departmentId, addedFrom, addedTo, addWay } = filter
  const scope = followerInScope(viewer, sql`f.userid`)
  const relation = and(
    sql`f.corp_id = ${viewer.corpId} and f.status = 'active'`,
    scope,
    userid === undefined ? undefined : sql`f.userid = ${userid}`,
    departmentId === undefined ? undefined : sql`f.userid in (${departmentMembers(viewer.corpId, departmentId)})`,
    addedFrom === undefined ? undefined : sql`f.createtime >= ${addedFrom}`,
    addedTo === undefined ? undefined : sql`f.createtime <= ${addedTo}`,
    addWay === undefined ? undefined : sql`f.add_way = ${addWay}`,
  )
  const narrowsFollower = scope !== undefined || userid !== undefined || departmentId !== undefined
  return sql`customers.external_userid in (select f.external_userid from ${relationsTable('f', narrowsFollower)} where ${relation})`
}

/**
 * Tags on any active relation of the customer (the union every view shows): any of the ids,
 * all of them, or none of them. The hints make SQLite start from the tag index: without
 * statistics it would rather walk all relation tags or all relations of the corp (seconds
 * at 100k customers). So a rare tag is cheap however many customers the corp has.
 */
function tagCondition(viewer: Viewer, filter: CustomerFilter): SQL | undefined {
  const ids = filterTagIds(filter)
  if (!ids.length) return undefined
  const carriers = sql`select rt.external_userid from relation_tags rt indexed by relation_tags_tag
    cross join follow_relations f on f.corp_id = rt.corp_id and f.external_userid = rt.external_userid
      and f.userid = rt.userid and f.status = 'active'
    where rt.corp_id = ${viewer.corpId} and rt.tag_id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`
  if (filter.tagMode === 'none') return sql`customers.external_userid not in (${carriers})`
  if (filter.tagMode === 'all') {
    return sql`customers.external_userid in (${carriers} group by rt.external_userid having count(distinct rt.tag_id) = ${ids.length})`
  }
  return sql`customers.external_userid in (${carriers})`
}

/**
 * The one condition behind the admin list and batch selections: the viewer's data scope
 * (customerScope) and every filter given. References `customers` by its full name.
 */
export function customerFilterCondition(viewer: Viewer, filter: CustomerFilter): SQL {
  return and(customerScope(viewer), searchCondition(viewer, filter.q), relationCondition(viewer, filter), tagCondition(viewer, filter))!
}

/** The latest time a current follower added the customer; null when no relation is active. */
const addedAt = sql<number | null>`(select max(r.createtime) from follow_relations r where r.corp_id = customers.corp_id
  and r.external_userid = customers.external_userid and r.status = 'active')`.as('added_at')
/** Newest added first; by the alias, so SQLite computes the subquery once per row. */
const listOrder = [sql`added_at desc`, asc(customers.externalUserid)]

/**
 * A page of matching customers, newest added first, and how many match in all. Only ids and
 * the sort key go through the sort (the page's other columns are read afterwards for its
 * 20 rows: carrying names and avatar URLs of 100k customers through the sorter costs more
 * than the sort). The total comes with the page as a window count, so the filter runs once;
 * only a page past the end needs a count of its own.
 */
export function findAdminCustomers(
  db: Db,
  viewer: Viewer,
  filter: CustomerFilter,
  page: { page: number; pageSize: number },
): { rows: AdminCustomerRow[]; total: number } {
  const where = customerFilterCondition(viewer, filter)
  const keys = db
    .select({ id: customers.externalUserid, addedAt, total: sql<number>`count(*) over ()` })
    .from(customers)
    .where(where)
    .orderBy(...listOrder)
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .all()
  const total = keys[0]?.total ?? (page.page > 1 ? (db.select({ n: sql<number>`count(*)` }).from(customers).where(where).get()?.n ?? 0) : 0)
  if (!keys.length) return { rows: [], total }
  const details = db
    .select({
      externalUserid: customers.externalUserid,
      name: customers.name,
      avatar: customers.avatar,
      type: customers.type,
      corpName: customers.corpName,
    })
    .from(customers)
    .where(and(eq(customers.corpId, viewer.corpId), inArray(customers.externalUserid, keys.map((k) => k.id))))
    .all()
  const byId = new Map(details.map((d) => [d.externalUserid, d]))
  return { rows: keys.flatMap((k) => (byId.has(k.id) ? [{ ...byId.get(k.id)!, addedAt: k.addedAt }] : [])), total }
}

/**
 * Up to `limit` ids of matching customers, in list order (newest added first). Batch
 * selections ask for one more than they allow, to tell "exactly the cap" from "too many".
 */
export function findMatchingCustomerIds(db: Db, viewer: Viewer, filter: CustomerFilter, limit: number): string[] {
  return db
    .select({ id: customers.externalUserid, addedAt })
    .from(customers)
    .where(customerFilterCondition(viewer, filter))
    .orderBy(...listOrder)
    .limit(limit)
    .all()
    .map((r) => r.id)
}

/**
 * The active followers of the customers the viewer may see, earliest first. A manager sees
 * only the followers in their scope: each remark is its follower's own note.
 */
export function findAdminFollowers(db: Db, viewer: Viewer, externalUserids: string[]): AdminFollowerRow[] {
  if (!externalUserids.length) return []
  return db
    .select({
      externalUserid: followRelations.externalUserid,
      userid: followRelations.userid,
      name: sql<string>`coalesce(${staff.name}, ${followRelations.userid})`,
      remark: followRelations.remark,
    })
    .from(followRelations)
    .leftJoin(staff, and(eq(staff.corpId, followRelations.corpId), eq(staff.userid, followRelations.userid)))
    .where(
      and(
        eq(followRelations.corpId, viewer.corpId),
        inArray(followRelations.externalUserid, externalUserids),
        eq(followRelations.status, 'active'),
        followerInScope(viewer, sql`${followRelations.userid}`),
      ),
    )
    .orderBy(asc(followRelations.createtime), asc(followRelations.userid))
    .all()
}

/** Tags on the customers' active relations, in library display order (WeCom order desc). */
export function findAdminTags(db: Db, corpId: string, externalUserids: string[]): AdminTagRow[] {
  if (!externalUserids.length) return []
  return db
    .select({
      externalUserid: relationTags.externalUserid,
      tagId: tags.id,
      name: tags.name,
      ownColor: tags.color,
      groupColor: tagGroups.color,
    })
    .from(relationTags)
    .innerJoin(
      followRelations,
      and(
        eq(followRelations.corpId, relationTags.corpId),
        eq(followRelations.externalUserid, relationTags.externalUserid),
        eq(followRelations.userid, relationTags.userid),
        eq(followRelations.status, 'active'),
      ),
    )
    .innerJoin(tags, and(eq(tags.corpId, relationTags.corpId), eq(tags.id, relationTags.tagId)))
    .innerJoin(tagGroups, and(eq(tagGroups.corpId, tags.corpId), eq(tagGroups.id, tags.groupId)))
    .where(and(eq(relationTags.corpId, corpId), inArray(relationTags.externalUserid, externalUserids)))
    .orderBy(desc(tagGroups.order), asc(tagGroups.createTime), asc(tagGroups.id), desc(tags.order), asc(tags.createTime), asc(tags.id))
    .all()
}
