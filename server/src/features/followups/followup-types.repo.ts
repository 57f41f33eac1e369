/** Follow-up types (跟进方式); the only file that touches `followup_types`. */
import { and, asc, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { followups, followupTypes } from '../../db/schema'

export type FollowupTypeRow = typeof followupTypes.$inferSelect

/** The name 笔记 is created with; admins may rename it later. */
export const NOTE_TYPE_NAME = '笔记'

/**
 * Makes sure the corp has its 笔记 type: created on first use. A type an admin already called
 * 笔记 becomes the builtin one (names are unique per corp). Cheap when it exists.
 */
export function ensureNoteType(db: Db, corpId: string, now: number): void {
  const note = db
    .select({ id: followupTypes.id })
    .from(followupTypes)
    .where(and(eq(followupTypes.corpId, corpId), eq(followupTypes.builtin, 'note')))
    .get()
  if (note) return
  db.insert(followupTypes)
    .values({ corpId, name: NOTE_TYPE_NAME, sort: 0, enabled: true, builtin: 'note', createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: [followupTypes.corpId, followupTypes.name], set: { builtin: 'note', enabled: true, updatedAt: now } })
    .run()
}

/** 笔记 first, then the admin's order. */
const typeOrder = [sql`${followupTypes.builtin} is null`, asc(followupTypes.sort), asc(followupTypes.id)]

/** The corp's types in display order, with how many follow-ups use each. */
export function listTypesWithUsage(db: Db, corpId: string): (FollowupTypeRow & { usage: number })[] {
  const usage = sql<number>`(select count(*) from ${followups} f where f.corp_id = ${followupTypes.corpId} and f.type_id = ${followupTypes.id})`
  return db
    .select({ row: followupTypes, usage })
    .from(followupTypes)
    .where(eq(followupTypes.corpId, corpId))
    .orderBy(...typeOrder)
    .all()
    .map(({ row, usage }) => ({ ...row, usage }))
}

/** The corp's enabled types in display order (the form's choices). */
export function listEnabledTypes(db: Db, corpId: string): FollowupTypeRow[] {
  return db
    .select()
    .from(followupTypes)
    .where(and(eq(followupTypes.corpId, corpId), eq(followupTypes.enabled, true)))
    .orderBy(...typeOrder)
    .all()
}

export function findType(db: Db, corpId: string, id: number): FollowupTypeRow | undefined {
  return db
    .select()
    .from(followupTypes)
    .where(and(eq(followupTypes.corpId, corpId), eq(followupTypes.id, id)))
    .get()
}

export function findTypeByName(db: Db, corpId: string, name: string): FollowupTypeRow | undefined {
  return db
    .select()
    .from(followupTypes)
    .where(and(eq(followupTypes.corpId, corpId), eq(followupTypes.name, name)))
    .get()
}

/** Adds a type at the end of the list. */
export function insertType(db: Db, corpId: string, name: string, now: number): FollowupTypeRow {
  const last = db
    .select({ sort: sql<number>`coalesce(max(${followupTypes.sort}), 0)` })
    .from(followupTypes)
    .where(eq(followupTypes.corpId, corpId))
    .get()
  return db
    .insert(followupTypes)
    .values({ corpId, name, sort: (last?.sort ?? 0) + 1, enabled: true, createdAt: now, updatedAt: now })
    .returning()
    .get()
}

export function updateType(db: Db, corpId: string, id: number, set: { name?: string; enabled?: boolean }, now: number): void {
  db.update(followupTypes)
    .set({ ...set, updatedAt: now })
    .where(and(eq(followupTypes.corpId, corpId), eq(followupTypes.id, id)))
    .run()
}

/** Stores `ids` as the order (1, 2, …); call with every id of the corp. */
export function setTypeOrder(db: Db, corpId: string, ids: readonly number[], now: number): void {
  ids.forEach((id, i) => {
    db.update(followupTypes)
      .set({ sort: i + 1, updatedAt: now })
      .where(and(eq(followupTypes.corpId, corpId), eq(followupTypes.id, id)))
      .run()
  })
}

export function deleteType(db: Db, corpId: string, id: number): void {
  db.delete(followupTypes)
    .where(and(eq(followupTypes.corpId, corpId), eq(followupTypes.id, id)))
    .run()
}

/** Follow-ups written with the type. */
export function countFollowupsOfType(db: Db, corpId: string, typeId: number): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(followups)
      .where(and(eq(followups.corpId, corpId), eq(followups.typeId, typeId)))
      .get()?.n ?? 0
  )
}
