import { z } from 'zod'
import type { BatchConflict, BatchJob } from '@kelan/shared'
import type { jobs } from '../../db/schema'
import { jobProgress, type ItemResult } from '../../jobs/jobs.types'
import { describeRefusal, planCustomerChange, type ChangeRefusal, type TagMeta, type TagRefusal } from '../tags/tags.domain'

/** Most customers one batch may cover; a filter matching more is refused. */
export const BATCH_LIMIT = 10_000
/** Conflicts listed in a precheck; `conflictCount` still counts them all. */
export const CONFLICT_LIST_LIMIT = 200
/** Batches shown in the list. */
export const RECENT_JOBS = 20

/**
 * What a batch job keeps in `jobs.input`. Names are copied at start so the job still reads
 * the same after a tag is renamed or deleted.
 */
export const StoredBatchInput = z.object({
  add: z.array(z.string()),
  remove: z.array(z.string()),
  /** Who started it: the runner applies the batch with this user's data scope. */
  operator: z.string(),
  addNames: z.array(z.string()),
  removeNames: z.array(z.string()),
})
export type StoredBatchInput = z.infer<typeof StoredBatchInput>

/** Why a customer of the batch is left alone. */
export const NO_RELATION_MESSAGE = '没有可操作的跟进关系（已删除好友或不在管理范围内）'

/** One customer as a batch sees it. */
export interface BatchCustomerState {
  externalUserid: string
  /** '' when the viewer may not see the customer (or it does not exist). */
  name: string
  /** Every active relation of the customer: follower userid → tag ids on it. */
  relations: ReadonlyMap<string, ReadonlySet<string>>
  /** The followers whose relations the batch may change (active, in the operator's scope). */
  targets: readonly string[]
  /** Tags held by a special mark. */
  locked: ReadonlySet<string>
}

export interface BatchChange {
  add: readonly string[]
  remove: readonly string[]
  /** Meta of the batch's tags and of every tag the customers carry. */
  meta: ReadonlyMap<string, TagMeta>
}

/**
 * Two tags of one 互斥 group in `add`: the whole batch is refused, since no customer could
 * end with both. Uses the core rule on an empty customer, so it cannot drift from it.
 */
export function addMutexClash(change: BatchChange): Extract<ChangeRefusal, { kind: 'mutex' }> | undefined {
  const plan = planCustomerChange({ relations: new Map([['', new Set()]]), target: '', add: change.add, remove: [], meta: change.meta })
  return 'refused' in plan && plan.refused.kind === 'mutex' ? plan.refused : undefined
}

/**
 * What the batch would do to one customer, without doing it: the relations that would
 * change, and the conflicts to show before the admin confirms. The change is applied to each
 * target relation in turn, exactly as the runner does.
 */
export function planBatchCustomer(state: BatchCustomerState, change: BatchChange): { relations: number; conflicts: BatchConflict[] } {
  const conflict = (kind: BatchConflict['kind'], detail: string): BatchConflict => ({
    externalUserId: state.externalUserid,
    name: state.name,
    kind,
    detail,
  })
  if (!state.targets.length) return { relations: 0, conflicts: [conflict('no_relation', NO_RELATION_MESSAGE)] }
  const relations = new Map([...state.relations].map(([userid, ids]) => [userid, new Set(ids)]))
  const changed = new Set<string>()
  for (const target of state.targets) {
    const plan = planCustomerChange({ relations, target, add: change.add, remove: change.remove, meta: change.meta, locked: state.locked })
    if ('refused' in plan) return { relations: 0, conflicts: [conflict(plan.refused.kind, refusalMessage(plan.refused))] }
    for (const [userid, diff] of plan.changes) {
      const ids = relations.get(userid) ?? new Set<string>()
      diff.add.forEach((id) => ids.add(id))
      diff.remove.forEach((id) => ids.delete(id))
      relations.set(userid, ids)
      changed.add(userid)
    }
  }
  return { relations: changed.size, conflicts: mutexReplacements(state, change).map((detail) => conflict('mutex', detail)) }
}

/**
 * For each 互斥 tag the batch adds, the customer's other tags of that group, which will come
 * off: "已有「意向程度：高意向」，将被「低意向」替换".
 */
export function mutexReplacements(state: Pick<BatchCustomerState, 'relations'>, change: BatchChange): string[] {
  const carried = new Set([...state.relations.values()].flatMap((ids) => [...ids]))
  return change.add.flatMap((id) => {
    const tag = change.meta.get(id)
    if (!tag?.exclusive) return []
    const others = [...carried].filter((other) => other !== id && change.meta.get(other)?.groupId === tag.groupId)
    if (!others.length) return []
    const names = others.map((other) => change.meta.get(other)?.name ?? other).join('、')
    return [`已有「${tag.groupName}：${names}」，将被「${tag.name}」替换`]
  })
}

/** A refusal in words, for a precheck conflict or a failed item: the tags' wording, plus the batch's own for a missing relation. */
export function refusalMessage(refusal: TagRefusal | { kind: 'no_relation' }): string {
  return refusal.kind === 'no_relation' ? NO_RELATION_MESSAGE : describeRefusal(refusal)
}

/** A customer whose relations all changed as asked, or were already so. */
export function appliedResult(changedRelations: number): ItemResult {
  return changedRelations > 0
    ? { status: 'done', message: `已修改 ${changedRelations} 个跟进关系的标签` }
    : { status: 'skipped', message: '标签已是目标状态，无需修改' }
}

/** The job's input, or undefined for a row this version cannot read (it is then stopped, not retried forever). */
export function parseStoredInput(input: unknown): StoredBatchInput | undefined {
  const parsed = StoredBatchInput.safeParse(input)
  return parsed.success ? parsed.data : undefined
}

/** A jobs row as the API shows it; `creatorName` is the starter's name (their userid if unknown). */
export function toBatchJob(row: typeof jobs.$inferSelect, creatorName: string): BatchJob {
  const input = parseStoredInput(row.input)
  return { ...jobProgress(row), addNames: input?.addNames ?? [], removeNames: input?.removeNames ?? [], createdBy: creatorName }
}
