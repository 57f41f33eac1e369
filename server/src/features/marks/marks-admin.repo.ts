/**
 * Storage of the special-mark list's admin side: the list and picker queries, mark rows
 * written by create / edit / remove, the history page, the mark-tag setting and the
 * 客户标记管理 grants. Enforcement's reads and writes are the marks core's (marks.repo).
 */
import { and, count, desc, eq, inArray, lt, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import type { MarkCandidateQuery, MarkListQuery } from '@kelan/shared'
import type { Db } from '../../db/client'
import { customers, followRelations, markEvents, marks, relationTags, settings, staff, staffGrants, tagGroups, tags } from '../../db/schema'
import { containsPattern } from '../customers/customers.domain'
import type { KnownCustomer, MarkListRow } from './marks-admin.domain'
import { MARK_TAGS_SETTING, type MarkRow } from './marks.repo'

/** A LIKE pattern for "starts with `q`", the user's wildcards taken literally. */
const prefixPattern = (q: string) => `${q.replace(/[%_\\]/g, (m) => `\\${m}`)}%`
const likeEscaped = (column: SQLWrapper, pattern: string) => sql`${column} like ${pattern} escape '\\'`

const marker = alias(staff, 'marker')
const remover = alias(staff, 'remover')

/** The customer's name when Kelan knows it (and it is not empty), else the mark's copy. */
const nameExpr = sql<string>`coalesce(nullif(${customers.name}, ''), ${marks.name})`
const avatarExpr = sql<string>`coalesce(nullif(${customers.avatar}, ''), ${marks.avatar})`

const listColumns = {
  id: marks.id,
  externalUserid: marks.externalUserid,
  unionid: marks.unionid,
  name: nameExpr,
  avatar: avatarExpr,
  tagId: marks.tagId,
  /** The tag's name now; the name the mark keeps when the library lost the tag. */
  tagName: sql<string | null>`coalesce(${tags.name}, nullif(${marks.tagName}, ''))`,
  tagMissing: sql<boolean>`${tags.id} is null`.mapWith(Boolean),
  groupName: tagGroups.name,
  markName: marks.name,
  markTagName: marks.tagName,
  remark: marks.remark,
  reason: marks.reason,
  source: marks.source,
  status: marks.status,
  markedBy: marks.markedBy,
  markedByName: marker.name,
  markedAt: marks.markedAt,
  removedBy: marks.removedBy,
  removedByName: remover.name,
  removedAt: marks.removedAt,
  activeRelations: sql<number>`(select count(*) from ${followRelations} fr where fr.corp_id = ${marks.corpId}
    and fr.external_userid = ${marks.externalUserid} and ${marks.externalUserid} <> '' and fr.status = 'active')`,
  followerCount: sql<number>`(select count(*) from ${followRelations} fr join ${relationTags} rt on rt.corp_id = fr.corp_id
    and rt.external_userid = fr.external_userid and rt.userid = fr.userid and rt.tag_id = ${marks.tagId}
    where fr.corp_id = ${marks.corpId} and fr.external_userid = ${marks.externalUserid} and ${marks.externalUserid} <> '' and fr.status = 'active')`,
}

/** Marks joined with their customer, tag, group and staff names; `where` picks them. */
function markListSelect(db: Db, where: SQL | undefined) {
  return db
    .select(listColumns)
    .from(marks)
    .leftJoin(customers, and(eq(customers.corpId, marks.corpId), eq(customers.externalUserid, marks.externalUserid)))
    .leftJoin(tags, and(eq(tags.corpId, marks.corpId), eq(tags.id, marks.tagId)))
    .leftJoin(tagGroups, and(eq(tagGroups.corpId, tags.corpId), eq(tagGroups.id, tags.groupId)))
    .leftJoin(marker, and(eq(marker.corpId, marks.corpId), eq(marker.userid, marks.markedBy)))
    .leftJoin(remover, and(eq(remover.corpId, marks.corpId), eq(remover.userid, marks.removedBy)))
    .where(where)
}

function listConditions(corpId: string, q: MarkListQuery): SQL | undefined {
  const conditions: (SQL | undefined)[] = [eq(marks.corpId, corpId), eq(marks.status, q.status)]
  if (q.name) conditions.push(likeEscaped(nameExpr, containsPattern(q.name)))
  if (q.unionid) conditions.push(likeEscaped(marks.unionid, prefixPattern(q.unionid)))
  if (q.externalUserId) conditions.push(likeEscaped(marks.externalUserid, prefixPattern(q.externalUserId)))
  if (q.tagId) conditions.push(eq(marks.tagId, q.tagId))
  if (q.source) conditions.push(eq(marks.source, q.source))
  return and(...conditions)
}

/** A page of the list, newest first, and how many marks match. */
export function listMarks(db: Db, corpId: string, q: MarkListQuery): { rows: MarkListRow[]; total: number } {
  const where = listConditions(corpId, q)
  const rows = markListSelect(db, where)
    .orderBy(desc(marks.markedAt), desc(marks.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .all()
  const total =
    db
      .select({ n: count() })
      .from(marks)
      .leftJoin(customers, and(eq(customers.corpId, marks.corpId), eq(customers.externalUserid, marks.externalUserid)))
      .where(where)
      .get()?.n ?? 0
  return { rows, total }
}

/** Marks by id, as list rows, in the order of `ids`. */
export function findMarkListRows(db: Db, corpId: string, ids: readonly number[]): MarkListRow[] {
  if (!ids.length) return []
  const rows = markListSelect(db, and(eq(marks.corpId, corpId), inArray(marks.id, [...ids]))).all()
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.flatMap((id) => byId.get(id) ?? [])
}

/** A mark of the corp (active or removed), or undefined. */
export function findMark(db: Db, corpId: string, id: number): MarkRow | undefined {
  return db.select().from(marks).where(and(eq(marks.corpId, corpId), eq(marks.id, id))).get()
}

/** The picker: customers of the corp (all of them), with whether each is already marked. */
export function listCandidates(db: Db, corpId: string, q: MarkCandidateQuery) {
  const conditions: (SQL | undefined)[] = [eq(customers.corpId, corpId)]
  if (q.name) conditions.push(likeEscaped(customers.name, containsPattern(q.name)))
  if (q.unionid) conditions.push(likeEscaped(customers.unionid, prefixPattern(q.unionid)))
  if (q.externalUserId) conditions.push(likeEscaped(customers.externalUserid, prefixPattern(q.externalUserId)))
  const where = and(...conditions)
  // Spelled out: in a one-table query drizzle leaves columns unqualified, and inside the
  // subquery an unqualified external_userid would be the mark's own.
  const marked = sql<number>`exists (select 1 from ${marks} m where m.corp_id = "customers"."corp_id" and m.status = 'active'
    and (m.external_userid = "customers"."external_userid" or ("customers"."unionid" <> '' and m.unionid = "customers"."unionid")))`
  const rows = db
    .select({ externalUserid: customers.externalUserid, unionid: customers.unionid, name: customers.name, avatar: customers.avatar, marked })
    .from(customers)
    .where(where)
    .orderBy(desc(customers.updatedAt), customers.externalUserid)
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .all()
  const total = db.select({ n: count() }).from(customers).where(where).get()?.n ?? 0
  return { rows: rows.map((r) => ({ ...r, marked: Boolean(r.marked) })), total }
}

const customerColumns = { externalUserid: customers.externalUserid, unionid: customers.unionid, name: customers.name, avatar: customers.avatar }

/** Known customers by external_userid. */
export function findCustomersByIds(db: Db, corpId: string, ids: readonly string[]): Map<string, KnownCustomer> {
  if (!ids.length) return new Map()
  const rows = db.select(customerColumns).from(customers).where(and(eq(customers.corpId, corpId), inArray(customers.externalUserid, [...ids]))).all()
  return new Map(rows.map((r) => [r.externalUserid, r]))
}

/**
 * Known customers by unionid: the one updated last when several share one (WeCom gives one
 * external_userid per unionid in a corp; a second one would be stale).
 */
export function findCustomersByUnionids(db: Db, corpId: string, unionids: readonly string[]): Map<string, KnownCustomer> {
  const wanted = unionids.filter(Boolean)
  if (!wanted.length) return new Map()
  const rows = db
    .select(customerColumns)
    .from(customers)
    .where(and(eq(customers.corpId, corpId), inArray(customers.unionid, wanted)))
    .orderBy(customers.updatedAt)
    .all()
  return new Map(rows.map((r) => [r.unionid, r]))
}

/** Active marks matching any of these external_userids or (non-empty) unionids. */
export function findActiveMarksMatching(db: Db, corpId: string, keys: { externalUserids: readonly string[]; unionids: readonly string[] }): MarkRow[] {
  const exts = keys.externalUserids.filter(Boolean)
  const unionids = keys.unionids.filter(Boolean)
  const matches: SQL[] = []
  if (exts.length) matches.push(inArray(marks.externalUserid, exts))
  if (unionids.length) matches.push(and(inArray(marks.unionid, unionids), sql`${marks.unionid} <> ''`)!)
  if (!matches.length) return []
  return db.select().from(marks).where(and(eq(marks.corpId, corpId), eq(marks.status, 'active'), or(...matches))).all()
}

/** Inserts a mark and returns its id. */
export function insertMark(db: Db, row: typeof marks.$inferInsert): number {
  return db.insert(marks).values(row).returning({ id: marks.id }).get().id
}

/**
 * Changes a mark's stored fields: tag (with the name it keeps), remark, reason. Moving the tag
 * on the relations is the marks core's (applyMarkEdit).
 */
export function updateMarkFields(
  db: Db,
  corpId: string,
  id: number,
  patch: { remark?: string; reason?: string; tagId?: string; tagName?: string; now: number },
): void {
  const { now, ...fields } = patch
  db.update(marks).set({ ...fields, updatedAt: now }).where(and(eq(marks.corpId, corpId), eq(marks.id, id))).run()
}

const follower = alias(staff, 'follower')
const operator = alias(staff, 'operator')

/** A page of a mark's events, newest first, below `cursor` (an event id), with staff names. */
export function listMarkEvents(db: Db, corpId: string, markId: number, page: { cursor?: number; limit: number }) {
  return db
    .select({
      id: markEvents.id,
      kind: markEvents.kind,
      userid: markEvents.userid,
      followerName: follower.name,
      detail: markEvents.detail,
      operatorUserid: markEvents.operatorUserid,
      operatorName: operator.name,
      at: markEvents.at,
    })
    .from(markEvents)
    .leftJoin(follower, and(eq(follower.corpId, markEvents.corpId), eq(follower.userid, markEvents.userid)))
    .leftJoin(operator, and(eq(operator.corpId, markEvents.corpId), eq(operator.userid, markEvents.operatorUserid)))
    .where(and(eq(markEvents.corpId, corpId), eq(markEvents.markId, markId), page.cursor === undefined ? undefined : lt(markEvents.id, page.cursor)))
    .orderBy(desc(markEvents.id))
    .limit(page.limit)
    .all()
}

/** Active marks per tag id (how many use each mark tag). */
export function activeMarkCounts(db: Db, corpId: string): Map<string, number> {
  const rows = db
    .select({ tagId: marks.tagId, n: count() })
    .from(marks)
    .where(and(eq(marks.corpId, corpId), eq(marks.status, 'active')))
    .groupBy(marks.tagId)
    .all()
  return new Map(rows.map((r) => [r.tagId, r.n]))
}

/** Tags by id with their group's name (unknown ids are left out). */
export function findTagRefs(db: Db, corpId: string, ids: readonly string[]) {
  if (!ids.length) return []
  return db
    .select({ id: tags.id, name: tags.name, groupName: tagGroups.name })
    .from(tags)
    .leftJoin(tagGroups, and(eq(tagGroups.corpId, tags.corpId), eq(tagGroups.id, tags.groupId)))
    .where(and(eq(tags.corpId, corpId), inArray(tags.id, [...ids])))
    .all()
}

/** Stores the mark-tag choice (replacing the default 客户标记 group). */
export function saveMarkTagIds(db: Db, corpId: string, ids: readonly string[]): void {
  db.insert(settings)
    .values({ corpId, key: MARK_TAGS_SETTING, value: [...ids] })
    .onConflictDoUpdate({ target: [settings.corpId, settings.key], set: { value: [...ids] } })
    .run()
}

/** Staff granted 客户标记管理, by name. */
export function listMarkManagers(db: Db, corpId: string): { userid: string; name: string | null }[] {
  return db
    .select({ userid: staffGrants.userid, name: staff.name })
    .from(staffGrants)
    .leftJoin(staff, and(eq(staff.corpId, staffGrants.corpId), eq(staff.userid, staffGrants.userid)))
    .where(and(eq(staffGrants.corpId, corpId), eq(staffGrants.permission, 'marks')))
    .orderBy(staffGrants.grantedAt, staffGrants.userid)
    .all()
}

/** Makes `userids` the holders of 客户标记管理: new ones granted now, others' grants dropped. */
export function replaceMarkManagers(db: Db, corpId: string, userids: readonly string[], by: { userid: string; now: number }): void {
  const wanted = [...new Set(userids)]
  db.delete(staffGrants)
    .where(
      and(
        eq(staffGrants.corpId, corpId),
        eq(staffGrants.permission, 'marks'),
        wanted.length ? sql`${staffGrants.userid} not in ${wanted}` : undefined,
      ),
    )
    .run()
  if (!wanted.length) return
  db.insert(staffGrants)
    .values(wanted.map((userid) => ({ corpId, userid, permission: 'marks' as const, grantedBy: by.userid, grantedAt: by.now })))
    .onConflictDoNothing()
    .run()
}

/** Which of `userids` are staff of the corp. */
export function existingStaff(db: Db, corpId: string, userids: readonly string[]): Set<string> {
  if (!userids.length) return new Set()
  const rows = db.select({ userid: staff.userid }).from(staff).where(and(eq(staff.corpId, corpId), inArray(staff.userid, [...userids]))).all()
  return new Set(rows.map((r) => r.userid))
}
