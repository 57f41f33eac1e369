import { and, asc, countDistinct, eq, inArray, sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import type { TagOrigin } from '@kelan/shared'
import type { Db } from '../../db/client'
import {
  customers,
  followRelations,
  jobs,
  LOCAL_ID_PREFIX,
  outbox,
  relationTags,
  tagEvents,
  tagGroups,
  tags,
  wecomRelationTags,
} from '../../db/schema'
import { relationOutboxKey, type CarriedTag } from '../tags/tags.domain'
import type { GroupRecord, TagRecord } from './tag-library.domain'

const groupColumns = {
  id: tagGroups.id,
  name: tagGroups.name,
  order: tagGroups.order,
  createTime: tagGroups.createTime,
  color: tagGroups.color,
  exclusive: tagGroups.exclusive,
  description: tagGroups.description,
  origin: tagGroups.origin,
}

const tagColumns = {
  id: tags.id,
  groupId: tags.groupId,
  name: tags.name,
  order: tags.order,
  createTime: tags.createTime,
  color: tags.color,
  description: tags.description,
  origin: tags.origin,
}

/** Every group of the corp (any order). */
export function listGroups(db: Db, corpId: string): GroupRecord[] {
  return db.select(groupColumns).from(tagGroups).where(eq(tagGroups.corpId, corpId)).all()
}

/** Every tag of the corp, or of one group (any order). */
export function listTags(db: Db, corpId: string, groupId?: string): TagRecord[] {
  const where = groupId === undefined ? eq(tags.corpId, corpId) : and(eq(tags.corpId, corpId), eq(tags.groupId, groupId))
  return db.select(tagColumns).from(tags).where(where).all()
}

export function findGroup(db: Db, corpId: string, id: string): GroupRecord | undefined {
  return db.select(groupColumns).from(tagGroups).where(and(eq(tagGroups.corpId, corpId), eq(tagGroups.id, id))).get()
}

export function findTag(db: Db, corpId: string, id: string): TagRecord | undefined {
  return db.select(tagColumns).from(tags).where(and(eq(tags.corpId, corpId), eq(tags.id, id))).get()
}

/** The ids named by library items (create_tags, edit_tag) still waiting to reach WeCom. */
export function pendingLibraryKeys(db: Db, corpId: string): Set<string> {
  const rows = db
    .select({ key: outbox.key })
    .from(outbox)
    .where(and(eq(outbox.corpId, corpId), eq(outbox.status, 'pending'), inArray(outbox.kind, ['create_tags', 'edit_tag'])))
    .all()
  return new Set(rows.map((r) => r.key))
}

/** Ids of groups and tags whose edit_tag item is still pending: their local name/order wins over a WeCom read. */
export function pendingEditIds(db: Db, corpId: string): Set<string> {
  const rows = db
    .select({ key: outbox.key })
    .from(outbox)
    .where(and(eq(outbox.corpId, corpId), eq(outbox.status, 'pending'), eq(outbox.kind, 'edit_tag')))
    .all()
  return new Set(rows.map((r) => r.key))
}

/** Ids of groups and tags deleted in Kelan whose delete_tags item is still pending. */
export function pendingDeleteIds(db: Db, corpId: string): Set<string> {
  const rows = db
    .select({ payload: outbox.payload })
    .from(outbox)
    .where(and(eq(outbox.corpId, corpId), eq(outbox.status, 'pending'), eq(outbox.kind, 'delete_tags')))
    .all()
  const ids = new Set<string>()
  for (const { payload } of rows) {
    for (const list of [payload.tagIds, payload.groupIds]) {
      if (Array.isArray(list)) list.forEach((id) => typeof id === 'string' && ids.add(id))
    }
  }
  return ids
}

/** `col` holds a local id. Not LIKE: '_' in the prefix would be a wildcard there. */
const isLocal = (col: SQLWrapper): SQL => sql`substr(${col}, 1, ${LOCAL_ID_PREFIX.length}) = ${LOCAL_ID_PREFIX}`

const activeRelation = and(
  eq(followRelations.corpId, relationTags.corpId),
  eq(followRelations.externalUserid, relationTags.externalUserid),
  eq(followRelations.userid, relationTags.userid),
  eq(followRelations.status, 'active'),
)

/** Distinct customers carrying each tag on an active relation; tags nobody carries are absent. */
export function customerCounts(db: Db, corpId: string, tagIds?: readonly string[]): Map<string, number> {
  if (tagIds && !tagIds.length) return new Map()
  const rows = db
    .select({ tagId: relationTags.tagId, n: countDistinct(relationTags.externalUserid) })
    .from(relationTags)
    .innerJoin(followRelations, activeRelation)
    .where(and(eq(relationTags.corpId, corpId), tagIds ? inArray(relationTags.tagId, [...tagIds]) : undefined))
    .groupBy(relationTags.tagId)
    .all()
  return new Map(rows.map((r) => [r.tagId, r.n]))
}

/** Every tag of the group on every active relation, for the 互斥 check. */
export function carriedTagsOfGroup(db: Db, corpId: string, groupId: string): CarriedTag[] {
  return db
    .select({
      externalUserid: relationTags.externalUserid,
      userid: relationTags.userid,
      tagId: relationTags.tagId,
      addedAt: relationTags.addedAt,
    })
    .from(relationTags)
    .innerJoin(followRelations, activeRelation)
    .innerJoin(tags, and(eq(tags.corpId, relationTags.corpId), eq(tags.id, relationTags.tagId)))
    .where(and(eq(relationTags.corpId, corpId), eq(tags.groupId, groupId)))
    .orderBy(asc(relationTags.externalUserid), asc(relationTags.addedAt))
    .all()
}

/** Customer names by external_userid. */
export function customerNames(db: Db, corpId: string, ids: readonly string[]): Map<string, string> {
  if (!ids.length) return new Map()
  const rows = db
    .select({ id: customers.externalUserid, name: customers.name })
    .from(customers)
    .where(and(eq(customers.corpId, corpId), inArray(customers.externalUserid, [...ids])))
    .all()
  return new Map(rows.map((r) => [r.id, r.name]))
}

export function insertGroup(db: Db, corpId: string, row: GroupRecord): void {
  db.insert(tagGroups).values({ corpId, ...row }).run()
}

export function insertTags(db: Db, corpId: string, rows: readonly TagRecord[]): void {
  if (rows.length) db.insert(tags).values(rows.map((r) => ({ corpId, ...r }))).run()
}

export type GroupPatch = Partial<Pick<GroupRecord, 'name' | 'order' | 'color' | 'exclusive' | 'description' | 'origin'>>
export type TagPatch = Partial<Pick<TagRecord, 'name' | 'order' | 'color' | 'description' | 'origin'>>

export function updateGroup(db: Db, corpId: string, id: string, patch: GroupPatch): void {
  if (Object.keys(patch).length) db.update(tagGroups).set(patch).where(and(eq(tagGroups.corpId, corpId), eq(tagGroups.id, id))).run()
}

export function updateTag(db: Db, corpId: string, id: string, patch: TagPatch): void {
  if (Object.keys(patch).length) db.update(tags).set(patch).where(and(eq(tags.corpId, corpId), eq(tags.id, id))).run()
}

/** Deletes a tag and takes it off every relation, desired and WeCom-confirmed alike (as WeCom does). */
export function deleteTagRow(db: Db, corpId: string, id: string): void {
  db.delete(tags).where(and(eq(tags.corpId, corpId), eq(tags.id, id))).run()
  db.delete(relationTags).where(and(eq(relationTags.corpId, corpId), eq(relationTags.tagId, id))).run()
  db.delete(wecomRelationTags).where(and(eq(wecomRelationTags.corpId, corpId), eq(wecomRelationTags.tagId, id))).run()
}

export function deleteGroupRow(db: Db, corpId: string, id: string): void {
  db.delete(tagGroups).where(and(eq(tagGroups.corpId, corpId), eq(tagGroups.id, id))).run()
}

/**
 * Makes the pending mark_tag items of the relations carrying `tagId` due now: they were
 * waiting for WeCom to create the tag (local ids are never sent), and now it has.
 */
export function markTagItemsDueNow(db: Db, corpId: string, tagId: string, now: number): void {
  const keys = db
    .select({ externalUserid: relationTags.externalUserid, userid: relationTags.userid })
    .from(relationTags)
    .where(and(eq(relationTags.corpId, corpId), eq(relationTags.tagId, tagId)))
    .all()
    .map((r) => relationOutboxKey(r.externalUserid, r.userid))
  if (!keys.length) return
  db.update(outbox)
    .set({ nextAttemptAt: now })
    .where(and(eq(outbox.corpId, corpId), eq(outbox.kind, 'mark_tag'), eq(outbox.status, 'pending'), inArray(outbox.key, keys)))
    .run()
}

/** Drops the group's create_tags item (nothing left to create, or the group is gone). */
export function dropCreateItem(db: Db, corpId: string, groupId: string): void {
  db.delete(outbox).where(and(eq(outbox.corpId, corpId), eq(outbox.kind, 'create_tags'), eq(outbox.key, groupId))).run()
}

/** True when the group still holds tags with local ids (not created in WeCom yet). */
export function hasLocalTags(db: Db, corpId: string, groupId: string): boolean {
  const row = db
    .select({ id: tags.id })
    .from(tags)
    .where(and(eq(tags.corpId, corpId), eq(tags.groupId, groupId), isLocal(tags.id)))
    .limit(1)
    .get()
  return row !== undefined
}

/**
 * Replaces a local group id by WeCom's everywhere it is stored. A row already stored under
 * WeCom's id (a sync that read WeCom's list while the create was on its way) gives way to the
 * local one, which carries what the admin chose (colour, 互斥, description).
 */
export function replaceGroupId(db: Db, corpId: string, from: string, to: string): void {
  deleteGroupRow(db, corpId, to)
  db.update(tagGroups).set({ id: to }).where(and(eq(tagGroups.corpId, corpId), eq(tagGroups.id, from))).run()
  db.update(tags).set({ groupId: to }).where(and(eq(tags.corpId, corpId), eq(tags.groupId, from))).run()
  renameInOutbox(db, corpId, from, to)
}

/**
 * Replaces a local tag id by WeCom's everywhere: the tag, relations (both sets), history,
 * outbox. As for groups, a row already stored under WeCom's id gives way to the local one; a
 * relation that somehow has both keeps one.
 */
export function replaceTagId(db: Db, corpId: string, from: string, to: string): void {
  db.delete(tags).where(and(eq(tags.corpId, corpId), eq(tags.id, to))).run()
  db.update(tags).set({ id: to }).where(and(eq(tags.corpId, corpId), eq(tags.id, from))).run()
  for (const table of [relationTags, wecomRelationTags]) {
    db.run(sql`update or ignore ${table} set ${sql.identifier('tag_id')} = ${to} where ${table.corpId} = ${corpId} and ${table.tagId} = ${from}`)
    db.delete(table).where(and(eq(table.corpId, corpId), eq(table.tagId, from))).run()
  }
  db.update(tagEvents).set({ tagId: to }).where(and(eq(tagEvents.corpId, corpId), eq(tagEvents.tagId, from))).run()
  renameInOutbox(db, corpId, from, to)
  renameInOpenJobs(db, corpId, from, to)
}

/**
 * Outbox items keyed by a local id (create_tags, edit_tag) take the WeCom id; an item already
 * open under the new key covers the same state, so the old one goes. Payloads naming the id
 * are rewritten (local ids are random, so a text replace cannot hit anything else).
 */
function renameInOutbox(db: Db, corpId: string, from: string, to: string): void {
  for (const kind of ['create_tags', 'edit_tag'] as const) {
    const byKey = (key: string) => and(eq(outbox.corpId, corpId), eq(outbox.kind, kind), eq(outbox.key, key))
    const taken = db.select({ id: outbox.id }).from(outbox).where(byKey(to)).get()
    if (taken) db.delete(outbox).where(byKey(from)).run()
    else db.update(outbox).set({ key: to }).where(byKey(from)).run()
  }
  db.update(outbox)
    .set({ payload: sql`replace(${outbox.payload}, ${from}, ${to})` })
    .where(and(eq(outbox.corpId, corpId), sql`instr(${outbox.payload}, ${from}) > 0`))
    .run()
}

/**
 * Open jobs (queued, running) whose input names the local id take WeCom's: a batch started
 * with a tag made a moment ago runs its remaining customers after the id is gone. Rewritten
 * here, in the replacement's transaction, rather than resolved through an alias later: the
 * input is read in the chunk's own transaction, so every chunk sees one id or the other,
 * and nothing has to remember old ids. Finished jobs keep the id they ran with.
 */
function renameInOpenJobs(db: Db, corpId: string, from: string, to: string): void {
  db.update(jobs)
    .set({ input: sql`replace(${jobs.input}, ${from}, ${to})` })
    .where(and(eq(jobs.corpId, corpId), inArray(jobs.status, ['queued', 'running']), sql`instr(${jobs.input}, ${from}) > 0`))
    .run()
}

export function setGroupOrigin(db: Db, corpId: string, id: string, origin: TagOrigin): void {
  updateGroup(db, corpId, id, { origin })
}

export function setTagOrigin(db: Db, corpId: string, id: string, origin: TagOrigin): void {
  updateTag(db, corpId, id, { origin })
}

/** Ids of groups and tags whose origin is not found out yet (WeCom ids only). */
export function unknownOriginIds(db: Db, corpId: string): { groups: Set<string>; tags: Set<string> } {
  const notLocal = (col: SQLWrapper) => sql`not (${isLocal(col)})`
  const groups = db
    .select({ id: tagGroups.id })
    .from(tagGroups)
    .where(and(eq(tagGroups.corpId, corpId), eq(tagGroups.origin, 'unknown'), notLocal(tagGroups.id)))
    .all()
  const tagRows = db
    .select({ id: tags.id })
    .from(tags)
    .where(and(eq(tags.corpId, corpId), eq(tags.origin, 'unknown'), notLocal(tags.id)))
    .all()
  return { groups: new Set(groups.map((g) => g.id)), tags: new Set(tagRows.map((t) => t.id)) }
}

/**
 * Puts back a group WeCom still has (after it refused a delete), with its live tags; rows Kelan
 * still has keep their local fields.
 */
export function restoreGroup(
  db: Db,
  corpId: string,
  group: Pick<GroupRecord, 'id' | 'name' | 'order' | 'createTime'> & { origin: TagOrigin },
): void {
  db.insert(tagGroups)
    .values({ corpId, ...group })
    .onConflictDoUpdate({
      target: [tagGroups.corpId, tagGroups.id],
      set: { name: group.name, order: group.order, origin: group.origin },
    })
    .run()
}

/** Puts back (or corrects) a tag from WeCom's answer; its local fields are kept if it is still there. */
export function restoreTag(
  db: Db,
  corpId: string,
  tag: Pick<TagRecord, 'id' | 'groupId' | 'name' | 'order' | 'createTime'> & { origin?: TagOrigin },
): void {
  const set = { name: tag.name, order: tag.order, groupId: tag.groupId, ...(tag.origin ? { origin: tag.origin } : {}) }
  db.insert(tags).values({ corpId, ...tag }).onConflictDoUpdate({ target: [tags.corpId, tags.id], set }).run()
}
