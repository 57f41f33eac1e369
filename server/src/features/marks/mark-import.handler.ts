import type { Deps } from '../../deps'
import { failPendingItems, findPendingItems, finishJob, hasPendingItems, markJobRunning, recordItemResults } from '../../jobs/jobs.repo'
import type { ChunkLimits, ChunkOutcome, ItemResult, JobRow } from '../../jobs/jobs.types'
import { findNextOpenJobOfKind } from '../../jobs/import-jobs.repo'
import { AppError } from '../../lib/errors'
import { parseImportRow } from '../../lib/spreadsheet'
import { permissionsOf } from '../auth/auth.domain'
import { findGrants, findStaff } from '../auth/auth.repo'
import { checkMarkRow, parseMarkImportInput, type ImportTag } from './mark-import.domain'
import type { ResolvedTarget } from './marks-admin.domain'
import { findCustomersByIds, findCustomersByUnionids, findTagRefs } from './marks-admin.repo'
import { writeMarks } from './marks-admin.service'
import { markTagIds } from './marks.repo'

const MARKED = '已标记'
const UNEXPECTED = '处理出错，请稍后重试'

/**
 * Marks the next chunk of rows of the oldest open mark import job, or returns null when there
 * is none. The rows' marks (with their enforcement), their results and the job's counts commit
 * in one transaction, so after a crash the job resumes from its pending rows and no row is
 * marked twice. Each row runs in its own savepoint: a refused row leaves nothing behind.
 */
export function runMarkImportChunk(deps: Deps, limits: ChunkLimits, log: Pick<Console, 'error'> = console): ChunkOutcome | null {
  // Most polls find no job: the write lock is taken only when there is one.
  if (!findNextOpenJobOfKind(deps.db, deps.corpId, 'mark_import')) return null
  const outcome = deps.db.$client.transaction(() => nextChunk(deps, limits, log)).immediate()
  if (outcome?.processed) deps.wake?.('outbox')
  return outcome
}

function nextChunk(deps: Deps, limits: ChunkLimits, log: Pick<Console, 'error'>): ChunkOutcome | null {
  const job = findNextOpenJobOfKind(deps.db, deps.corpId, 'mark_import')
  if (!job) return null
  const input = parseMarkImportInput(job.input)
  if (!input) return stopJob(deps, job, '任务数据无法读取，任务已停止')
  const operator = findStaff(deps.db, job.corpId, input.operator)
  // The list is for admins and granted staff: one who left or lost the grant since the upload stops the job.
  const allowed = operator?.status === 1 && permissionsOf(operator.role, findGrants(deps.db, job.corpId, operator.userid)).includes('marks')
  if (!allowed) return stopJob(deps, job, '发起人已离职或不再有客户标记管理权限，任务已停止')
  if (job.status === 'queued') markJobRunning(deps.db, job.id)
  const markTags = findTagRefs(deps.db, deps.corpId, markTagIds(deps.db, deps.corpId)).map((t) => ({ id: t.id, name: t.name }))
  const started = performance.now()
  const results: { seq: number; result: ItemResult }[] = []
  for (const item of findPendingItems(deps.db, job.id, limits.size)) {
    results.push({ seq: item.seq, result: importRow(deps, input.operator, markTags, item.subject, log) })
    if (performance.now() - started >= limits.budgetMs) break
  }
  recordItemResults(deps.db, job.id, results)
  const finished = !hasPendingItems(deps.db, job.id)
  if (finished) finishJob(deps.db, job.id, { status: 'done', now: deps.clock.now() })
  return { jobId: job.id, processed: results.length, finished }
}

/** Who a checked row names: a known customer by either key, a unionid nobody added, or nobody. */
function resolveRow(deps: Deps, key: string, byExternalUserid: boolean): ResolvedTarget | undefined {
  const customer = byExternalUserid
    ? findCustomersByIds(deps.db, deps.corpId, [key]).get(key)
    : findCustomersByUnionids(deps.db, deps.corpId, [key]).get(key)
  if (customer) return { known: true, customer }
  return byExternalUserid ? undefined : { known: false, unionid: key }
}

/** One row: checked, resolved and marked (source 'import'); or why not. */
function importRow(deps: Deps, operator: string, markTags: readonly ImportTag[], subject: string, log: Pick<Console, 'error'>): ItemResult {
  const row = parseImportRow(subject)
  if (!row) return { status: 'failed', message: '该行数据无法读取' }
  const checked = checkMarkRow(row, markTags)
  if (!checked.ok) return { status: 'failed', message: checked.message }
  const target = resolveRow(deps, checked.key, checked.byExternalUserid)
  if (!target) return { status: 'failed', message: '客户不存在' }
  try {
    deps.db.$client.transaction(() => {
      const write = { tag: checked.tag, remark: checked.remark, reason: checked.reason, source: 'import' as const, operator, now: deps.clock.now() }
      writeMarks(deps, write, [target])
    })()
    return { status: 'done', message: target.known ? MARKED : `${MARKED}（尚无员工添加该客户，添加后自动生效）` }
  } catch (err) {
    if (err instanceof AppError && err.code === 'ALREADY_MARKED') return { status: 'failed', message: '该客户已在标记名单中' }
    if (err instanceof AppError && err.status < 500) return { status: 'failed', message: err.message }
    log.error(`[kelan] mark import of row ${row.row} failed`, err)
    return { status: 'failed', message: UNEXPECTED }
  }
}

/** Ends a job that may not go on: what is left fails with `reason`, so the counts add up. */
function stopJob(deps: Deps, job: JobRow, reason: string): ChunkOutcome {
  failPendingItems(deps.db, job.id, reason)
  finishJob(deps.db, job.id, { status: 'failed', now: deps.clock.now(), error: reason })
  return { jobId: job.id, processed: 0, finished: true }
}
