import type { Viewer } from '../../app-env'
import type { Deps } from '../../deps'
import { failPendingItems, findPendingItems, finishJob, hasPendingItems, markJobRunning, recordItemResults } from '../../jobs/jobs.repo'
import type { ChunkLimits, ChunkOutcome, ItemResult, JobRow } from '../../jobs/jobs.types'
import { findStaff } from '../auth/auth.repo'
import { applyCustomerChange, type ChangeContext } from '../tags/tags.repo'
import { appliedResult, NO_RELATION_MESSAGE, parseStoredInput, refusalMessage, type StoredBatchInput } from './tag-batches.domain'
import { findBatchRelations, findLockedTags, findNextOpenJob } from './tag-batches.repo'

/** A refusal that must undo what the customer's earlier relations already got. */
class ItemRefused extends Error {}

/**
 * Applies the next chunk of the oldest open batch job, or returns null when there is none.
 * The chunk's changes, its items' results and the job's counts commit in one transaction,
 * so after a crash the job resumes from its pending items, and nothing is applied twice.
 * The job is read in that transaction too: its input names tag ids, and a local id the
 * outbox replaces by WeCom's meanwhile is rewritten in open jobs (see replaceTagId), so a
 * chunk always sees the input as it is in one committed state.
 */
export function runBatchChunk(deps: Deps, limits: ChunkLimits, log: Pick<Console, 'error'> = console): ChunkOutcome | null {
  // Most polls find no job: the write lock is taken only when there is one.
  if (!findNextOpenJob(deps.db, deps.corpId)) return null
  return deps.db.$client.transaction(() => nextChunk(deps, limits, log)).immediate()
}

/** runBatchChunk's work, inside its transaction: the job read again, checked, and a chunk applied. */
function nextChunk(deps: Deps, limits: ChunkLimits, log: Pick<Console, 'error'>): ChunkOutcome | null {
  const job = findNextOpenJob(deps.db, deps.corpId)
  if (!job) return null
  const input = parseStoredInput(job.input)
  if (!input) return stopJob(deps, job, '任务数据无法读取，任务已停止')
  const operator = findStaff(deps.db, job.corpId, input.operator)
  if (!operator || operator.status !== 1 || operator.role === 'staff') {
    return stopJob(deps, job, '发起人已离职或不再是管理员/负责人，任务已停止')
  }
  const viewer: Viewer = { corpId: job.corpId, userid: operator.userid, role: operator.role }
  if (job.status === 'queued') markJobRunning(deps.db, job.id)
  return applyChunk(deps, { job, input, viewer }, limits, log)
}

/** One chunk's work, inside the chunk's transaction; stops early once the time budget is spent. */
function applyChunk(
  deps: Deps,
  { job, input, viewer }: { job: JobRow; input: StoredBatchInput; viewer: Viewer },
  limits: ChunkLimits,
  log: Pick<Console, 'error'>,
): ChunkOutcome {
  const started = performance.now()
  const items = findPendingItems(deps.db, job.id, limits.size)
  const subjects = items.map((i) => i.subject)
  const targets = scopedTargets(deps, viewer, subjects)
  const locked = findLockedTags(deps.db, job.corpId, subjects)
  const ctx: ChangeContext = { corpId: job.corpId, operator: viewer.userid, source: 'batch', now: deps.clock.now() }
  const results: { seq: number; result: ItemResult }[] = []
  for (const item of items) {
    const customer = { externalUserid: item.subject, targets: targets.get(item.subject) ?? [], locked: locked.get(item.subject), log }
    results.push({ seq: item.seq, result: applyToCustomer(deps, ctx, input, customer) })
    if (performance.now() - started >= limits.budgetMs) break
  }
  recordItemResults(deps.db, job.id, results)
  const finished = !hasPendingItems(deps.db, job.id)
  if (finished) finishJob(deps.db, job.id, { status: 'done', now: deps.clock.now() })
  return { jobId: job.id, processed: results.length, finished }
}

/** The followers in the operator's scope with an active relation, per customer. */
function scopedTargets(deps: Deps, viewer: Viewer, externalUserids: string[]): Map<string, string[]> {
  const targets = new Map<string, string[]>()
  for (const row of findBatchRelations(deps.db, viewer, externalUserids)) {
    if (!row.inScope) continue
    const list = targets.get(row.externalUserid) ?? []
    if (!list.includes(row.userid)) list.push(row.userid)
    targets.set(row.externalUserid, list)
  }
  return targets
}

/**
 * The batch's change on every relation of the customer that the operator may change, through
 * the same core write as the sidebar (history rows, outbox items, 互斥). All of the
 * customer's relations change or none do: a refusal on one rolls back the others.
 */
function applyToCustomer(
  deps: Deps,
  ctx: ChangeContext,
  input: StoredBatchInput,
  customer: { externalUserid: string; targets: readonly string[]; locked?: ReadonlySet<string>; log: Pick<Console, 'error'> },
): ItemResult {
  if (!customer.targets.length) return { status: 'skipped', message: NO_RELATION_MESSAGE }
  try {
    return deps.db.$client.transaction(() => {
      const changed = new Set<string>()
      for (const target of customer.targets) {
        const change = { externalUserid: customer.externalUserid, target, add: input.add, remove: input.remove, locked: customer.locked }
        const result = applyCustomerChange(deps.db, ctx, change)
        if ('applied' in result) result.applied.forEach((_diff, userid) => changed.add(userid))
        // A relation that ended a moment ago: the others still get the change.
        else if (result.refused.kind !== 'no_relation') throw new ItemRefused(refusalMessage(result.refused))
      }
      return appliedResult(changed.size)
    })()
  } catch (err) {
    if (err instanceof ItemRefused) return { status: 'failed', message: err.message }
    customer.log.error(`[kelan] batch tagging of ${customer.externalUserid} failed`, err)
    return { status: 'failed', message: '处理出错，请稍后重试' }
  }
}

/** Ends a job that may not go on: what is left fails with `reason`, so the counts add up. */
function stopJob(deps: Deps, job: JobRow, reason: string): ChunkOutcome {
  failPendingItems(deps.db, job.id, reason)
  finishJob(deps.db, job.id, { status: 'failed', now: deps.clock.now(), error: reason })
  return { jobId: job.id, processed: 0, finished: true }
}
