import { and, eq, gt, lt, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { prepared } from '../../db/prepared'
import { sessions, staff, staffGrants, type StaffPermission } from '../../db/schema'

export function insertSession(db: Db, row: typeof sessions.$inferInsert): void {
  db.insert(sessions).values(row).run()
}

const sessionStaffStmt = prepared((db) =>
  db
    .select({ corpId: staff.corpId, userid: staff.userid, role: staff.role, status: staff.status })
    .from(sessions)
    .innerJoin(staff, and(eq(staff.corpId, sessions.corpId), eq(staff.userid, sessions.userid)))
    .where(and(eq(sessions.idHash, sql.placeholder('idHash')), gt(sessions.expiresAt, sql.placeholder('now'))))
    .prepare(),
)

/** The live session's staff member, or undefined when missing or expired. Runs on every request. */
export function findSessionStaff(db: Db, idHash: string, now: number) {
  return sessionStaffStmt(db).get({ idHash, now })
}

export function deleteSession(db: Db, idHash: string): void {
  db.delete(sessions).where(eq(sessions.idHash, idHash)).run()
}

export function deleteExpiredSessions(db: Db, now: number): number {
  return db.delete(sessions).where(lt(sessions.expiresAt, now)).run().changes
}

export function findStaff(db: Db, corpId: string, userid: string) {
  return db.select().from(staff).where(and(eq(staff.corpId, corpId), eq(staff.userid, userid))).get()
}

/** The permissions an admin granted to a member (staff_grants), whatever their role. */
export function findGrants(db: Db, corpId: string, userid: string): StaffPermission[] {
  return db
    .select({ permission: staffGrants.permission })
    .from(staffGrants)
    .where(and(eq(staffGrants.corpId, corpId), eq(staffGrants.userid, userid)))
    .all()
    .map((r) => r.permission)
}
