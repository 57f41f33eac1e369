import type { Viewer } from '../../app-env'
import type { Deps } from '../../deps'
import { runJobChunk, type ItemsJobKind, type PendingItem } from '../../jobs/chunk-runner'
import type { ChunkLimits, ChunkOutcome, ItemResult, JobRow } from '../../jobs/jobs.types'
import { applyCustomerChange, type ChangeContext } from '../tags/tags.repo'
import { appliedResult, NO_RELATION_MESSAGE, parseStoredInput, refusalMessage, type StoredBatchInput } from './tag-batches.domain'
import { findBatchRelations, findLockedTags } from './tag-batches.repo'

/** A refusal that must undo what the customer's earlier relations already got. */
class ItemRefused extends Error {}

/**
 * Tags the customers of the oldest open batch job (see runJobChunk): the operator must still
 * be an admin or a department head, and changes only the relations in their scope.
 */
const BATCH_TAGS: ItemsJobKind<StoredBatchInput> = {
  kind: 'batch_tags',
  parseInput: parseStoredInput,
  mayRun: (_deps, operator) => operator.role !== 'staff',
  operatorRefused: '发起人已离职或不再是管理员/负责人，任务已停止',
  begin(deps, { row, input, operator }, log) {
    const viewer: Viewer = { corpId: row.corpId, userid: operator.userid, role: operator.role }
    return (items) => chunkApplier(deps, { job: row, input, viewer }, items, log)
  },
}

/**
 * Applies the next chunk of the oldest open batch job, or returns null when there is none.
 * The chunk's changes, its items' results and the job's counts commit in one transaction,
 * so after a crash the job resumes from its pending items, and nothing is applied twice.
 * The job is read in that transaction too: its input names tag ids, and a local id the
 * outbox replaces by WeCom's meanwhile is rewritten in open jobs (see replaceTagId), so a
 * chunk always sees the input as it is in one committed state.
 */
export function runBatchChunk(deps: Deps, limits: ChunkLimits, log: Pick<Console, 'error'> = console): ChunkOutcome | null {
  const outcome = runJobChunk(deps, BATCH_TAGS, limits, log)
  // The chunk queued mark_tag pushes: start them now rather than at the worker's next poll.
  if (outcome?.processed) deps.wake?.('outbox')
  return outcome
}

/** The per-customer change of one chunk: the chunk's scoped relations and locks read once. */
function chunkApplier(
  deps: Deps,
  { job, input, viewer }: { job: JobRow; input: StoredBatchInput; viewer: Viewer },
  items: readonly PendingItem[],
  log: Pick<Console, 'error'>,
): (item: PendingItem) => ItemResult {
  const subjects = items.map((i) => i.subject)
  const targets = scopedTargets(deps, viewer, subjects)
  const locked = findLockedTags(deps.db, job.corpId, subjects)
  const ctx: ChangeContext = { corpId: job.corpId, operator: viewer.userid, source: 'batch', now: deps.clock.now() }
  return (item) => {
    const customer = { externalUserid: item.subject, targets: targets.get(item.subject) ?? [], locked: locked.get(item.subject), log }
    return applyToCustomer(deps, ctx, input, customer)
  }
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
