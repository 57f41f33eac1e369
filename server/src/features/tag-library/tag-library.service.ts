import { randomBytes } from 'node:crypto'
import type {
  AddTagsInput,
  CreateGroupInput,
  LibraryGroup,
  LibraryTag,
  TagLibrary,
  UpdateGroupInput,
  UpdateTagInput,
} from '@kelan/shared'
import type { Viewer } from '../../app-env'
import { IMMEDIATE, type Db } from '../../db/client'
import { LOCAL_ID_PREFIX } from '../../db/schema'
import type { Deps } from '../../deps'
import { AppError, notFound } from '../../lib/errors'
import { deleteItemByKey, enqueue } from '../outbox/outbox.repo'
import { byDisplayOrder, isLocalId, keepLatestRemovals, mutexViolations, relationOutboxKey, sameIds, type CarriedTag } from '../tags/tags.domain'
import { loadTagMeta, writeRelationDiff, type ChangeContext } from '../tags/tags.repo'
import {
  buildLibrary,
  mutexConflictList,
  nameTaken,
  ordersFirst,
  planReorderAround,
  READ_ONLY_MESSAGE,
  toLibraryGroup,
  type GroupRecord,
  type TagRecord,
} from './tag-library.domain'
import { countActiveMarksWithTag, lockedTagsFor, markTagIds } from '../marks/marks.repo'
import { enqueueDelete } from './tag-library.outbox'
import * as repo from './tag-library.repo'

/** Customers listed in a MUTEX_CONFLICT refusal; `details.count` has them all. */
const CONFLICTS_SHOWN = 50

/** Ids Kelan gives what WeCom has not created yet; replaced by WeCom's once it has. */
const newLocalId = () => `${LOCAL_ID_PREFIX}${randomBytes(12).toString('base64url')}`

/**
 * One IMMEDIATE transaction, so checks and writes (with their outbox items) see one state;
 * then the outbox worker is woken for what was queued.
 */
function write<T>(deps: Deps, fn: () => T): T {
  const result = deps.db.transaction(fn, IMMEDIATE)
  deps.wake?.('outbox')
  return result
}

const readOnly = (ids?: string[]) => new AppError('TAG_READ_ONLY', 403, READ_ONLY_MESSAGE, ids ? { details: { ids } } : {})
const groupNameTaken = (name: string) => new AppError('NAME_TAKEN', 409, `已有名为「${name}」的标签组`)
const tagNameTaken = (name: string) => new AppError('NAME_TAKEN', 409, `该标签组已有名为「${name}」的标签`)

/**
 * The tag library in display order. `withCounts` adds, per tag, the customers carrying it
 * (admin view).
 */
export function getLibrary(deps: Deps, opts: { withCounts: boolean }): TagLibrary {
  const { db, corpId } = deps
  return buildLibrary(repo.listGroups(db, corpId), repo.listTags(db, corpId), {
    pending: repo.pendingLibraryKeys(db, corpId),
    markTags: new Set(markTagIds(db, corpId)),
    ...(opts.withCounts ? { counts: repo.customerCounts(db, corpId) } : {}),
  })
}

/** One group as the admin sees it (with customer counts). */
function groupView(db: Db, corpId: string, groupId: string): LibraryGroup {
  const group = repo.findGroup(db, corpId, groupId)
  if (!group) throw notFound('标签组')
  const tags = repo.listTags(db, corpId, groupId)
  const counts = repo.customerCounts(db, corpId, tags.map((t) => t.id))
  return toLibraryGroup(group, tags, { pending: repo.pendingLibraryKeys(db, corpId), counts, markTags: new Set(markTagIds(db, corpId)) })
}

function requireGroup(db: Db, corpId: string, id: string): GroupRecord {
  const group = repo.findGroup(db, corpId, id)
  if (!group) throw notFound('标签组')
  return group
}

function requireTag(db: Db, corpId: string, id: string): TagRecord {
  const tag = repo.findTag(db, corpId, id)
  if (!tag) throw notFound('标签')
  return tag
}

/** Who and when, for outbox items. */
const stamp = (deps: Deps, viewer: Viewer) => ({ corpId: deps.corpId, createdBy: viewer.userid, now: deps.clock.now() })

/**
 * Creates a group with its first tags (WeCom has no empty groups) under local ids, shown first
 * in the library, and queues their creation in WeCom.
 *
 * @throws AppError NAME_TAKEN (409) when a group of that name exists
 */
export function createGroup(deps: Deps, viewer: Viewer, input: CreateGroupInput): LibraryGroup {
  const { db, corpId } = deps
  return write(deps, () => {
    const groups = repo.listGroups(db, corpId)
    if (nameTaken(groups, input.name)) throw groupNameTaken(input.name)
    const now = deps.clock.now()
    const id = newLocalId()
    const [order = 1] = ordersFirst(groups.map((g) => g.order), 1)
    const base = { name: input.name, order, createTime: now, color: input.color, exclusive: input.exclusive }
    repo.insertGroup(db, corpId, { id, ...base, description: input.description, origin: 'app' })
    repo.insertTags(db, corpId, newTagRows(id, input.tags, [], now))
    enqueue(db, { ...stamp(deps, viewer), kind: 'create_tags', key: id })
    return groupView(db, corpId, id)
  })
}

/** Rows for new tags (local ids, origin 'app'), placed before the group's existing tags. */
function newTagRows(groupId: string, input: AddTagsInput['tags'], existing: readonly TagRecord[], now: number): TagRecord[] {
  const orders = ordersFirst(existing.map((t) => t.order), input.length)
  return input.map((t, i) => ({
    id: newLocalId(),
    groupId,
    name: t.name,
    order: orders[i] ?? 0,
    createTime: now,
    color: t.color ?? null,
    description: t.description ?? '',
    origin: 'app' as const,
  }))
}

/**
 * Adds tags to a group (also to a console-made one: WeCom lets an app add tags anywhere) and
 * queues their creation in WeCom.
 *
 * @throws AppError NOT_FOUND (404), NAME_TAKEN (409) when the group has a tag of that name
 */
export function addTags(deps: Deps, viewer: Viewer, groupId: string, input: AddTagsInput): LibraryGroup {
  const { db, corpId } = deps
  return write(deps, () => {
    requireGroup(db, corpId, groupId)
    const existing = repo.listTags(db, corpId, groupId)
    const clash = input.tags.find((t) => nameTaken(existing, t.name))
    if (clash) throw tagNameTaken(clash.name)
    repo.insertTags(db, corpId, newTagRows(groupId, input.tags, existing, deps.clock.now()))
    enqueue(db, { ...stamp(deps, viewer), kind: 'create_tags', key: groupId })
    return groupView(db, corpId, groupId)
  })
}

/**
 * Renames a group (pushed to WeCom) and sets its colour, description and 互斥 flag (Kelan's
 * own, allowed on console-made groups too). Turning 互斥 on while customers carry several of
 * the group's tags is refused, listing them, unless `resolve: 'keep_latest'` asks to take all
 * but each customer's latest one off (history source 'admin', pushed through mark_tag).
 *
 * @throws AppError NOT_FOUND (404), TAG_READ_ONLY (403) renaming a console-made group,
 *   NAME_TAKEN (409), MUTEX_CONFLICT (409) with `details.customers` and `details.count`
 */
export function updateGroup(deps: Deps, viewer: Viewer, groupId: string, input: UpdateGroupInput): LibraryGroup {
  const { db, corpId } = deps
  return write(deps, () => {
    const group = requireGroup(db, corpId, groupId)
    const renamed = input.name !== undefined && input.name !== group.name
    if (renamed && group.origin === 'console') throw readOnly()
    if (renamed && nameTaken(repo.listGroups(db, corpId), input.name!, groupId)) throw groupNameTaken(input.name!)
    if (input.exclusive && !group.exclusive) makeExclusive(deps, viewer, group, input.resolve === 'keep_latest')
    repo.updateGroup(db, corpId, groupId, {
      ...(renamed ? { name: input.name } : {}),
      ...(input.color === undefined ? {} : { color: input.color }),
      ...(input.description === undefined ? {} : { description: input.description }),
      ...(input.exclusive === undefined ? {} : { exclusive: input.exclusive }),
    })
    if (renamed) enqueue(db, { ...stamp(deps, viewer), kind: 'edit_tag', key: groupId })
    return groupView(db, corpId, groupId)
  })
}

/** Checks (and with `resolve`, clears) customers carrying two or more of the group's tags. */
function makeExclusive(deps: Deps, viewer: Viewer, group: GroupRecord, resolve: boolean): void {
  const { db, corpId } = deps
  const violations = mutexViolations(repo.carriedTagsOfGroup(db, corpId, group.id))
  if (!violations.size) return
  const tagIds = repo.listTags(db, corpId, group.id).map((t) => t.id)
  const meta = loadTagMeta(db, corpId, tagIds)
  if (!resolve) {
    const shown = new Map([...violations].slice(0, CONFLICTS_SHOWN))
    const names = repo.customerNames(db, corpId, [...shown.keys()])
    const customers = mutexConflictList(shown, names, new Map([...meta].map(([id, m]) => [id, m.name])))
    throw new AppError('MUTEX_CONFLICT', 409, `有 ${violations.size} 位客户同时带有「${group.name}」组的多个标签`, {
      details: { customers, count: violations.size },
    })
  }
  const ctx: ChangeContext = { corpId, operator: viewer.userid, source: 'admin', now: deps.clock.now() }
  // A special mark's tag is the one its customer keeps: it may not come off while the mark stands.
  const locked = lockedTagsFor(db, corpId, [...violations.keys()])
  for (const rows of byRelation(keepLatestRemovals(violations, locked)).values()) {
    const relation = { externalUserid: rows[0]!.externalUserid, userid: rows[0]!.userid }
    writeRelationDiff(db, ctx, relation, { add: [], remove: [...new Set(rows.map((r) => r.tagId))] }, meta)
  }
}

/** Carried tags grouped by relation. */
function byRelation(rows: readonly CarriedTag[]): Map<string, CarriedTag[]> {
  const out = new Map<string, CarriedTag[]>()
  for (const r of rows) {
    const key = relationOutboxKey(r.externalUserid, r.userid)
    out.set(key, [...(out.get(key) ?? []), r])
  }
  return out
}

/**
 * Renames a tag (pushed to WeCom) and sets its colour and description (Kelan's own).
 *
 * @throws AppError NOT_FOUND (404), TAG_READ_ONLY (403) renaming a console-made tag, NAME_TAKEN (409)
 */
export function updateTag(deps: Deps, viewer: Viewer, tagId: string, input: UpdateTagInput): LibraryTag {
  const { db, corpId } = deps
  return write(deps, () => {
    const tag = requireTag(db, corpId, tagId)
    const renamed = input.name !== undefined && input.name !== tag.name
    if (renamed && tag.origin === 'console') throw readOnly()
    if (renamed && nameTaken(repo.listTags(db, corpId, tag.groupId), input.name!, tagId)) throw tagNameTaken(input.name!)
    repo.updateTag(db, corpId, tagId, {
      ...(renamed ? { name: input.name } : {}),
      ...(input.color === undefined ? {} : { color: input.color }),
      ...(input.description === undefined ? {} : { description: input.description }),
    })
    if (renamed) enqueue(db, { ...stamp(deps, viewer), kind: 'edit_tag', key: tagId })
    const view = groupView(db, corpId, tag.groupId).tags.find((t) => t.id === tagId)
    if (!view) throw notFound('标签')
    return view
  })
}

/**
 * Writes a new display order for a list (all groups, or the tags of one group) and queues an
 * edit_tag per changed `order`. Console-made items keep theirs (see `planReorderAround`).
 */
function reorder(deps: Deps, viewer: Viewer, items: readonly (GroupRecord | TagRecord)[], ids: readonly string[], kind: 'group' | 'tag') {
  const current = [...items].sort(byDisplayOrder)
  if (!sameIds(current.map((c) => c.id), ids)) {
    throw new AppError('VALIDATION_FAILED', 400, '排序须列出该列表的全部项目，且每项一次')
  }
  const plan = planReorderAround(
    current.map((c) => ({ id: c.id, order: c.order, fixed: c.origin === 'console' })),
    ids,
  )
  if ('refused' in plan) throw readOnly(plan.refused)
  const { db, corpId } = deps
  for (const { id, order } of plan.changes) {
    if (kind === 'group') repo.updateGroup(db, corpId, id, { order })
    else repo.updateTag(db, corpId, id, { order })
    enqueue(db, { ...stamp(deps, viewer), kind: 'edit_tag', key: id })
  }
}

/**
 * Reorders all groups.
 *
 * @throws AppError VALIDATION_FAILED (400) unless `ids` lists every group once,
 *   TAG_READ_ONLY (403) when console-made groups would have to move
 */
export function reorderGroups(deps: Deps, viewer: Viewer, ids: readonly string[]): TagLibrary {
  const { db, corpId } = deps
  write(deps, () => reorder(deps, viewer, repo.listGroups(db, corpId), ids, 'group'))
  return getLibrary(deps, { withCounts: true })
}

/**
 * Reorders the tags of one group.
 *
 * @throws AppError NOT_FOUND (404), VALIDATION_FAILED (400) unless `ids` lists every tag of the
 *   group once, TAG_READ_ONLY (403) when console-made tags would have to move
 */
export function reorderTags(deps: Deps, viewer: Viewer, groupId: string, ids: readonly string[]): LibraryGroup {
  const { db, corpId } = deps
  return write(deps, () => {
    requireGroup(db, corpId, groupId)
    reorder(deps, viewer, repo.listTags(db, corpId, groupId), ids, 'tag')
    return groupView(db, corpId, groupId)
  })
}

/**
 * Deletes a tag nobody carries. A tag WeCom has is deleted there through the outbox; one it
 * has not created yet is only dropped here (its group's create_tags item goes when nothing is
 * left to create).
 *
 * @throws AppError NOT_FOUND (404), TAG_READ_ONLY (403) console-made, MARK_TAG_IN_USE (409) while
 *   an active special mark uses it (`details.marks`), TAG_IN_USE (409) with `details.customers` =
 *   how many customers carry it
 */
export function deleteTag(deps: Deps, viewer: Viewer, tagId: string): void {
  const { db, corpId } = deps
  write(deps, () => {
    const tag = requireTag(db, corpId, tagId)
    if (tag.origin === 'console') throw readOnly()
    // Checked even when nobody carries it: a mark of a customer nobody follows (yet) uses it too.
    const marked = countActiveMarksWithTag(db, corpId, tagId)
    if (marked) {
      throw new AppError('MARK_TAG_IN_USE', 409, `该标签正被 ${marked} 个客户标记使用，请先在客户标记管理中移除或改用其他标签`, {
        details: { marks: marked },
      })
    }
    const carriers = repo.customerCounts(db, corpId, [tagId]).get(tagId) ?? 0
    if (carriers) {
      throw new AppError('TAG_IN_USE', 409, `该标签正在使用中（${carriers} 位客户），不支持删除`, { details: { customers: carriers } })
    }
    repo.deleteTagRow(db, corpId, tagId)
    deleteItemByKey(db, corpId, 'edit_tag', tagId)
    if (isLocalId(tagId)) {
      if (!repo.hasLocalTags(db, corpId, tag.groupId)) deleteItemByKey(db, corpId, 'create_tags', tag.groupId)
    } else {
      enqueueDelete(db, corpId, viewer.userid, deps.clock.now(), { tagIds: [tagId], groupIds: [] })
    }
  })
}

/**
 * Deletes an empty group (WeCom deletes a group with its last tag, so this is mostly for
 * groups emptied in Kelan).
 *
 * @throws AppError NOT_FOUND (404), TAG_READ_ONLY (403) console-made, GROUP_NOT_EMPTY (409)
 */
export function deleteGroup(deps: Deps, viewer: Viewer, groupId: string): void {
  const { db, corpId } = deps
  write(deps, () => {
    const group = requireGroup(db, corpId, groupId)
    if (group.origin === 'console') throw readOnly()
    if (repo.listTags(db, corpId, groupId).length) throw new AppError('GROUP_NOT_EMPTY', 409, '请先移除标签组下的标签再删除')
    repo.deleteGroupRow(db, corpId, groupId)
    deleteItemByKey(db, corpId, 'edit_tag', groupId)
    deleteItemByKey(db, corpId, 'create_tags', groupId)
    if (!isLocalId(groupId)) enqueueDelete(db, corpId, viewer.userid, deps.clock.now(), { tagIds: [], groupIds: [groupId] })
  })
}
