/** Storage of business-record templates and records. Every query is limited to one corp. */
import { and, asc, count, desc, eq, inArray, max, sql } from 'drizzle-orm'
import type { BusinessField, BusinessValue } from '@kelan/shared'
import type { Db } from '../../db/client'
import { olderThan, type TimeIdKey } from '../../lib/cursor'
import { businessRecords, businessTemplates, departments, staff, staffDepartments } from '../../db/schema'

export type TemplateRow = typeof businessTemplates.$inferSelect
export type NewTemplateRow = typeof businessTemplates.$inferInsert
export type RecordRow = typeof businessRecords.$inferSelect

// ---------------------------------------------------------------------------------------
// Templates

/** The corp's templates in the admin's order (sort, then oldest first). */
export function listTemplates(db: Db, corpId: string): TemplateRow[] {
  return db
    .select()
    .from(businessTemplates)
    .where(eq(businessTemplates.corpId, corpId))
    .orderBy(asc(businessTemplates.sort), asc(businessTemplates.id))
    .all()
}

export function findTemplate(db: Db, corpId: string, id: number): TemplateRow | undefined {
  return db
    .select()
    .from(businessTemplates)
    .where(and(eq(businessTemplates.corpId, corpId), eq(businessTemplates.id, id)))
    .get()
}

/** Another template of the corp with this name. */
export function nameTaken(db: Db, corpId: string, name: string, exceptId = 0): boolean {
  const row = db
    .select({ id: businessTemplates.id })
    .from(businessTemplates)
    .where(and(eq(businessTemplates.corpId, corpId), eq(businessTemplates.name, name)))
    .get()
  return row !== undefined && row.id !== exceptId
}

/** The sort value that puts a new template last. */
export function nextSort(db: Db, corpId: string): number {
  const row = db.select({ top: max(businessTemplates.sort) }).from(businessTemplates).where(eq(businessTemplates.corpId, corpId)).get()
  return (row?.top ?? -1) + 1
}

export function insertTemplate(db: Db, row: NewTemplateRow): TemplateRow {
  return db.insert(businessTemplates).values(row).returning().get()
}

export function updateTemplate(db: Db, corpId: string, id: number, set: Partial<NewTemplateRow>): TemplateRow | undefined {
  return db
    .update(businessTemplates)
    .set(set)
    .where(and(eq(businessTemplates.corpId, corpId), eq(businessTemplates.id, id)))
    .returning()
    .get()
}

export function deleteTemplate(db: Db, corpId: string, id: number): void {
  db.delete(businessTemplates).where(and(eq(businessTemplates.corpId, corpId), eq(businessTemplates.id, id))).run()
}

/** Sort 0, 1, … in the order given. */
export function placeTemplates(db: Db, corpId: string, ids: readonly number[], now: number): void {
  ids.forEach((id, sort) => {
    db.update(businessTemplates)
      .set({ sort, updatedAt: now })
      .where(and(eq(businessTemplates.corpId, corpId), eq(businessTemplates.id, id)))
      .run()
  })
}

export function countTemplateRecords(db: Db, corpId: string, templateId: number): number {
  return (
    db
      .select({ n: count() })
      .from(businessRecords)
      .where(and(eq(businessRecords.corpId, corpId), eq(businessRecords.templateId, templateId)))
      .get()?.n ?? 0
  )
}

/** Records per template id, for the admin list. */
export function recordCounts(db: Db, corpId: string): Map<number, number> {
  const rows = db
    .select({ templateId: businessRecords.templateId, n: count() })
    .from(businessRecords)
    .where(eq(businessRecords.corpId, corpId))
    .groupBy(businessRecords.templateId)
    .all()
  return new Map(rows.map((r) => [r.templateId, r.n]))
}

// ---------------------------------------------------------------------------------------
// Org: scope names, existence checks, and a member's departments

export function departmentRows(db: Db, corpId: string): { id: number; name: string; parentId: number }[] {
  return db
    .select({ id: departments.id, name: departments.name, parentId: departments.parentId })
    .from(departments)
    .where(eq(departments.corpId, corpId))
    .orderBy(asc(departments.parentId), asc(departments.order), asc(departments.id))
    .all()
}

/** Members by userid (any status: a template may still name someone who has left). */
export function staffNames(db: Db, corpId: string, userids: readonly string[]): Map<string, string> {
  if (userids.length === 0) return new Map()
  const rows = db
    .select({ userid: staff.userid, name: staff.name })
    .from(staff)
    .where(and(eq(staff.corpId, corpId), inArray(staff.userid, [...userids])))
    .all()
  return new Map(rows.map((r) => [r.userid, r.name]))
}

export function activeStaff(db: Db, corpId: string): { userid: string; name: string }[] {
  return db
    .select({ userid: staff.userid, name: staff.name })
    .from(staff)
    .where(and(eq(staff.corpId, corpId), eq(staff.status, 1)))
    .orderBy(asc(staff.name), asc(staff.userid))
    .all()
}

/** The departments `userid` belongs to directly. */
export function memberDepartmentIds(db: Db, corpId: string, userid: string): number[] {
  return db
    .select({ id: staffDepartments.departmentId })
    .from(staffDepartments)
    .where(and(eq(staffDepartments.corpId, corpId), eq(staffDepartments.userid, userid)))
    .all()
    .map((r) => r.id)
}

// ---------------------------------------------------------------------------------------
// Records

export function findRecordByClientKey(db: Db, corpId: string, author: string, clientKey: string): RecordRow | undefined {
  return db
    .select()
    .from(businessRecords)
    .where(and(eq(businessRecords.corpId, corpId), eq(businessRecords.author, author), eq(businessRecords.clientKey, clientKey)))
    .get()
}

export function insertRecord(
  db: Db,
  row: Omit<typeof businessRecords.$inferInsert, 'values' | 'fields'> & { fields: BusinessField[]; values: Record<string, BusinessValue> },
): RecordRow {
  return db.insert(businessRecords).values(row).returning().get()
}

export type RecordWithAuthor = RecordRow & { authorName: string; authorAvatar: string }

const recordColumns = {
  id: businessRecords.id,
  corpId: businessRecords.corpId,
  externalUserid: businessRecords.externalUserid,
  templateId: businessRecords.templateId,
  templateName: businessRecords.templateName,
  fields: businessRecords.fields,
  values: businessRecords.values,
  author: businessRecords.author,
  source: businessRecords.source,
  clientKey: businessRecords.clientKey,
  createdAt: businessRecords.createdAt,
  authorName: sql<string>`coalesce(${staff.name}, ${businessRecords.author})`,
  authorAvatar: sql<string>`coalesce(${staff.avatar}, '')`,
}

/** One page of a customer's records, newest first (time, then id), after `cursor`. */
export function listRecords(
  db: Db,
  corpId: string,
  externalUserid: string,
  cursor: TimeIdKey | undefined,
  limit: number,
): RecordWithAuthor[] {
  const after = olderThan(businessRecords.createdAt, businessRecords.id, cursor)
  return db
    .select(recordColumns)
    .from(businessRecords)
    .leftJoin(staff, and(eq(staff.corpId, businessRecords.corpId), eq(staff.userid, businessRecords.author)))
    .where(and(eq(businessRecords.corpId, corpId), eq(businessRecords.externalUserid, externalUserid), after))
    .orderBy(desc(businessRecords.createdAt), desc(businessRecords.id))
    .limit(limit)
    .all()
}

export function findRecordWithAuthor(db: Db, corpId: string, id: number): RecordWithAuthor | undefined {
  return db
    .select(recordColumns)
    .from(businessRecords)
    .leftJoin(staff, and(eq(staff.corpId, businessRecords.corpId), eq(staff.userid, businessRecords.author)))
    .where(and(eq(businessRecords.corpId, corpId), eq(businessRecords.id, id)))
    .get()
}
