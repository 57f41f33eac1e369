/**
 * The tag library's way to WeCom: outbox handlers for create_tags, edit_tag and delete_tags,
 * and the ownership probe. Items are state-based: a handler reads what Kelan has now, pushes
 * it, and says whether anything is left (see HandlerOutcome).
 */
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { TagOrigin } from '@kelan/shared'
import { IMMEDIATE, type Db } from '../../db/client'
import type { Deps } from '../../deps'
import { WecomError } from '../../wecom/errors'
import type { AddCorpTagInput, WecomTagGroup } from '../../wecom/types'
import type { HandlerOutcome, OutboxHandlers } from '../outbox/outbox.handler'
import { deleteItem, enqueue, findOpenItem, type OutboxRow } from '../outbox/outbox.repo'
import { byDisplayOrder, isLocalId } from '../tags/tags.domain'
import { isOwnershipRefusal, READ_ONLY_MESSAGE, type GroupRecord, type TagRecord } from './tag-library.domain'
import { countLibraryCommit } from './tag-library.commits'
import * as repo from './tag-library.repo'

/** How long an edit of something WeCom has not created yet waits before looking again. */
const LOCAL_WAIT_SECONDS = 30

/** WeCom: no such tag or group (e.g. deleted meanwhile). */
const INVALID_TAG_ID = 40068

/** WeCom: a tag or group of that name exists already. */
const NAME_EXISTS = 40071

/** A handler's commit: counted, so a tag sync that read WeCom before it does not write over it. */
function inTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(() => {
    countLibraryCommit(db)
    return fn()
  }, IMMEDIATE)
}

type Target = { kind: 'group'; row: GroupRecord } | { kind: 'tag'; row: TagRecord }

function findTarget(db: Db, corpId: string, id: string): Target | undefined {
  const group = repo.findGroup(db, corpId, id)
  if (group) return { kind: 'group', row: group }
  const tag = repo.findTag(db, corpId, id)
  return tag ? { kind: 'tag', row: tag } : undefined
}

function setOrigin(db: Db, corpId: string, target: Pick<Target, 'kind'> & { id: string }, origin: TagOrigin): void {
  if (target.kind === 'group') repo.setGroupOrigin(db, corpId, target.id, origin)
  else repo.setTagOrigin(db, corpId, target.id, origin)
}

/** The refusal as the item's failure: WeCom's errcode, in words an admin understands. */
const ownershipError = (err: WecomError) =>
  new WecomError({ errcode: err.errcode, path: err.path, message: READ_ONLY_MESSAGE, httpStatus: err.httpStatus })

const isOwnership = (err: unknown): err is WecomError => err instanceof WecomError && isOwnershipRefusal(err.errcode)

/**
 * 'done', deleting the item here, in the same synchronous step as the read that found nothing
 * left to do: a change saved after that read re-opens the item instead of going with it. A
 * commit like any other: with the item gone, a tag sync no longer leaves its ids alone.
 */
function finish(db: Db, item: OutboxRow): 'done' {
  countLibraryCommit(db)
  deleteItem(db, item.id)
  return 'done'
}

/** WeCom's tags for the names a create sent, each with the origin it gets in Kelan. */
interface CreatedTags {
  groupId: string
  /** For a group Kelan had under a local id: 'app' only when this push surely created it. */
  groupOrigin: TagOrigin
  tags: { id: string; name: string; origin: TagOrigin }[]
}

/**
 * create_tags (key = group id, local or WeCom's): creates the group's local-id tags in WeCom
 * (with the group itself when that is local too), then replaces every local id by WeCom's in
 * one transaction. Tags added to the group meanwhile make it run again.
 */
export async function pushCreateTags(deps: Deps, item: OutboxRow): Promise<HandlerOutcome> {
  const { db, corpId } = deps
  const group = repo.findGroup(db, corpId, item.key)
  if (!group) return finish(db, item)
  const local = repo.listTags(db, corpId, group.id).filter((t) => isLocalId(t.id)).sort(byDisplayOrder)
  if (!local.length) return finish(db, item)
  const created = await createInWecom(deps, item, group, local)
  return inTransaction(db, () => takeWecomIds(deps, item, { group, local, created }))
}

/**
 * The local ids of a create become WeCom's (call in a transaction). By the names sent, not the
 * current ones: a tag renamed meanwhile is still the one created (its rename follows as an
 * edit_tag item, whose key moves to WeCom's id).
 */
function takeWecomIds(
  deps: Deps,
  item: OutboxRow,
  { group, local, created }: { group: GroupRecord; local: TagRecord[]; created: CreatedTags },
): HandlerOutcome {
  const { db, corpId } = deps
  if (isLocalId(group.id)) {
    repo.replaceGroupId(db, corpId, group.id, created.groupId)
    repo.setGroupOrigin(db, corpId, created.groupId, created.groupOrigin)
  }
  const localIdBySentName = new Map(local.map((t) => [t.name, t.id]))
  const orphans: string[] = []
  for (const t of created.tags) {
    const localId = localIdBySentName.get(t.name)
    if (localId && repo.findTag(db, corpId, localId)) {
      repo.replaceTagId(db, corpId, localId, t.id)
      repo.setTagOrigin(db, corpId, t.id, t.origin)
      repo.markTagItemsDueNow(db, corpId, t.id, deps.clock.now())
    } else if (t.origin === 'app') {
      orphans.push(t.id)
    }
  }
  // Deleted in Kelan while WeCom was creating it: delete it there too. (A tag taken over
  // rather than created may be the console's: the next sync lists it instead.)
  if (orphans.length) enqueueDelete(db, corpId, item.createdBy, deps.clock.now(), { tagIds: orphans, groupIds: [] })
  return repo.hasLocalTags(db, corpId, created.groupId) ? { again: true } : finish(db, item)
}

/**
 * add_corp_tag for the group's local tags, made safe to repeat. WeCom refuses a name it already
 * has (40071), so an attempt that reached WeCom but not Kelan's commit (reply lost to a
 * timeout, process stopped) would fail every retry and leave the tags local for good. On a
 * retry, or on 40071, what WeCom has under the names sent is taken over instead, and only
 * the rest is created.
 */
async function createInWecom(deps: Deps, item: OutboxRow, group: GroupRecord, local: TagRecord[]): Promise<CreatedTags> {
  if (item.attempts > 0) return adoptThenAdd(deps, group, local)
  try {
    return await addInWecom(deps, group, local)
  } catch (err) {
    if (!(err instanceof WecomError) || err.errcode !== NAME_EXISTS) throw err
    return adoptThenAdd(deps, group, local)
  }
}

/**
 * Takes over the tags WeCom has with the names of `local` (in the group by id, or by name while
 * the group is local) and creates the others. What is taken over gets origin 'unknown': this
 * item's earlier attempt or the console may have made it, and the ownership probe tells which.
 */
async function adoptThenAdd(deps: Deps, group: GroupRecord, local: TagRecord[]): Promise<CreatedTags> {
  const existing = await findGroupInWecom(deps, group)
  const names = new Set(local.map((t) => t.name))
  const adopted = (existing?.tag ?? [])
    .filter((t) => !t.deleted && names.has(t.name))
    .map((t) => ({ id: t.id, name: t.name, origin: 'unknown' as const }))
  const have = new Set(adopted.map((t) => t.name))
  const missing = local.filter((t) => !have.has(t.name))
  if (existing && !missing.length) return { groupId: existing.group_id, groupOrigin: 'unknown', tags: adopted }
  const added = await addInWecom(deps, group, missing, existing?.group_id)
  return { ...added, tags: [...adopted, ...added.tags] }
}

/** The group as WeCom has it now: by id, or by name while Kelan only has a local id for it. */
async function findGroupInWecom(deps: Deps, group: GroupRecord): Promise<WecomTagGroup | undefined> {
  const byName = isLocalId(group.id)
  const list = await deps.wecom.getCorpTagList(byName ? undefined : { group_id: [group.id] })
  return list.find((g) => !g.deleted && (byName ? g.group_name === group.name : g.group_id === group.id))
}

/** add_corp_tag with `tags`: into `groupId` (default: the group's, unless local), else creating the group by name. */
async function addInWecom(deps: Deps, group: GroupRecord, tags: TagRecord[], groupId?: string): Promise<CreatedTags> {
  const tag = tags.map((t) => ({ name: t.name, order: t.order }))
  const id = groupId ?? (isLocalId(group.id) ? undefined : group.id)
  const input: AddCorpTagInput = id ? { group_id: id, tag } : { group_name: group.name, order: group.order, tag }
  const sentAt = deps.clock.now()
  const created = await deps.wecom.addCorpTag(input)
  // add_corp_tag by name adds into a group of that name if WeCom has one (made in the
  // console meanwhile): only a group created by this call is surely Kelan's.
  return {
    groupId: created.group_id,
    groupOrigin: created.create_time >= sentAt ? 'app' : 'unknown',
    tags: created.tag.map((t) => ({ id: t.id, name: t.name, origin: 'app' })),
  }
}

/**
 * edit_tag (key = tag or group id): pushes its current name and order. Waits while WeCom has
 * not created it yet. WeCom refusing because another app owns it makes it console-made here,
 * with WeCom's name and order put back, and the item fails.
 */
export async function pushEditTag(deps: Deps, item: OutboxRow): Promise<HandlerOutcome> {
  const { db, corpId } = deps
  const id = item.key
  if (isLocalId(id)) return { waitSeconds: LOCAL_WAIT_SECONDS }
  const target = findTarget(db, corpId, id)
  if (!target) return finish(db, item)
  const sent = { name: target.row.name, order: target.row.order }
  try {
    await deps.wecom.editCorpTag({ id, ...sent })
  } catch (err) {
    if (!isOwnership(err)) throw err
    await takeBackFromWecom(deps, { kind: target.kind, id })
    throw ownershipError(err)
  }
  return inTransaction(db, (): HandlerOutcome => {
    setOrigin(db, corpId, { kind: target.kind, id }, 'app')
    const now = findTarget(db, corpId, id)
    return now && (now.row.name !== sent.name || now.row.order !== sent.order) ? { again: true } : finish(db, item)
  })
}

/**
 * After an ownership refusal: marks it console-made and puts back the name and order WeCom
 * has. The mark stands even when WeCom cannot be read just now.
 */
async function takeBackFromWecom(deps: Deps, target: { kind: Target['kind']; id: string }): Promise<void> {
  const { db, corpId } = deps
  const filter = target.kind === 'group' ? { group_id: [target.id] } : { tag_id: [target.id] }
  const list = await deps.wecom.getCorpTagList(filter).catch(() => [] as WecomTagGroup[])
  inTransaction(db, () => {
    setOrigin(db, corpId, target, 'console')
    const group = list.find((g) => target.kind === 'group' && g.group_id === target.id)
    if (group && !group.deleted) repo.updateGroup(db, corpId, target.id, { name: group.group_name, order: group.order })
    const tag = list.flatMap((g) => g.tag).find((t) => target.kind === 'tag' && t.id === target.id)
    if (tag && !tag.deleted) repo.updateTag(db, corpId, target.id, { name: tag.name, order: tag.order })
  })
}

const DeletePayload = z.object({
  tagIds: z.array(z.string()).default([]),
  groupIds: z.array(z.string()).default([]),
})
type DeletePayload = z.infer<typeof DeletePayload>

/** Queues a delete_tags item (WeCom ids only); its key is unique, as what it deletes is gone locally. */
export function enqueueDelete(db: Db, corpId: string, createdBy: string, now: number, payload: DeletePayload): void {
  const key = `${now}-${randomBytes(6).toString('hex')}`
  enqueue(db, { corpId, kind: 'delete_tags', key, payload, createdBy, now })
}

/**
 * delete_tags (payload {tagIds, groupIds}): deletes them in WeCom. What WeCom no longer has
 * counts as deleted. An ownership refusal puts the rows back (console-made) and fails the item.
 */
export async function pushDeleteTags(deps: Deps, item: OutboxRow): Promise<HandlerOutcome> {
  const parsed = DeletePayload.safeParse(item.payload)
  if (!parsed.success) return finish(deps.db, item)
  const payload = {
    tagIds: parsed.data.tagIds.filter((id) => !isLocalId(id)),
    groupIds: parsed.data.groupIds.filter((id) => !isLocalId(id)),
  }
  try {
    await deleteInWecom(deps, payload)
  } catch (err) {
    if (!isOwnership(err)) throw err
    await restoreFromWecom(deps, payload)
    throw ownershipError(err)
  }
  return finish(deps.db, item)
}

/** del_corp_tag, all-or-nothing in WeCom: on 40068 it is retried once with what still exists. */
async function deleteInWecom(deps: Deps, payload: DeletePayload, narrowed = false): Promise<void> {
  if (!payload.tagIds.length && !payload.groupIds.length) return
  try {
    await deps.wecom.delCorpTag({
      ...(payload.tagIds.length ? { tag_id: payload.tagIds } : {}),
      ...(payload.groupIds.length ? { group_id: payload.groupIds } : {}),
    })
  } catch (err) {
    if (narrowed || !(err instanceof WecomError) || err.errcode !== INVALID_TAG_ID) throw err
    await deleteInWecom(deps, await stillInWecom(deps, payload), true)
  }
}

/** The ids of `payload` WeCom still has (not deleted). */
async function stillInWecom(deps: Deps, payload: DeletePayload): Promise<DeletePayload> {
  const groups = payload.groupIds.length ? await deps.wecom.getCorpTagList({ group_id: payload.groupIds }) : []
  const tagGroups = payload.tagIds.length ? await deps.wecom.getCorpTagList({ tag_id: payload.tagIds }) : []
  const liveTags = new Set(tagGroups.flatMap((g) => g.tag.filter((t) => !t.deleted).map((t) => t.id)))
  return {
    groupIds: groups.filter((g) => !g.deleted && payload.groupIds.includes(g.group_id)).map((g) => g.group_id),
    tagIds: payload.tagIds.filter((id) => liveTags.has(id)),
  }
}

/** Puts back, as console-made, the groups and tags WeCom refused to delete. */
async function restoreFromWecom(deps: Deps, payload: DeletePayload): Promise<void> {
  const { db, corpId } = deps
  const byGroup = payload.groupIds.length ? await deps.wecom.getCorpTagList({ group_id: payload.groupIds }) : []
  const byTag = payload.tagIds.length ? await deps.wecom.getCorpTagList({ tag_id: payload.tagIds }) : []
  const wanted = new Set(payload.tagIds)
  inTransaction(db, () => {
    for (const g of byGroup.filter((g) => !g.deleted)) {
      repo.restoreGroup(db, corpId, { id: g.group_id, name: g.group_name, order: g.order, createTime: g.create_time, origin: 'console' })
      for (const t of g.tag.filter((t) => !t.deleted)) {
        repo.restoreTag(db, corpId, { id: t.id, groupId: g.group_id, name: t.name, order: t.order, createTime: t.create_time })
      }
    }
    for (const g of byTag.filter((g) => !g.deleted)) {
      if (!repo.findGroup(db, corpId, g.group_id)) {
        repo.restoreGroup(db, corpId, { id: g.group_id, name: g.group_name, order: g.order, createTime: g.create_time, origin: 'unknown' })
      }
      for (const t of g.tag.filter((t) => !t.deleted && wanted.has(t.id))) {
        const row = { id: t.id, groupId: g.group_id, name: t.name, order: t.order, createTime: t.create_time }
        repo.restoreTag(db, corpId, { ...row, origin: 'console' })
      }
    }
  })
}

/** What the ownership probe found out. */
export interface ProbeResult {
  app: number
  console: number
  /** Still unknown: WeCom gave another answer (busy, …); probed again after a later sync. */
  unknown: number
}

/**
 * How long an id the probe got no answer for (neither accepted nor refused for ownership)
 * waits before it is probed again: every tag sync probes, and WeCom's answer will not change
 * from one change_external_tag event to the next.
 */
const REPROBE_SECONDS = 24 * 60 * 60

/**
 * When each `${corpId}/${id}` was last probed without an answer, per database. In memory: a
 * restart only means one more probe of each.
 */
const unanswered = new WeakMap<Db, Map<string, number>>()

function unansweredProbes(db: Db): Map<string, number> {
  let probes = unanswered.get(db)
  if (!probes) unanswered.set(db, (probes = new Map()))
  return probes
}

/**
 * Finds out who owns the groups and tags Kelan does not know about yet (origin 'unknown'): a
 * no-op edit_corp_tag with the order Kelan has. Accepted → 'app'; refused for ownership →
 * 'console'; anything else leaves it 'unknown', not asked again for a day. Ids with an open
 * edit_tag item are left out: that item pushes their order, and a probe landing after it
 * would put an older order back. Stops at the first retryable failure (WeCom is busy; the
 * next sync tries again). WeCom's answers never make it throw.
 *
 * @param current what get_corp_tag_list just returned: only ids WeCom has are probed
 */
export async function probeTagOwnership(deps: Deps, current: readonly WecomTagGroup[]): Promise<ProbeResult> {
  const { db, corpId } = deps
  const result: ProbeResult = { app: 0, console: 0, unknown: 0 }
  const ids = probeCandidates(deps, current)
  for (const [i, id] of ids.entries()) {
    // Read now, not with the candidates: an edit may have come in while earlier probes ran.
    const target = findTarget(db, corpId, id)
    if (!target || findOpenItem(db, corpId, 'edit_tag', id)) continue
    const origin = await probeOne(deps, id, target.row.order)
    if (origin === 'retry_later') {
      result.unknown += ids.length - i
      break
    }
    if (origin === 'unknown') unansweredProbes(db).set(`${corpId}/${id}`, deps.clock.now())
    else setOrigin(db, corpId, { kind: target.kind, id }, origin)
    result[origin]++
  }
  return result
}

/** The unknown-origin ids WeCom lists, except those probed without an answer in the last day. */
function probeCandidates(deps: Deps, current: readonly WecomTagGroup[]): string[] {
  const { db, corpId } = deps
  const listed = new Set(current.flatMap((g) => [g.group_id, ...g.tag.map((t) => t.id)]))
  const probes = unansweredProbes(db)
  const recent = (id: string) => deps.clock.now() - (probes.get(`${corpId}/${id}`) ?? -Infinity) < REPROBE_SECONDS
  const unknown = repo.unknownOriginIds(db, corpId)
  return [...unknown.groups, ...unknown.tags].filter((id) => listed.has(id) && !recent(id))
}

async function probeOne(deps: Deps, id: string, order: number): Promise<TagOrigin | 'retry_later'> {
  try {
    await deps.wecom.editCorpTag({ id, order })
    return 'app'
  } catch (err) {
    if (isOwnership(err)) return 'console'
    return err instanceof WecomError && err.retryable ? 'retry_later' : 'unknown'
  }
}

/** The handlers to register with the outbox worker. */
export const tagLibraryHandlers: Pick<OutboxHandlers, 'create_tags' | 'edit_tag' | 'delete_tags'> = {
  create_tags: pushCreateTags,
  edit_tag: pushEditTag,
  delete_tags: pushDeleteTags,
}
