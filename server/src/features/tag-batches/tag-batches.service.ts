import type { BatchJob, BatchJobList, BatchPrecheck, BatchTagInput } from '@kelan/shared'
import type { Viewer } from '../../app-env'
import type { Deps } from '../../deps'
import { AppError, notFound } from '../../lib/errors'
import { resultWorkbook, xlsxDownload, type XlsxDownload } from '../../lib/spreadsheet'
import { findStaff } from '../auth/auth.repo'
import { findMatchingCustomerIds } from '../customers/admin-customers.repo'
import { parseFilterRecord } from '../customers/admin-customers.service'
import { describeRefusal } from '../tags/tags.domain'
import { loadTagMeta } from '../tags/tags.repo'
import {
  addMutexClash,
  BATCH_LIMIT,
  CONFLICT_LIST_LIMIT,
  planBatchCustomer,
  RECENT_JOBS,
  toBatchJob,
  type StoredBatchInput,
  type BatchChange,
  type BatchCustomerState,
} from './tag-batches.domain'
import {
  findBatchRelations,
  findCustomerNames,
  findJob,
  findJobResults,
  findLockedTags,
  insertBatchJob,
  listJobs,
} from './tag-batches.repo'

/** The customers a batch is for, in order, without duplicates. Throws 400 past the cap. */
function selectCustomers(deps: Deps, viewer: Viewer, input: BatchTagInput): string[] {
  if ('ids' in input.selection) return [...new Set(input.selection.ids)]
  const filter = parseFilterRecord(input.selection.filter, 'selection.filter')
  const ids = findMatchingCustomerIds(deps.db, viewer, filter, BATCH_LIMIT + 1)
  if (ids.length > BATCH_LIMIT) {
    throw new AppError('VALIDATION_FAILED', 400, `一次最多处理 ${BATCH_LIMIT} 个客户，请缩小筛选范围`, { details: { limit: BATCH_LIMIT } })
  }
  return ids
}

/**
 * The batch's tags, checked: every id must exist (400 otherwise), and `add` may not hold two
 * tags of one 互斥 group (409 MUTEX_CONFLICT for the whole request).
 */
function checkedTags(deps: Deps, viewer: Viewer, input: BatchTagInput) {
  const meta = loadTagMeta(deps.db, viewer.corpId, [...input.add, ...input.remove])
  const unknown = [...input.add, ...input.remove].filter((id) => !meta.has(id))
  if (unknown.length) {
    throw new AppError('VALIDATION_FAILED', 400, describeRefusal({ kind: 'unknown_tags', ids: unknown }), { details: { tagIds: unknown } })
  }
  const clash = addMutexClash({ add: input.add, remove: input.remove, meta })
  if (clash) {
    throw new AppError('MUTEX_CONFLICT', 409, describeRefusal(clash), { details: { groupName: clash.groupName, tagNames: clash.tagNames } })
  }
  return meta
}

/** How each selected customer stands: relations, which of them the viewer may change, locks. */
function customerStates(deps: Deps, viewer: Viewer, ids: readonly string[]): BatchCustomerState[] {
  const relations = new Map<string, Map<string, Set<string>>>()
  const targets = new Map<string, Set<string>>()
  for (const row of findBatchRelations(deps.db, viewer, ids)) {
    const byFollower = relations.get(row.externalUserid) ?? new Map<string, Set<string>>()
    relations.set(row.externalUserid, byFollower)
    const tagIds = byFollower.get(row.userid) ?? new Set<string>()
    byFollower.set(row.userid, tagIds)
    if (row.tagId) tagIds.add(row.tagId)
    if (row.inScope) targets.set(row.externalUserid, (targets.get(row.externalUserid) ?? new Set()).add(row.userid))
  }
  const names = findCustomerNames(deps.db, viewer.corpId, ids)
  const locked = findLockedTags(deps.db, viewer.corpId, ids)
  return ids.map((id) => {
    const mine = [...(targets.get(id) ?? [])]
    // A customer outside the viewer's scope reads exactly like one that does not exist.
    const visible = mine.length > 0 || viewer.role === 'admin'
    return {
      externalUserid: id,
      name: visible ? (names.get(id) ?? '') : '',
      relations: relations.get(id) ?? new Map(),
      targets: mine,
      locked: locked.get(id) ?? new Set(),
    }
  })
}

/**
 * What a batch would do, with nothing applied: how many customers and relations it would
 * change, and the conflicts to confirm (互斥 replacements, locked tags, customers without a
 * relation the viewer may change).
 */
export function precheckBatch(deps: Deps, viewer: Viewer, input: BatchTagInput): BatchPrecheck {
  const tagMeta = checkedTags(deps, viewer, input)
  const ids = selectCustomers(deps, viewer, input)
  const states = customerStates(deps, viewer, ids)
  const carried = states.flatMap((s) => [...s.relations.values()].flatMap((tagIds) => [...tagIds]))
  const meta = new Map([...loadTagMeta(deps.db, viewer.corpId, carried), ...tagMeta])
  const change: BatchChange = { add: input.add, remove: input.remove, meta }
  let relations = 0
  const conflicts: BatchPrecheck['conflicts'] = []
  let conflictCount = 0
  for (const state of states) {
    const plan = planBatchCustomer(state, change)
    relations += plan.relations
    conflictCount += plan.conflicts.length
    conflicts.push(...plan.conflicts.slice(0, CONFLICT_LIST_LIMIT - conflicts.length))
  }
  return { customers: ids.length, relations, conflicts, conflictCount }
}

/**
 * Starts a batch: the selection is resolved now (a filter is evaluated once, here) and
 * stored as the job's items with the job, in one transaction; the job runner applies it in
 * the background. Answers the queued job.
 */
export function startBatch(deps: Deps, viewer: Viewer, input: BatchTagInput): BatchJob {
  const meta = checkedTags(deps, viewer, input)
  const ids = selectCustomers(deps, viewer, input)
  if (!ids.length) throw new AppError('VALIDATION_FAILED', 400, '没有符合条件的客户')
  const nameOf = (id: string) => meta.get(id)?.name ?? id
  const stored: StoredBatchInput = {
    add: input.add,
    remove: input.remove,
    operator: viewer.userid,
    addNames: input.add.map(nameOf),
    removeNames: input.remove.map(nameOf),
  }
  const row = insertBatchJob(deps.db, { corpId: viewer.corpId, input: stored, createdBy: viewer.userid, now: deps.clock.now() }, ids)
  deps.wake?.('jobs')
  return toBatchJob(row, findStaff(deps.db, viewer.corpId, viewer.userid)?.name ?? viewer.userid)
}

/** Admins see every batch of the corp; a manager only the batches they started. */
function visibleJob(deps: Deps, viewer: Viewer, id: number) {
  const found = findJob(deps.db, viewer.corpId, id)
  if (!found || (viewer.role !== 'admin' && found.job.createdBy !== viewer.userid)) throw notFound('批量任务')
  return found
}

export function getBatchJob(deps: Deps, viewer: Viewer, id: number): BatchJob {
  const { job, creatorName } = visibleJob(deps, viewer, id)
  return toBatchJob(job, creatorName)
}

export function listBatchJobs(deps: Deps, viewer: Viewer): BatchJobList {
  const rows = listJobs(deps.db, viewer.corpId, viewer.role === 'admin' ? undefined : viewer.userid, RECENT_JOBS)
  return { items: rows.map(({ job, creatorName }) => toBatchJob(job, creatorName)) }
}

/**
 * The per-customer result of a batch as an xlsx file (客户, 客户ID, 结果, 说明), with the
 * Content-Disposition to download it under a Chinese name. Customers not processed yet read
 * 待处理, so it can be downloaded while the batch runs.
 */
export async function batchResultFile(deps: Deps, viewer: Viewer, id: number): Promise<XlsxDownload> {
  const { job } = visibleJob(deps, viewer, id)
  const columns = [
    { header: '客户', key: 'name', width: 24 },
    { header: '客户ID', key: 'id', width: 40 },
  ]
  const rows = findJobResults(deps.db, viewer, job.id).map((row) => ({
    values: { name: row.name, id: row.subject },
    status: row.status,
    message: row.message,
  }))
  const workbook = resultWorkbook({ name: '批量打标签结果', columns, messageWidth: 48 }, rows)
  return xlsxDownload(workbook, `批量打标签结果-${job.id}.xlsx`, `batch-tags-${job.id}.xlsx`)
}
