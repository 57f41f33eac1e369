import { setImmediate as nextTick } from 'node:timers/promises'
import type { SyncCounts, SyncRun } from '@kelan/shared'
import { IMMEDIATE } from '../../db/client'
import type { Deps } from '../../deps'
import { AppError } from '../../lib/errors'
import { WecomError, wecomErrorToAppError } from '../../wecom/errors'
import type { WecomBatchItem, WecomTagGroup } from '../../wecom/types'
import { enforceMarks, type EnforceContext } from '../marks/marks.enforce'
import { libraryCommits } from '../tag-library/tag-library.commits'
import { probeTagOwnership } from '../tag-library/tag-library.outbox'
import {
  BATCH_USERIDS,
  chunk,
  customerRow,
  endStatusFor,
  leadersByDepartment,
  membershipsOf,
  relationKey,
  relationRow,
  roleFor,
  staffRow,
  uniqueUsers,
  UNKNOWN_END_STATUS,
  type EndedStatus,
} from './sync.domain'
import {
  claimSyncRun,
  endRelations,
  finishSyncRun,
  findLastSyncRun,
  hasCompletedSync,
  listActiveFollowers,
  listActiveRelations,
  markMemberLeft,
  replaceCorpTags,
  replaceDepartments,
  replaceStaff,
  toSyncRun,
  upsertMember,
  writeCustomerBatch,
  type CustomerRow,
  type RelationWithTags,
  type WecomTagList,
} from './sync.repo'

/**
 * Rows per write transaction. better-sqlite3 is synchronous, so a transaction holds the event
 * loop as well as the write lock: a few hundred rows (a few ms) keep requests flowing during
 * a 100k-customer sync, and the loop is yielded between batches.
 */
const WRITE_BATCH = 500

/** Parallel user/list calls: well under WeCom's limits, much faster than one at a time. */
const USER_LIST_CONCURRENCY = 4

/** externalcontact/get errcodes meaning "no such customer for this corp (any more)". */
const CUSTOMER_GONE = new Set([40096, 84061])

/** user/get errcodes meaning "no such member the app can see". */
const MEMBER_GONE = new Set([40003, 60011, 60111])

/** A full sync that was started: the run as created, and the run as it finishes. */
export interface StartedSync {
  run: SyncRun
  /** Resolves with the finished run (done or failed); rejects only if the result cannot be stored. */
  done: Promise<SyncRun>
}

/**
 * Starts a full sync in the background and returns at once. One run at a time per corp.
 *
 * @throws AppError SYNC_RUNNING (409) while another run is in progress
 * @example const { run, done } = startFullSync(deps); await done
 */
export function startFullSync(deps: Deps): StartedSync {
  const claim = claimSyncRun(deps.db, deps.corpId, deps.clock.now())
  if ('busy' in claim) throw new AppError('SYNC_RUNNING', 409, '同步正在进行中')
  const id = claim.run.id
  const done = fetchAndWriteAll(deps, claim.run.startedAt).then(
    (counts) => finishSyncRun(deps.db, id, { status: 'done', finishedAt: deps.clock.now(), counts }),
    (err: unknown) => {
      console.error('[kelan] full sync failed', err)
      return finishSyncRun(deps.db, id, { status: 'failed', finishedAt: deps.clock.now(), error: describeError(err) })
    },
  )
  const finished = done.then(toSyncRun)
  // Callers that fire and forget must not turn a storage failure into an unhandled rejection.
  finished.catch((err: unknown) => console.error('[kelan] could not record the sync result', err))
  return { run: toSyncRun(claim.run), done: finished }
}

/** Runs a full sync to its end. @returns the finished run (status done or failed) */
export function fullSync(deps: Deps): Promise<SyncRun> {
  return startFullSync(deps).done
}

/**
 * On boot: starts a full sync when the corp has never completed one (first start, or every
 * earlier attempt failed). Call it once the server is listening: in demo mode WeCom is the
 * simulator served by this same process.
 *
 * @returns the finished run, or null when none was needed (one completed before, or one is running)
 */
export async function runFullSyncIfEmpty(deps: Deps): Promise<SyncRun | null> {
  if (hasCompletedSync(deps.db, deps.corpId)) return null
  try {
    return await startFullSync(deps).done
  } catch (err) {
    if (err instanceof AppError && err.code === 'SYNC_RUNNING') return null
    throw err
  }
}

/** The corp's most recent full sync, or null before the first. */
export function getLastSyncRun(deps: Deps): SyncRun | null {
  const row = findLastSyncRun(deps.db, deps.corpId)
  return row ? toSyncRun(row) : null
}

async function fetchAndWriteAll(deps: Deps, startedAt: number): Promise<SyncCounts> {
  const org = await syncOrganisation(deps)
  const tagCounts = await syncTags(deps)
  const customerCounts = await syncAllCustomers(deps, startedAt)
  return { ...org, ...tagCounts, ...customerCounts }
}

/** Departments, members, memberships and roles. */
async function syncOrganisation(deps: Deps): Promise<{ departments: number; staff: number }> {
  const { wecom, corpId } = deps
  const readAt = deps.clock.now()
  const departments = await wecom.listDepartments()
  const users = uniqueUsers(await mapLimit(departments, USER_LIST_CONCURRENCY, (d) => wecom.listUsers(d.id)))
  const leaders = leadersByDepartment(departments)
  const members = users.map((user) => {
    const memberships = membershipsOf(user, leaders)
    const role = roleFor(user.userid, deps.env.adminUserids, memberships.some((m) => m.isLeader))
    return { row: staffRow(corpId, user, role, readAt), memberships }
  })
  replaceDepartments(
    deps.db,
    corpId,
    departments.map((d) => ({ corpId, id: d.id, name: d.name, parentId: d.parentid, order: d.order })),
  )
  replaceStaff(deps.db, corpId, members, deps.clock.now())
  return { departments: departments.length, staff: members.length }
}

/**
 * How often syncTags reads WeCom's tag list when a library outbox handler commits during
 * every read, before it gives up; the caller tries again later (a callback event backs off).
 */
const TAG_LIST_READS = 5

/**
 * Makes Kelan's corp tags match WeCom's (get_corp_tag_list): the incremental step for
 * change_external_tag events and part of every full sync. Kelan's own fields and changes
 * still on their way to WeCom are kept (see replaceCorpTags). A list read while a library
 * outbox handler committed is read again: it may predate what that handler pushed.
 * Afterwards, groups and tags whose owner is not known yet (new from WeCom) are probed: only
 * the app that created a tag may edit it, and the library shows the others as read-only.
 */
export async function syncTags(deps: Deps): Promise<{ tagGroups: number; tags: number }> {
  for (let read = 1; ; read++) {
    const listFrom = libraryCommits(deps.db)
    const groups = (await deps.wecom.getCorpTagList()).filter((g) => !g.deleted)
    const list = tagListRows(deps.corpId, groups)
    if (replaceCorpTags(deps.db, deps.corpId, list, { now: deps.clock.now(), listFrom })) {
      await probeTagOwnership(deps, groups)
      return { tagGroups: list.groups.length, tags: list.tags.length }
    }
    if (read === TAG_LIST_READS) throw new Error(`标签库正在同步到企业微信（连续 ${read} 次读取期间有变化），请稍后重试`)
  }
}

/** WeCom's live groups and tags as rows. */
function tagListRows(corpId: string, groups: WecomTagGroup[]): WecomTagList {
  return {
    groups: groups.map((g) => ({ corpId, id: g.group_id, name: g.group_name, order: g.order, createTime: g.create_time })),
    tags: groups.flatMap((g) =>
      g.tag
        .filter((t) => !t.deleted)
        .map((t) => ({ corpId, id: t.id, groupId: g.group_id, name: t.name, order: t.order, createTime: t.create_time })),
    ),
  }
}

/**
 * Every customer of every member with the customer-contact feature, through
 * batch/get_by_user (≤ 100 members per call). Relations WeCom no longer reports are ended
 * afterwards, and only after every fetch succeeded: a failed sync ends nothing. Relations
 * the callback worker wrote since the run started are not ended either (`readAt` is just
 * before the start): the batch for their member may have been read before they existed.
 * Members WeCom skipped for lack of an interop licence are not read at all, so their
 * relations (and tags) are left exactly as they were: unknown is not gone.
 */
async function syncAllCustomers(
  deps: Deps,
  startedAt: number,
): Promise<{ customers: number; relations: number; unlicensedStaff: number }> {
  const seen: Seen = { customers: new Set(), relations: new Set() }
  const unlicensed = new Set<string>()
  const followers = await deps.wecom.getFollowUserList()
  for (const userids of chunk(followers, BATCH_USERIDS)) {
    const readAt = deps.clock.now()
    const { items, unlicensedUserids } = await deps.wecom.batchGetByUser(userids)
    unlicensedUserids.forEach((u) => unlicensed.add(u))
    await writeFetched(deps, items, readAt, seen)
  }
  if (unlicensed.size) logUnlicensed([...unlicensed])
  await endUnseenRelations(deps, seen.relations, unlicensed, startedAt - 1)
  return { customers: seen.customers.size, relations: seen.relations.size, unlicensedStaff: unlicensed.size }
}

/** What a full sync has written so far: customer ids and relation keys ({@link relationKey}). */
interface Seen {
  customers: Set<string>
  relations: Set<string>
}

/** Where enforcement of special marks runs after a sync write. */
const markContext = (deps: Deps): EnforceContext => ({ corpId: deps.corpId, now: deps.clock.now(), publicUrl: deps.env.publicUrl })

/**
 * Writes one batch/get_by_user result in small transactions, each customer and relation once
 * per run. Special marks are enforced in each batch's transaction: a relation added in WeCom
 * while Kelan was not listening (no callback) gets its mark tag and remark with the sync.
 */
async function writeFetched(deps: Deps, items: WecomBatchItem[], readAt: number, seen: Seen): Promise<void> {
  for (const part of chunk(items, WRITE_BATCH)) {
    const batch: { customers: CustomerRow[]; relations: RelationWithTags[] } = { customers: [], relations: [] }
    for (const { external_contact: contact, follow_info: follow } of part) {
      const id = contact.external_userid
      if (!seen.customers.has(id)) batch.customers.push(customerRow(deps.corpId, contact, readAt))
      seen.customers.add(id)
      const key = relationKey(id, follow.userid)
      if (!seen.relations.has(key)) batch.relations.push(relationRow(deps.corpId, id, follow, readAt))
      seen.relations.add(key)
    }
    const queued = deps.db.transaction(() => {
      writeCustomerBatch(deps.db, batch)
      return enforceMarks(deps.db, markContext(deps), [...new Set(batch.relations.map((r) => r.externalUserid))]).queued
    }, IMMEDIATE)
    if (queued) deps.wake?.('outbox')
    await nextTick()
  }
}

/**
 * Ends the active relations the run did not see, except those of unlicensed members and
 * those written from a WeCom read after `readAt` (see {@link endRelations}).
 */
async function endUnseenRelations(deps: Deps, seen: Set<string>, unlicensed: Set<string>, readAt: number): Promise<void> {
  const missing = listActiveRelations(deps.db, deps.corpId).filter(
    (r) => !unlicensed.has(r.userid) && !seen.has(relationKey(r.externalUserid, r.userid)),
  )
  for (const part of chunk(missing, WRITE_BATCH)) {
    const ended = part.map((r) => ({ ...r, status: UNKNOWN_END_STATUS }))
    endRelations(deps.db, deps.corpId, ended, { now: deps.clock.now(), readAt })
    await nextTick()
  }
}

/** Tells the operator which members to give a licence; their customers stay as last synced. */
function logUnlicensed(userids: string[]): void {
  const shown = userids.slice(0, 20).join(', ') + (userids.length > 20 ? ', ...' : '')
  console.warn(
    `[kelan] full sync: ${userids.length} member(s) without a WeCom interop licence skipped, ` +
      `their customers left as last synced: ${shown}`,
  )
}

/** What a delete event said about one member's relation, to name how it ended. */
export interface EndHint {
  userid: string
  status: EndedStatus
}

/**
 * Re-fetches one customer (externalcontact/get) and writes the customer and every follower
 * WeCom reports; the customer's active relations it no longer reports are ended (with
 * `hint.status` for `hint.userid`, see {@link endStatusFor}). When WeCom says the customer is
 * gone (40096, 84061), all of its relations are ended. A special mark standing on the customer
 * is enforced in the same transaction: a follower who just added them, or who took the mark
 * tag off or changed the remark in WeCom, gets both (back) at once.
 *
 * @returns 'synced', or 'gone' when WeCom no longer knows the customer
 */
export async function syncCustomer(deps: Deps, externalUserid: string, hint?: EndHint): Promise<'synced' | 'gone'> {
  const { db, corpId } = deps
  const readAt = deps.clock.now()
  const detail = await deps.wecom.getExternalContact(externalUserid).catch((err: unknown) => {
    if (err instanceof WecomError && CUSTOMER_GONE.has(err.errcode)) return null
    throw err
  })
  const relations = detail ? detail.follow_user.map((f) => relationRow(corpId, externalUserid, f, readAt)) : []
  const present = new Set(relations.map((r) => r.userid))
  // IMMEDIATE: it reads the active followers and writes from them (see sync.repo).
  const marks = db.transaction(() => {
    if (detail) {
      const batch = { customers: [customerRow(corpId, detail.external_contact, readAt)], relations }
      writeCustomerBatch(db, batch, { historyForNew: true })
    }
    const ended = listActiveFollowers(db, corpId, externalUserid)
      .filter((userid) => !present.has(userid))
      .map((userid) => ({ externalUserid, userid, status: endStatusFor(userid, hint) }))
    endRelations(db, corpId, ended, { now: deps.clock.now(), readAt })
    return enforceMarks(db, markContext(deps), [externalUserid])
  }, IMMEDIATE)
  if (marks.queued) deps.wake?.('outbox')
  return detail ? 'synced' : 'gone'
}

/**
 * For the sidebar: fetches a customer Kelan does not have yet (added since the last sync,
 * callback not processed yet).
 *
 * @returns false when WeCom does not know the customer (40096, 84061)
 */
export async function fetchCustomerOnDemand(deps: Deps, externalUserid: string): Promise<boolean> {
  return (await syncCustomer(deps, externalUserid)) === 'synced'
}

/**
 * Fetches one member (user/get) and writes them with their memberships and role; used when
 * someone signs in who joined after the last full sync. Leadership comes from the member's
 * own `is_leader_in_dept` only (department_leader needs the department list; the next full
 * sync completes it).
 *
 * @returns false when WeCom has no such member visible to the app (then marked left if known)
 */
export async function syncStaffMember(deps: Deps, userid: string): Promise<boolean> {
  const readAt = deps.clock.now()
  const user = await deps.wecom.getUser(userid).catch((err: unknown) => {
    if (err instanceof WecomError && MEMBER_GONE.has(err.errcode)) return null
    throw err
  })
  if (!user) {
    markMemberLeft(deps.db, deps.corpId, userid, deps.clock.now())
    return false
  }
  const memberships = membershipsOf(user, new Map())
  const role = roleFor(user.userid, deps.env.adminUserids, memberships.some((m) => m.isLeader))
  upsertMember(deps.db, deps.corpId, { row: staffRow(deps.corpId, user, role, readAt), memberships })
  return true
}

/** A message for sync_runs.error an admin can act on. */
function describeError(err: unknown): string {
  if (err instanceof WecomError) return `${wecomErrorToAppError(err).message}：${err.path}`
  return err instanceof Error ? err.message : String(err)
}

/** Maps with at most `limit` calls in flight; results keep the input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}
