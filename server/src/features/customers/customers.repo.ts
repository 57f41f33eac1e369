import { and, asc, desc, eq, or, sql, type SQL } from 'drizzle-orm'
import type { Role } from '@kelan/shared'
import type { Viewer } from '../../app-env'
import type { Db } from '../../db/client'
import { prepared } from '../../db/prepared'
import { customers, followRelations, staff } from '../../db/schema'
import { tagDictionary, type DictionaryTag } from '../tags/tag-dictionary'
import { recordRemarkChange } from '../timeline/timeline.repo'
import { containsPattern, type CustomerRow, type RelationRow, type TagRow } from './customers.domain'
import { customerScope, visibleStaffSubquery } from './customers.scope'

const P = {
  corpId: sql.placeholder('corpId'),
  externalUserid: sql.placeholder('externalUserid'),
  userid: sql.placeholder('userid'),
}

/** A prepared, scoped lookup for one role: the scope rule's SQL differs by role, not by viewer. */
const visibleStmt = (role: Role) =>
  prepared((db) =>
    db
      .select({
        externalUserid: customers.externalUserid,
        name: customers.name,
        avatar: customers.avatar,
        type: customers.type,
        gender: customers.gender,
        corpName: customers.corpName,
      })
      .from(customers)
      .where(and(eq(customers.externalUserid, P.externalUserid), customerScope({ role, corpId: P.corpId, userid: P.userid })))
      .prepare(),
  )
const visibleStmts = { admin: visibleStmt('admin'), manager: visibleStmt('manager'), staff: visibleStmt('staff') }

/** The customer if the viewer's data scope covers them; undefined otherwise. */
export function findVisibleCustomer(db: Db, viewer: Viewer, externalUserid: string): CustomerRow | undefined {
  return visibleStmts[viewer.role](db).get({ corpId: viewer.corpId, userid: viewer.userid, externalUserid })
}

const relationsStmt = prepared((db) =>
  db
    .select({
      userid: followRelations.userid,
      staffName: sql<string>`coalesce(${staff.name}, ${followRelations.userid})`,
      staffAvatar: sql<string>`coalesce(${staff.avatar}, '')`,
      remark: followRelations.remark,
      description: followRelations.description,
      createtime: followRelations.createtime,
      addWay: followRelations.addWay,
      state: followRelations.state,
    })
    .from(followRelations)
    .leftJoin(staff, and(eq(staff.corpId, followRelations.corpId), eq(staff.userid, followRelations.userid)))
    .where(
      and(
        eq(followRelations.corpId, P.corpId),
        eq(followRelations.externalUserid, P.externalUserid),
        eq(followRelations.status, 'active'),
      ),
    )
    .prepare(),
)

export function listActiveRelations(db: Db, corpId: string, externalUserid: string): RelationRow[] {
  return relationsStmt(db).all({ corpId, externalUserid })
}

/** A card relation as SQLite returns it: `tagIds` is a JSON array. */
interface CardRelationRecord extends RelationRow {
  tagIds: string
}

// One statement for the card's relations, their staff and their tag ids, run as plain
// better-sqlite3: Drizzle's row mapping and a second query for relation_tags cost ~12 µs of a
// card's ~100. Relations come by userid and tag ids in id order, as relation_tags' key lists them.
const cardRelationsStmt = prepared((db) =>
  db.$client.prepare<{ corpId: string; externalUserid: string }, CardRelationRecord>(
    `select fr.userid, coalesce(st.name, fr.userid) as staffName, coalesce(st.avatar, '') as staffAvatar,
       fr.remark, fr.description, fr.createtime, fr.add_way as addWay, fr.state,
       (select json_group_array(rt.tag_id order by rt.tag_id) from relation_tags rt
         where rt.corp_id = fr.corp_id and rt.external_userid = fr.external_userid and rt.userid = fr.userid) as tagIds
     from follow_relations fr
     left join staff st on st.corp_id = fr.corp_id and st.userid = fr.userid
     where fr.corp_id = :corpId and fr.external_userid = :externalUserid and fr.status = 'active'
     order by fr.userid`,
  ),
)

/**
 * What the card shows of a customer's active relations: the relations with their staff
 * member's name and avatar, and the corp tags on them with their group. Names, colours and
 * groups come from the in-memory tag dictionary; tags the library no longer has are left out.
 */
export function listCardRelations(db: Db, corpId: string, externalUserid: string): { relations: RelationRow[]; tagRows: TagRow[] } {
  const library = tagDictionary(db, corpId)
  const relations: RelationRow[] = []
  const tagRows: TagRow[] = []
  for (const r of cardRelationsStmt(db).all({ corpId, externalUserid })) {
    // Copied by name: object rest is a slow path in V8.
    const { userid, staffName, staffAvatar, remark, description, createtime, addWay, state } = r
    relations.push({ userid, staffName, staffAvatar, remark, description, createtime, addWay, state })
    for (const tagId of JSON.parse(r.tagIds) as string[]) {
      const tag = library.get(tagId)
      if (tag) tagRows.push(tagRowOf(userid, tag))
    }
  }
  return { relations, tagRows }
}

function tagRowOf(userid: string, tag: DictionaryTag): TagRow {
  const { id, name, order, createTime, color, groupId, groupName, groupOrder, groupCreateTime, groupColor, exclusive } = tag
  return {
    userid,
    tagId: id,
    tagName: name,
    tagOrder: order,
    tagCreateTime: createTime,
    tagColor: color,
    groupId,
    groupName,
    groupOrder,
    groupCreateTime,
    groupColor,
    exclusive,
  }
}

export interface ListQuery {
  q?: string
  page: number
  pageSize: number
}

/**
 * Matches `q` in the customer's name or in the remark of an active relation the viewer's
 * scope covers: a remark is its follower's own note, so a staff member must not find a
 * customer through a colleague's remark (or through one of a relation that has ended).
 */
function searchCondition(viewer: Viewer, q: string | undefined): SQL | undefined {
  if (!q) return undefined
  const term = containsPattern(q)
  const staffIds = visibleStaffSubquery(viewer)
  const inScope = staffIds ? sql` and s.userid in (${staffIds})` : sql``
  return or(
    sql`${customers.name} like ${term} escape '\\'`,
    sql`exists (select 1 from follow_relations s where s.corp_id = customers.corp_id
      and s.external_userid = customers.external_userid and s.status = 'active'${inScope}
      and s.remark like ${term} escape '\\')`,
  )
}

/** A page of the customers in the viewer's scope, newest relation first, searchable by name or remark. */
export function listVisibleCustomers(db: Db, viewer: Viewer, query: ListQuery) {
  const where = and(customerScope(viewer), searchCondition(viewer, query.q))
  const addedAt = sql<number>`(select max(r.createtime) from follow_relations r where r.corp_id = customers.corp_id
    and r.external_userid = customers.external_userid and r.status = 'active')`
  // Joined with the unit separator (char 31), which no staff name contains; a comma may.
  const followerNames = sql<string>`(select group_concat(coalesce(st.name, r.userid), char(31)) from follow_relations r
    left join staff st on st.corp_id = r.corp_id and st.userid = r.userid
    where r.corp_id = customers.corp_id and r.external_userid = customers.external_userid and r.status = 'active')`
  const rows = db
    .select({
      externalUserId: customers.externalUserid,
      name: customers.name,
      avatar: customers.avatar,
      type: customers.type,
      corpName: customers.corpName,
      followerNames,
      addedAt,
    })
    .from(customers)
    .where(where)
    .orderBy(desc(addedAt), asc(customers.externalUserid))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .all()
  const total = db.select({ n: sql<number>`count(*)` }).from(customers).where(where).get()?.n ?? 0
  return {
    items: rows.map((r) => ({ ...r, addedAt: r.addedAt ?? 0, followerNames: r.followerNames ? r.followerNames.split('\u001f') : [] })),
    total,
  }
}

/**
 * Writes a relation's remark, stamping `updated_at` at least `stampAfter` so that a WeCom read
 * taken before the change cannot bring the old remark back (pass `now + 1`: read times are whole
 * seconds, and a read started in this very second may predate the write). Records the change
 * for the timeline (客户动态) when the remark differs.
 */
export function writeRelationRemark(
  db: Db,
  relation: { corpId: string; externalUserid: string; userid: string },
  change: { remark: string; stampAfter: number; operator: string },
): void {
  const key = and(
    eq(followRelations.corpId, relation.corpId),
    eq(followRelations.externalUserid, relation.externalUserid),
    eq(followRelations.userid, relation.userid),
  )
  const before = db.select({ remark: followRelations.remark }).from(followRelations).where(key).get()
  if (!before) return
  db.update(followRelations)
    .set({ remark: change.remark, updatedAt: sql`max(${followRelations.updatedAt}, ${change.stampAfter})` })
    .where(key)
    .run()
  recordRemarkChange(db, { ...relation, from: before.remark, to: change.remark, operator: change.operator, at: change.stampAfter - 1 })
}
