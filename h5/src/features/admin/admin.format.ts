import type { BatchConflict, BatchJob, OutboxFailure, SyncCounts, SyncRun } from '@kelan/shared'

export const CONFLICT_KIND_LABELS: Record<BatchConflict['kind'], string> = {
  mutex: '互斥冲突',
  locked: '标记锁定',
  no_relation: '无跟进关系',
}

export const BATCH_STATUS_LABELS: Record<BatchJob['status'], string> = {
  queued: '排队中',
  running: '执行中',
  done: '已完成',
  failed: '失败',
}

/** A job no longer moves (its result can be downloaded). */
export const isJobFinished = (job: Pick<BatchJob, 'status'>): boolean => job.status === 'done' || job.status === 'failed'

/**
 * How far a job is, 0–100, counting failed customers as handled.
 *
 * @example jobPercent({ total: 200, done: 50, failed: 10 }) // 30
 */
export function jobPercent(job: Pick<BatchJob, 'total' | 'done' | 'failed'>): number {
  if (job.total <= 0) return 0
  return Math.min(100, Math.floor(((job.done + job.failed) * 100) / job.total))
}

/** "添加「A」「B」，移除「C」" */
export function jobActionText(job: Pick<BatchJob, 'addNames' | 'removeNames'>): string {
  const quote = (names: string[]) => names.map((n) => `「${n}」`).join('')
  const parts: string[] = []
  if (job.addNames.length) parts.push(`添加${quote(job.addNames)}`)
  if (job.removeNames.length) parts.push(`移除${quote(job.removeNames)}`)
  return parts.join('，')
}

export const SYNC_STATUS_LABELS: Record<SyncRun['status'], string> = { running: '同步中', done: '已完成', failed: '失败' }

/** The counts of a sync run in words, skipping the licence note when nobody was left out. */
export function syncCountsText(counts: SyncCounts): string {
  const parts = [
    `部门 ${counts.departments}`,
    `成员 ${counts.staff}`,
    `标签组 ${counts.tagGroups}`,
    `标签 ${counts.tags}`,
    `客户 ${counts.customers}`,
    `跟进关系 ${counts.relations}`,
  ]
  if (counts.unlicensedStaff) parts.push(`未获接口许可成员 ${counts.unlicensedStaff}`)
  return parts.join(' · ')
}

export const OUTBOX_KIND_LABELS: Record<OutboxFailure['kind'], string> = {
  mark_tag: '客户标签',
  create_tags: '新建标签',
  edit_tag: '修改标签',
  delete_tags: '删除标签',
  remark: '修改备注',
  app_message: '应用消息',
}
