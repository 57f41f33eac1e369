import { sql, type Placeholder, type SQL } from 'drizzle-orm'
import type { Role } from '@kelan/shared'

/** Who is looking; ids may be placeholders so the scoped query can be prepared once. */
export interface ScopeViewer {
  role: Role
  corpId: string | Placeholder
  userid: string | Placeholder
}

/**
 * The staff members whose customers `viewer` may see, as a SQL subquery of userids, or null
 * for "everyone in the corp". Managers see their departments and every department below:
 * those they lead, or, when they lead none (a manager by appointment), those they belong to.
 */
export function visibleStaffSubquery(viewer: ScopeViewer): SQL | null {
  if (viewer.role === 'admin') return null
  if (viewer.role === 'staff') return sql`select ${viewer.userid}`
  const { corpId, userid } = viewer
  return sql`
    with recursive scope(id) as (
      select sd.department_id from staff_departments sd
      where sd.corp_id = ${corpId} and sd.userid = ${userid}
        and (sd.is_leader = 1 or not exists (
          select 1 from staff_departments l where l.corp_id = ${corpId} and l.userid = ${userid} and l.is_leader = 1))
      union
      select d.id from departments d join scope on d.parent_id = scope.id where d.corp_id = ${corpId}
    )
    select m.userid from staff_departments m where m.corp_id = ${corpId} and m.department_id in scope
    union select ${userid}`
}

/**
 * The one data-scope rule: a condition on the `customers` table (referenced by its full name,
 * so it must not be aliased) that holds when the viewer may see
 * that customer (in their corp, and followed through an active relation by someone in
 * their scope). Every customer read ANDs this in, so a customer outside it is a 404.
 */
export function customerScope(viewer: ScopeViewer): SQL {
  const inCorp = sql`customers.corp_id = ${viewer.corpId}`
  const staffIds = visibleStaffSubquery(viewer)
  if (!staffIds) return inCorp
  return sql`${inCorp} and exists (
    select 1 from follow_relations fr
    where fr.corp_id = customers.corp_id and fr.external_userid = customers.external_userid
      and fr.status = 'active' and fr.userid in (${staffIds}))`
}
