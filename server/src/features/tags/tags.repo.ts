import { and, desc, eq, lt, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import type { TagHistoryPage } from '@kelan/shared'
import type { Viewer } from '../../app-env'
import { IMMEDIATE, type Db } from '../../db/client'
import { prepared } from '../../db/prepared'
import { followRelations, relationTags, staff, tagEvents, type TagSource } from '../../db/schema'
import { visibleStaffSubquery } from '../customers/customers.scope'
import { enqueue } from '../outbox/outbox.repo'
import { tagDictionary } from './tag-dictionary'
import { planCustomerChange, relationOutboxKey, type ChangeRefusal, type TagDiff, type TagMeta } from './tags.domain'

const P = {
  corpId: sql.placeholder('corpId'),
  externalUserid: sql.placeholder('externalUserid'),
  userid: sql.placeholder('userid'),
  tagId: sql.placeholder('tagId'),
}

/** Meta of the given tags; ids the corp does not have are left out. */
export function loadTagMeta(db: Db, corpId: string, ids: readonly string[]): Map<string, TagMeta> {
  const meta = new Map<string, TagMeta>()
  if (!ids.length) return meta
  const library = tagDictionary(db, corpId)
  for (const id of ids) {
    const tag = library.get(id)
    if (tag) meta.set(id, { id, name: tag.name, groupId: tag.groupId, groupName: tag.groupName, exclusive: tag.exclusive })
  }
  return meta
}

const relationTagsStmt = prepared((db) =>
  db
    .select({ userid: followRelations.userid, tagId: relationTags.tagId })
    .from(followRelations)
    .leftJoin(
      relationTags,
      and(
        eq(relationTags.corpId, followRelations.corpId),
        eq(relationTags.externalUserid, followRelations.externalUserid),
        eq(relationTags.userid, followRelations.userid),
      ),
    )
    .where(
      and(
        eq(followRelations.corpId, P.corpId),
        eq(followRelations.externalUserid, P.externalUserid),
        eq(followRelations.status, 'active'),
      ),
    )
    .prepare(),
)

/** The customer's active relations, follower userid → the tag ids on that relation. */
export function customerRelationTags(db: Db, corpId: string, externalUserid: string): Map<string, Set<string>> {
  const relations = new Map<string, Set<string>>()
  for (const row of relationTagsStmt(db).all({ corpId, externalUserid })) {
    const ids = relations.get(row.userid) ?? new Set<string>()
    if (row.tagId) ids.add(row.tagId)
    relations.set(row.userid, ids)
  }
  return relations
}

/** Who changes tags, how, and when: stamped on every row written. */
export interface ChangeContext {
  corpId: string
  /** The signed-in user making the change; '' for WeCom. */
  operator: string
  source: TagSource
  now: number
}

export interface CustomerChange {
  externalUserid: string
  /** The follower whose relation the user edits. */
  target: string
  add: readonly string[]
  remove: readonly string[]
  /** Tags that may not come off (held by a special mark). */
  locked?: ReadonlySet<string>
}

export type CustomerChangeResult =
  | { applied: Map<string, TagDiff> }
  | { refused: ChangeRefusal }
  | { refused: { kind: 'no_relation' } }
  | { refused: { kind: 'unknown_tags'; ids: string[] } }

/**
 * Applies one user's change of a customer's tags (see `planCustomerChange`) in one IMMEDIATE
 * transaction: the relations' tags, a history row per tag and a mark_tag outbox item per
 * changed relation are written together or not at all. The state the plan is made from is
 * read inside the same transaction, so two users saving tags of one 互斥 group at the same
 * moment are serialised and the customer ends with exactly one of them.
 */
export function applyCustomerChange(db: Db, ctx: ChangeContext, change: CustomerChange): CustomerChangeResult {
  return db.transaction(
    () => {
      const relations = customerRelationTags(db, ctx.corpId, change.externalUserid)
      if (!relations.has(change.target)) return { refused: { kind: 'no_relation' as const } }
      const current = [...relations.values()].flatMap((ids) => [...ids])
      const meta = loadTagMeta(db, ctx.corpId, [...change.add, ...change.remove, ...current])
      const unknown = [...change.add, ...change.remove].filter((id) => !meta.has(id))
      if (unknown.length) return { refused: { kind: 'unknown_tags' as const, ids: unknown } }
      const plan = planCustomerChange({ relations, meta, ...change })
      if ('refused' in plan) return plan
      for (const [userid, diff] of plan.changes) writeRelationDiff(db, ctx, { externalUserid: change.externalUserid, userid }, diff, meta)
      return { applied: plan.changes }
    },
    IMMEDIATE,
  )
}

const insertRelationTagStmt = prepared((db) =>
  db
    .insert(relationTags)
    .values({
      corpId: P.corpId,
      externalUserid: P.externalUserid,
      userid: P.userid,
      tagId: P.tagId,
      source: sql.placeholder('source'),
      addedBy: sql.placeholder('addedBy'),
      addedAt: sql.placeholder('addedAt'),
    })
    .onConflictDoNothing()
    .prepare(),
)

const deleteRelationTagStmt = prepared((db) =>
  db
    .delete(relationTags)
    .where(
      and(
        eq(relationTags.corpId, P.corpId),
        eq(relationTags.externalUserid, P.externalUserid),
        eq(relationTags.userid, P.userid),
        eq(relationTags.tagId, P.tagId),
      ),
    )
    .prepare(),
)

/**
 * Writes one relation's tag change with its history rows and outbox item. Call inside a
 * transaction; `diff` must hold real changes only (ids not yet on / still on the relation).
 */
export function writeRelationDiff(
  db: Db,
  ctx: ChangeContext,
  relation: { externalUserid: string; userid: string },
  diff: TagDiff,
  meta: ReadonlyMap<string, TagMeta>,
): void {
  if (!diff.add.length && !diff.remove.length) return
  const { corpId, now } = ctx
  const key = { corpId, ...relation }
  for (const tagId of diff.add) {
    insertRelationTagStmt(db).run({ ...key, tagId, source: ctx.source, addedBy: ctx.operator, addedAt: now })
  }
  for (const tagId of diff.remove) deleteRelationTagStmt(db).run({ ...key, tagId })
  recordTagEvents(db, ctx, relation, diff, meta)
  const outboxKey = relationOutboxKey(relation.externalUserid, relation.userid)
  enqueue(db, { corpId, kind: 'mark_tag', key: outboxKey, createdBy: ctx.operator, now })
}

const insertTagEventStmt = prepared((db) =>
  db
    .insert(tagEvents)
    .values({
      corpId: P.corpId,
      externalUserid: P.externalUserid,
      userid: P.userid,
      tagId: P.tagId,
      tagName: sql.placeholder('tagName'),
      groupName: sql.placeholder('groupName'),
      action: sql.placeholder('action'),
      source: sql.placeholder('source'),
      operatorUserid: sql.placeholder('operatorUserid'),
      at: sql.placeholder('at'),
    })
    .prepare(),
)

/** History rows for a relation's change, names copied from `meta`. */
export function recordTagEvents(
  db: Db,
  ctx: ChangeContext,
  relation: { externalUserid: string; userid: string },
  diff: TagDiff,
  meta: ReadonlyMap<string, Pick<TagMeta, 'name' | 'groupName'>>,
): void {
  const rows = [
    ...diff.add.map((tagId) => ({ tagId, action: 'add' as const })),
    ...diff.remove.map((tagId) => ({ tagId, action: 'remove' as const })),
  ]
  for (const { tagId, action } of rows) {
    insertTagEventStmt(db).run({
      corpId: ctx.corpId,
      ...relation,
      tagId,
      tagName: meta.get(tagId)?.name ?? tagId,
      groupName: meta.get(tagId)?.groupName ?? '',
      action,
      source: ctx.source,
      operatorUserid: ctx.operator,
      at: ctx.now,
    })
  }
}

/** A prepared scope check for one role: the scope rule's SQL differs by role, not by viewer. */
const inScopeStmt = (role: 'manager' | 'staff') =>
  prepared((db) => {
    const scope = visibleStaffSubquery({ role, corpId: P.corpId, userid: sql.placeholder('viewer') })
    // Nothing to read from a table: the one row of `(select 1)` is kept when userid is in scope.
    return db.select({ one: sql`1` }).from(sql`(select 1)`).where(sql`${P.userid} in (${scope})`).prepare()
  })
const inScopeStmts = { manager: inScopeStmt('manager'), staff: inScopeStmt('staff') }

/** True when `userid` is one of the staff whose customers `viewer` may see (data scope). */
export function isInViewerScope(db: Db, viewer: Viewer, userid: string): boolean {
  if (viewer.role === 'admin') return true
  return inScopeStmts[viewer.role](db).get({ corpId: viewer.corpId, viewer: viewer.userid, userid }) !== undefined
}

const follower = alias(staff, 'follower')
const operator = alias(staff, 'operator')

/** One page of a customer's tag history, newest first; `cursor` is the last id of the page before. */
export function listTagHistory(
  db: Db,
  corpId: string,
  externalUserid: string,
  page: { cursor?: number; limit: number },
): TagHistoryPage {
  const rows = db
    .select({
      id: tagEvents.id,
      action: tagEvents.action,
      tagId: tagEvents.tagId,
      tagName: tagEvents.tagName,
      groupName: tagEvents.groupName,
      source: tagEvents.source,
      userid: tagEvents.userid,
      followerName: follower.name,
      operatorUserid: tagEvents.operatorUserid,
      operatorName: operator.name,
      at: tagEvents.at,
    })
    .from(tagEvents)
    .leftJoin(follower, and(eq(follower.corpId, tagEvents.corpId), eq(follower.userid, tagEvents.userid)))
    .leftJoin(operator, and(eq(operator.corpId, tagEvents.corpId), eq(operator.userid, tagEvents.operatorUserid)))
    .where(
      and(
        eq(tagEvents.corpId, corpId),
        eq(tagEvents.externalUserid, externalUserid),
        page.cursor === undefined ? undefined : lt(tagEvents.id, page.cursor),
      ),
    )
    .orderBy(desc(tagEvents.id))
    .limit(page.limit + 1)
    .all()
  const items = rows.slice(0, page.limit).map((r) => ({
    id: r.id,
    action: r.action,
    tagId: r.tagId,
    tagName: r.tagName,
    groupName: r.groupName,
    source: r.source,
    follower: { userid: r.userid, name: r.followerName ?? r.userid },
    operator: r.operatorUserid ? { userid: r.operatorUserid, name: r.operatorName ?? r.operatorUserid } : null,
    at: r.at,
  }))
  const last = items[items.length - 1]
  return { items, nextCursor: rows.length > page.limit && last ? last.id : null }
}
