import { and, desc, eq, getTableColumns, inArray, notInArray, sql, type SQL } from 'drizzle-orm'
import type { SQLiteInsertValue, SQLiteTable, SQLiteUpdateSetSource } from 'drizzle-orm/sqlite-core'
import type { SyncCounts, SyncRun } from '@kelan/shared'
import { IMMEDIATE, type Db } from '../../db/client'
import {
  customers,
  departments,
  followRelations,
  outbox,
  relationTags,
  staff,
  staffDepartments,
  syncRuns,
  tagGroups,
  tags,
  wecomRelationTags,
} from '../../db/schema'
import { recordTagEvents, loadTagMeta } from '../tags/tags.repo'
import { relationOutboxKey, tagDiff, type TagDiff } from '../tags/tags.domain'
import { isLocalId as isLocalTagId } from '../tags/tags.domain'
import { reopenFailedItems } from '../outbox/outbox.repo'
import { libraryCommits } from '../tag-library/tag-library.commits'
import { dropCreateItem, pendingDeleteIds, pendingEditIds } from '../tag-library/tag-library.repo'
import { isStaleRun, mergeWecomTags, type EndedStatus, type Membership } from './sync.domain'
import { recordRemarkChange } from '../timeline/timeline.repo'
import { recordRelationEnded, recordRelationSeen } from '../timeline/relation-events.repo'

export type DepartmentRow = typeof departments.$inferSelect
export type StaffRow = typeof staff.$inferSelect
export type TagGroupRow = typeof tagGroups.$inferSelect
export type TagRow = typeof tags.$inferSelect
export type CustomerRow = typeof customers.$inferSelect
export type RelationRow = typeof followRelations.$inferSelect
/** A relation as WeCom reports it, with the ids of its tags. */
export type RelationWithTags = RelationRow & { tagIds: string[] }
export type SyncRunRow = typeof syncRuns.$inferSelect

// ---------------------------------------------------------------------------------------
// Upserts that write only when something changed.
//
// Every upsert below is `insert … on conflict do update set <cols> = excluded.<cols>
// where <some col> is not excluded.<col>`: a row whose content did not change is not
// written at all, so `updated_at` moves only with content and a second full sync is a
// no-op on disk (and in the WAL).
//
// Tables with `updated_at` store there the time of the WeCom read the content came from,
// and an upsert never replaces a row read later than itself: a full sync runs for minutes
// while the callback worker keeps writing, and a customer the sync read at minute 1 must
// not overwrite what the worker read and wrote at minute 3.

const excluded = (name: string) => sql.raw(`excluded."${name}"`)

function changedOnly<T extends SQLiteTable>(
  table: T,
  compared: (keyof T['$inferInsert'] & string)[],
  stamp?: keyof T['$inferInsert'] & string,
): { set: SQLiteUpdateSetSource<T>; setWhere: SQL } {
  const columns = getTableColumns(table) as Record<string, { name: string }>
  const col = (key: string) => {
    const c = columns[key]
    if (!c) throw new Error(`unknown column ${key}`)
    return c
  }
  const keys = stamp ? [...compared, stamp] : compared
  const set = Object.fromEntries(keys.map((k) => [k, excluded(col(k).name)]))
  const changed = sql.join(
    compared.map((k) => sql`${col(k)} is not ${excluded(col(k).name)}`),
    sql` or `,
  )
  const setWhere = stamp ? sql`(${changed}) and ${col(stamp)} <= ${excluded(col(stamp).name)}` : changed
  return { set: set as SQLiteUpdateSetSource<T>, setWhere }
}

/** `values()` of named placeholders, one per column, for prepared inserts. */
function placeholders<T extends SQLiteTable>(table: T): SQLiteInsertValue<T> {
  const keys = Object.keys(getTableColumns(table))
  return Object.fromEntries(keys.map((k) => [k, sql.placeholder(k)])) as SQLiteInsertValue<T>
}

// ---------------------------------------------------------------------------------------
// Sync runs

/** Maps a stored run to the API shape. */
export function toSyncRun(row: SyncRunRow): SyncRun {
  const c = row.counts
  const counts: SyncCounts | null = c
    ? {
        departments: c.departments ?? 0,
        staff: c.staff ?? 0,
        tagGroups: c.tagGroups ?? 0,
        tags: c.tags ?? 0,
        customers: c.customers ?? 0,
        relations: c.relations ?? 0,
        // Runs stored before the field existed have none; they are not reported as 0.
        ...(c.unlicensedStaff === undefined ? {} : { unlicensedStaff: c.unlicensedStaff }),
      }
    : null
  return { id: row.id, status: row.status, startedAt: row.startedAt, finishedAt: row.finishedAt, counts, error: row.error }
}

/**
 * Starts a run unless one is already running for the corp. Runs in an IMMEDIATE
 * transaction so two requests cannot both see "none running". A 'running' row left by a
 * crashed process is closed as failed once it is stale.
 *
 * @returns the new run, or `{ busy }` with the run in progress
 */
export function claimSyncRun(db: Db, corpId: string, now: number): { run: SyncRunRow } | { busy: SyncRunRow } {
  return db.transaction(
    () => {
      const running = db
        .select()
        .from(syncRuns)
        .where(and(eq(syncRuns.corpId, corpId), eq(syncRuns.status, 'running')))
        .all()
      for (const r of running) {
        if (!isStaleRun(r.startedAt, now)) return { busy: r }
        db.update(syncRuns)
          .set({ status: 'failed', finishedAt: now, error: '同步中断（进程已退出）' })
          .where(eq(syncRuns.id, r.id))
          .run()
      }
      const run = db.insert(syncRuns).values({ corpId, status: 'running', startedAt: now }).returning().get()
      return { run }
    },
    IMMEDIATE,
  )
}

export function finishSyncRun(
  db: Db,
  id: number,
  result: { status: 'done' | 'failed'; finishedAt: number; counts?: SyncCounts; error?: string },
): SyncRunRow {
  const row = db
    .update(syncRuns)
    .set({ status: result.status, finishedAt: result.finishedAt, counts: result.counts ?? null, error: result.error ?? null })
    .where(eq(syncRuns.id, id))
    .returning()
    .get()
  if (!row) throw new Error(`sync run ${id} vanished`)
  return row
}

export function findLastSyncRun(db: Db, corpId: string): SyncRunRow | undefined {
  return db.select().from(syncRuns).where(eq(syncRuns.corpId, corpId)).orderBy(desc(syncRuns.id)).limit(1).get()
}

/** True once a full sync has finished successfully for the corp. */
export function hasCompletedSync(db: Db, corpId: string): boolean {
  const row = db
    .select({ id: syncRuns.id })
    .from(syncRuns)
    .where(and(eq(syncRuns.corpId, corpId), eq(syncRuns.status, 'done')))
    .limit(1)
    .get()
  return row !== undefined
}

// ---------------------------------------------------------------------------------------
// Organisation

const DEPARTMENT_UPSERT = changedOnly(departments, ['name', 'parentId', 'order'])

/** Makes the corp's departments exactly `rows`: changed ones updated, missing ones removed. */
export function replaceDepartments(db: Db, corpId: string, rows: DepartmentRow[]): void {
  db.transaction(() => {
    for (const row of rows) {
      const target = [departments.corpId, departments.id]
      db.insert(departments).values(row).onConflictDoUpdate({ target, ...DEPARTMENT_UPSERT }).run()
    }
    const keep = new Set(rows.map((r) => r.id))
    const gone = db
      .select({ id: departments.id })
      .from(departments)
      .where(eq(departments.corpId, corpId))
      .all()
      .filter((d) => !keep.has(d.id))
      .map((d) => d.id)
    if (gone.length) db.delete(departments).where(and(eq(departments.corpId, corpId), inArray(departments.id, gone))).run()
  })
}

export interface StaffWithMemberships {
  row: StaffRow
  memberships: Membership[]
}

const STAFF_UPSERT = changedOnly(staff, ['name', 'avatar', 'position', 'mainDepartment', 'status', 'role'], 'updatedAt')
const MEMBERSHIP_UPSERT = changedOnly(staffDepartments, ['isLeader'])

/** Writes one member and makes their department memberships exactly `memberships`. */
function writeMember(db: Db, corpId: string, member: StaffWithMemberships): void {
  db.insert(staff).values(member.row).onConflictDoUpdate({ target: [staff.corpId, staff.userid], ...STAFF_UPSERT }).run()
  const { userid } = member.row
  for (const m of member.memberships) {
    db.insert(staffDepartments)
      .values({ corpId, userid, departmentId: m.departmentId, isLeader: m.isLeader })
      .onConflictDoUpdate({
        target: [staffDepartments.corpId, staffDepartments.userid, staffDepartments.departmentId],
        ...MEMBERSHIP_UPSERT,
      })
      .run()
  }
  const keep = member.memberships.map((m) => m.departmentId)
  db.delete(staffDepartments)
    .where(
      and(
        eq(staffDepartments.corpId, corpId),
        eq(staffDepartments.userid, userid),
        keep.length ? notInArray(staffDepartments.departmentId, keep) : undefined,
      ),
    )
    .run()
}

/**
 * Makes the corp's members exactly `members`. Members WeCom no longer lists are kept (their
 * customers' history names them) but marked left (status 5) and taken out of departments,
 * so they fall out of every manager's scope.
 */
export function replaceStaff(db: Db, corpId: string, members: StaffWithMemberships[], now: number): void {
  db.transaction(() => {
    for (const member of members) writeMember(db, corpId, member)
    const keep = new Set(members.map((m) => m.row.userid))
    const gone = db
      .select({ userid: staff.userid, status: staff.status })
      .from(staff)
      .where(eq(staff.corpId, corpId))
      .all()
      .filter((s) => !keep.has(s.userid))
    for (const s of gone) markMemberLeft(db, corpId, s.userid, now)
  })
}

/** Writes one member fetched on its own (user/get). */
export function upsertMember(db: Db, corpId: string, member: StaffWithMemberships): void {
  db.transaction(() => writeMember(db, corpId, member))
}

/** Marks a member as left (status 5) and removes their memberships; a no-op when already so. */
export function markMemberLeft(db: Db, corpId: string, userid: string, now: number): void {
  db.transaction(() => {
    db.update(staff)
      .set({ status: 5, updatedAt: now })
      .where(and(eq(staff.corpId, corpId), eq(staff.userid, userid), sql`${staff.status} <> 5`))
      .run()
    db.delete(staffDepartments).where(and(eq(staffDepartments.corpId, corpId), eq(staffDepartments.userid, userid))).run()
  })
}

// ---------------------------------------------------------------------------------------
// Corp tags

const GROUP_UPSERT = changedOnly(tagGroups, ['name', 'order', 'createTime'])
const TAG_UPSERT = changedOnly(tags, ['groupId', 'name', 'order', 'createTime'])

/** A tag group as WeCom reports it: WeCom's fields only (Kelan's own are never overwritten). */
export type WecomGroupRow = Pick<TagGroupRow, 'corpId' | 'id' | 'name' | 'order' | 'createTime'>
/** A tag as WeCom reports it. */
export type WecomTagRow = Pick<TagRow, 'corpId' | 'id' | 'groupId' | 'name' | 'order' | 'createTime'>

/** A tag list as WeCom reported it. */
export interface WecomTagList {
  groups: WecomGroupRow[]
  tags: WecomTagRow[]
}

/**
 * Makes the corp's tag groups and tags match WeCom's list, without undoing what Kelan has on
 * its way to WeCom:
 * - WeCom's fields (name, order, create_time) are written; Kelan's own (colour, 互斥,
 *   description, origin) are kept, and new rows get the defaults (origin 'unknown').
 * - A group or tag with a pending edit_tag item keeps its local name and order (the item
 *   pushes them); one with a pending delete_tags item is not brought back.
 * - Local-id groups and tags (not created in WeCom yet) stay, unless their group is gone.
 * - Nothing is written when a library outbox handler committed since the list was read
 *   (`listFrom`, see tag-library.commits): the list may predate what it pushed.
 * Tags removed in WeCom are taken off every relation, desired and confirmed sets alike (WeCom
 * does the same); tag ids Kelan never listed (e.g. strategy tags) are left on relations.
 *
 * @param at.listFrom `libraryCommits(db)` taken before the list was read
 * @returns false when nothing was written (read the list again)
 */
export function replaceCorpTags(db: Db, corpId: string, list: WecomTagList, at: { now: number; listFrom: number }): boolean {
  return db.transaction(() => {
    if (libraryCommits(db) !== at.listFrom) return false
    upsertCorpTags(db, corpId, list)
    const keepGroups = dropGoneGroups(db, corpId, list.groups)
    dropGoneTags(db, corpId, { keepGroups, keepTags: new Set(list.tags.map((t) => t.id)), now: at.now })
    return true
  }, IMMEDIATE)
}

/** Writes WeCom's groups and tags, except what Kelan is editing or deleting (see replaceCorpTags). */
function upsertCorpTags(db: Db, corpId: string, list: WecomTagList): void {
  const editing = pendingEditIds(db, corpId)
  const deleting = pendingDeleteIds(db, corpId)
  for (const g of list.groups.filter((g) => !deleting.has(g.id))) {
    const insert = db.insert(tagGroups).values(g)
    if (editing.has(g.id)) insert.onConflictDoNothing().run()
    else insert.onConflictDoUpdate({ target: [tagGroups.corpId, tagGroups.id], ...GROUP_UPSERT }).run()
  }
  for (const t of list.tags.filter((t) => !deleting.has(t.id) && !deleting.has(t.groupId))) {
    const insert = db.insert(tags).values(t)
    if (editing.has(t.id)) insert.onConflictDoNothing().run()
    else insert.onConflictDoUpdate({ target: [tags.corpId, tags.id], ...TAG_UPSERT }).run()
  }
}

/** Deletes the groups WeCom no longer lists (local ones stay). @returns the ids of the groups kept */
function dropGoneGroups(db: Db, corpId: string, groups: WecomGroupRow[]): Set<string> {
  const stored = db.select({ id: tagGroups.id }).from(tagGroups).where(eq(tagGroups.corpId, corpId)).all()
  const keep = new Set([...groups.map((g) => g.id), ...stored.map((g) => g.id).filter(isLocalTagId)])
  for (const { id } of stored.filter((g) => !keep.has(g.id))) {
    db.delete(tagGroups).where(and(eq(tagGroups.corpId, corpId), eq(tagGroups.id, id))).run()
    dropCreateItem(db, corpId, id)
  }
  return keep
}

/**
 * Deletes the tags WeCom no longer lists (local ones of a kept group stay) and takes them off
 * every relation. A mark_tag item of such a relation that failed, most likely on that very
 * tag (40068: WeCom deleted it before the push), is opened again: without the tag it may
 * have nothing left to push, or only what WeCom accepts.
 */
function dropGoneTags(db: Db, corpId: string, at: { keepGroups: Set<string>; keepTags: Set<string>; now: number }): void {
  const stored = db.select({ id: tags.id, groupId: tags.groupId }).from(tags).where(eq(tags.corpId, corpId)).all()
  const gone = stored
    .filter((t) => !at.keepTags.has(t.id) && !(isLocalTagId(t.id) && at.keepGroups.has(t.groupId)))
    .map((t) => t.id)
  if (!gone.length) return
  reopenFailedItems(db, corpId, 'mark_tag', relationsCarrying(db, corpId, gone), at.now)
  for (const id of gone) {
    db.delete(tags).where(and(eq(tags.corpId, corpId), eq(tags.id, id))).run()
    db.delete(relationTags).where(and(eq(relationTags.corpId, corpId), eq(relationTags.tagId, id))).run()
    db.delete(wecomRelationTags).where(and(eq(wecomRelationTags.corpId, corpId), eq(wecomRelationTags.tagId, id))).run()
  }
}

/** Outbox keys of the relations that carry any of `tagIds`, desired or confirmed. */
function relationsCarrying(db: Db, corpId: string, tagIds: string[]): string[] {
  const ids = JSON.stringify(tagIds)
  const rows = db.all<{ externalUserid: string; userid: string }>(sql`
    select external_userid as externalUserid, userid from relation_tags
    where corp_id = ${corpId} and tag_id in (select value from json_each(${ids}))
    union
    select external_userid, userid from wecom_relation_tags
    where corp_id = ${corpId} and tag_id in (select value from json_each(${ids}))`)
  return rows.map((r) => relationOutboxKey(r.externalUserid, r.userid))
}

// ---------------------------------------------------------------------------------------
// Customers and relations: the large tables, written through prepared statements.

/** Prepared statements for customers and relations, built once per database. */
function prepareCustomerWriter(db: Db) {
  const p = sql.placeholder
  const key = {
    corpId: p('corpId'),
    externalUserid: p('externalUserid'),
    userid: p('userid'),
  }
  const relationTagsKey = and(
    eq(relationTags.corpId, key.corpId),
    eq(relationTags.externalUserid, key.externalUserid),
    eq(relationTags.userid, key.userid),
  )
  const remoteTagsKey = and(
    eq(wecomRelationTags.corpId, key.corpId),
    eq(wecomRelationTags.externalUserid, key.externalUserid),
    eq(wecomRelationTags.userid, key.userid),
  )
  const relationKey = and(
    eq(followRelations.corpId, key.corpId),
    eq(followRelations.externalUserid, key.externalUserid),
    eq(followRelations.userid, key.userid),
  )
  return {
    customer: db
      .insert(customers)
      .values(placeholders(customers))
      .onConflictDoUpdate({
        target: [customers.corpId, customers.externalUserid],
        ...changedOnly(
          customers,
          ['name', 'avatar', 'type', 'gender', 'unionid', 'position', 'corpName', 'corpFullName'],
          'updatedAt',
        ),
      })
      .prepare(),
    relation: db
      .insert(followRelations)
      .values(placeholders(followRelations))
      .onConflictDoUpdate({
        target: [followRelations.corpId, followRelations.externalUserid, followRelations.userid],
        ...changedOnly(
          followRelations,
          [
            'remark',
            'description',
            'createtime',
            'addWay',
            'state',
            'operUserid',
            'remarkCorpName',
            'remarkMobiles',
            'status',
            'endedAt',
          ],
          'updatedAt',
        ),
      })
      .prepare(),
    /** The relation's tags as Kelan wants them, and as WeCom last confirmed them. */
    desiredTags: db.select({ tagId: relationTags.tagId }).from(relationTags).where(relationTagsKey).prepare(),
    remoteTags: db.select({ tagId: wecomRelationTags.tagId }).from(wecomRelationTags).where(remoteTagsKey).prepare(),
    /** Makes the confirmed tags exactly the JSON array `tagIds` (with `addRemoteTag`). */
    dropOtherRemoteTags: db
      .delete(wecomRelationTags)
      .where(and(remoteTagsKey, sql`${wecomRelationTags.tagId} not in (select value from json_each(${p('tagIds')}))`))
      .prepare(),
    addRemoteTag: db
      .insert(wecomRelationTags)
      .values({ ...key, tagId: p('tagId') })
      .onConflictDoNothing()
      .prepare(),
    removeTag: db
      .delete(relationTags)
      .where(and(relationTagsKey, eq(relationTags.tagId, p('tagId'))))
      .prepare(),
    dropAllTags: db.delete(relationTags).where(relationTagsKey).prepare(),
    dropAllRemoteTags: db.delete(wecomRelationTags).where(remoteTagsKey).prepare(),
    dropMarkTagItem: db
      .delete(outbox)
      .where(and(eq(outbox.corpId, key.corpId), eq(outbox.kind, 'mark_tag'), eq(outbox.key, p('outboxKey'))))
      .prepare(),
    /** The stored relation (remark, and what its history needs); undefined for one not seen before. */
    stored: db
      .select({
        corpId: followRelations.corpId,
        externalUserid: followRelations.externalUserid,
        userid: followRelations.userid,
        remark: followRelations.remark,
        createtime: followRelations.createtime,
        addWay: followRelations.addWay,
        state: followRelations.state,
        status: followRelations.status,
        endedAt: followRelations.endedAt,
      })
      .from(followRelations)
      .where(relationKey)
      .prepare(),
    /** The relation as stored was written from a WeCom read later than `readAt`. */
    readLater: db
      .select({ one: sql`1` })
      .from(followRelations)
      .where(and(relationKey, sql`${followRelations.updatedAt} > ${p('readAt')}`))
      .prepare(),
    /** Moves `updated_at` up to `readAt`, for a change (of tags) the upsert did not see. */
    touch: db
      .update(followRelations)
      .set({ updatedAt: sql`${p('readAt')}` })
      .where(and(relationKey, sql`${followRelations.updatedAt} < ${p('readAt')}`))
      .prepare(),
    /** A tag WeCom reported that Kelan did not have. */
    addTag: db
      .insert(relationTags)
      .values({ ...key, tagId: p('tagId'), source: 'wecom', addedBy: '', addedAt: sql`${p('readAt')}` })
      .onConflictDoNothing()
      .prepare(),
    end: db
      .update(followRelations)
      .set({ status: sql`${p('status')}`, endedAt: sql`${p('now')}`, updatedAt: sql`${p('now')}` })
      .where(
        and(
          relationKey,
          eq(followRelations.status, 'active'),
          sql`${followRelations.updatedAt} <= ${p('readAt')}`,
        ),
      )
      .prepare(),
  }
}

type CustomerWriter = ReturnType<typeof prepareCustomerWriter>
const writers = new WeakMap<Db, CustomerWriter>()

function writerFor(db: Db): CustomerWriter {
  let w = writers.get(db)
  if (!w) writers.set(db, (w = prepareCustomerWriter(db)))
  return w
}

/**
 * Writes customers and relations in one transaction. Callers keep batches small (hundreds of
 * rows) so the write lock and the event loop are released between batches.
 *
 * A relation's tags are part of its content: a relation stored from a later WeCom read is
 * left whole, tags included (a full sync writing a batch read minutes ago must not undo
 * what the callback worker wrote since, nor put tags back on a relation it ended), and a
 * change of tags alone moves `updated_at` like any other change.
 *
 * WeCom's tags become the relation's confirmed tags; the tags Kelan shows are those plus
 * the local changes still on their way to WeCom (see {@link mergeWecomTags}). Tag changes
 * WeCom reports on a relation Kelan already had are recorded in the history with source
 * 'wecom'; with `historyForNew`, also the tags of a relation seen for the first time (a
 * customer added since the full sync), which a first full sync leaves out.
 *
 * The timeline's relation history follows the same rule (timeline/relation-events.repo.ts):
 * an add is recorded for a relation seen for the first time only with `historyForNew`, and
 * for one active again after it ended (or re-added with a new createtime) always; a full
 * sync's new relations are read from follow_relations by the timeline instead.
 */
export function writeCustomerBatch(
  db: Db,
  batch: { customers: CustomerRow[]; relations: RelationWithTags[] },
  options: { historyForNew?: boolean } = {},
): void {
  const w = writerFor(db)
  db.transaction(() => {
    for (const c of batch.customers) w.customer.run(c)
    for (const { tagIds, ...r } of batch.relations) {
      const key = { corpId: r.corpId, externalUserid: r.externalUserid, userid: r.userid }
      if (w.readLater.get({ ...key, readAt: r.updatedAt })) continue
      const before = w.stored.get(key)
      const known = before !== undefined
      w.relation.run(r)
      if (before) recordRemarkChange(db, { ...key, from: before.remark, to: r.remark, operator: '', at: r.updatedAt })
      recordRelationSeen(db, before, r, options)
      const desired = w.desiredTags.all(key).map((t) => t.tagId)
      const remote = w.remoteTags.all(key).map((t) => t.tagId)
      let changed = w.dropOtherRemoteTags.run({ ...key, tagIds: JSON.stringify(tagIds) }).changes
      for (const tagId of tagIds) changed += w.addRemoteTag.run({ ...key, tagId }).changes
      const diff = tagDiff(desired, mergeWecomTags({ desired, remote, wecom: tagIds }))
      for (const tagId of diff.add) w.addTag.run({ ...key, tagId, readAt: r.updatedAt })
      for (const tagId of diff.remove) w.removeTag.run({ ...key, tagId })
      if (diff.add.length || diff.remove.length) {
        changed++
        if (known || options.historyForNew) recordWecomTagChange(db, r, diff)
      }
      if (changed) w.touch.run({ ...key, readAt: r.updatedAt })
    }
  }, IMMEDIATE)
}

/** History rows for tags changed in WeCom itself. */
function recordWecomTagChange(db: Db, r: RelationRow, diff: TagDiff): void {
  const meta = loadTagMeta(db, r.corpId, [...diff.add, ...diff.remove])
  const ctx = { corpId: r.corpId, operator: '', source: 'wecom' as const, now: r.updatedAt }
  recordTagEvents(db, ctx, { externalUserid: r.externalUserid, userid: r.userid }, diff, meta)
}

export interface RelationKey {
  externalUserid: string
  userid: string
}

/**
 * Ends active relations (status, ended_at) and removes their tags, as WeCom does when a
 * relation is deleted. The rows stay so timelines can still name the former follower; each
 * end is recorded for the timeline (relation_ended).
 * A relation written from a WeCom read later than `readAt` is left alone: that read saw it
 * alive after ours saw it gone.
 */
export function endRelations(
  db: Db,
  corpId: string,
  ended: (RelationKey & { status: EndedStatus })[],
  at: { now: number; readAt: number },
): number {
  const w = writerFor(db)
  let changed = 0
  db.transaction(() => {
    for (const r of ended) {
      const key = { corpId, externalUserid: r.externalUserid, userid: r.userid }
      const res = w.end.run({ ...key, status: r.status, ...at })
      if (res.changes) {
        const row = w.stored.get(key)
        if (row) recordRelationEnded(db, row)
        // WeCom drops the tags of a deleted relation; nothing is left to push to it either.
        w.dropAllTags.run(key)
        w.dropAllRemoteTags.run(key)
        w.dropMarkTagItem.run({ corpId, outboxKey: relationOutboxKey(r.externalUserid, r.userid) })
      }
      changed += res.changes
    }
  }, IMMEDIATE)
  return changed
}

/** The corp's active relations (keys only). */
export function listActiveRelations(db: Db, corpId: string): RelationKey[] {
  return db
    .select({ externalUserid: followRelations.externalUserid, userid: followRelations.userid })
    .from(followRelations)
    .where(and(eq(followRelations.corpId, corpId), eq(followRelations.status, 'active')))
    .all()
}

/** The customer's active relations, by follower. */
export function listActiveFollowers(db: Db, corpId: string, externalUserid: string): string[] {
  return db
    .select({ userid: followRelations.userid })
    .from(followRelations)
    .where(
      and(
        eq(followRelations.corpId, corpId),
        eq(followRelations.externalUserid, externalUserid),
        eq(followRelations.status, 'active'),
      ),
    )
    .all()
    .map((r) => r.userid)
}
