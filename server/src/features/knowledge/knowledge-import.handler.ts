import type { KnowledgeKind } from '@kelan/shared'
import type { Viewer } from '../../app-env'
import type { Deps } from '../../deps'
import { AppError } from '../../lib/errors'
import { findStaff } from '../auth/auth.repo'
import { failPendingItems, findPendingItems, finishJob, hasPendingItems, markJobRunning, recordItemResults } from '../../jobs/jobs.repo'
import type { ChunkLimits, ChunkOutcome, ItemResult, JobRow } from '../../jobs/jobs.types'
import { findNextOpenJobOfKind } from '../../jobs/import-jobs.repo'
import { parseImportRow } from '../../lib/spreadsheet'
import { indexTree } from './knowledge.domain'
import * as repo from './knowledge.repo'
import { createCategory, createItem } from './knowledge.service'
import { checkRow, parseImportInput } from './knowledge-import.domain'

const IMPORTED = '已导入'
const UNEXPECTED = '处理出错，请稍后重试'

/**
 * Imports the next chunk of rows of the oldest open knowledge import job, or returns null
 * when there is none. The rows' items, their results and the job's counts commit in one
 * transaction, so after a crash the job resumes from its pending rows and no row is imported
 * twice. Each row runs in its own savepoint: a refused row leaves nothing behind (not even
 * the categories it created on its way).
 */
export function runKnowledgeImportChunk(deps: Deps, limits: ChunkLimits, log: Pick<Console, 'error'> = console): ChunkOutcome | null {
  // Most polls find no job: the write lock is taken only when there is one.
  if (!findNextOpenJobOfKind(deps.db, deps.corpId, 'knowledge_import')) return null
  return deps.db.$client.transaction(() => nextChunk(deps, limits, log)).immediate()
}

function nextChunk(deps: Deps, limits: ChunkLimits, log: Pick<Console, 'error'>): ChunkOutcome | null {
  const job = findNextOpenJobOfKind(deps.db, deps.corpId, 'knowledge_import')
  if (!job) return null
  const input = parseImportInput(job.input)
  if (!input) return stopJob(deps, job, '任务数据无法读取，任务已停止')
  const operator = findStaff(deps.db, job.corpId, input.operator)
  // Public library writes are for admins: one demoted or gone since the upload stops the job.
  if (!operator || operator.status !== 1 || operator.role !== 'admin') return stopJob(deps, job, '发起人已离职或不再是管理员，任务已停止')
  if (job.status === 'queued') markJobRunning(deps.db, job.id)
  const viewer: Viewer = { corpId: job.corpId, userid: operator.userid, role: operator.role }
  const started = performance.now()
  const results: { seq: number; result: ItemResult }[] = []
  for (const item of findPendingItems(deps.db, job.id, limits.size)) {
    results.push({ seq: item.seq, result: importRow(deps, viewer, input.kind, item.subject, log) })
    if (performance.now() - started >= limits.budgetMs) break
  }
  recordItemResults(deps.db, job.id, results)
  const finished = !hasPendingItems(deps.db, job.id)
  if (finished) finishJob(deps.db, job.id, { status: 'done', now: deps.clock.now() })
  return { jobId: job.id, processed: results.length, finished }
}

/** One row: checked, its category path made, its item created; or why not. */
function importRow(deps: Deps, viewer: Viewer, kind: KnowledgeKind, subject: string, log: Pick<Console, 'error'>): ItemResult {
  const row = parseImportRow(subject)
  if (!row) return { status: 'failed', message: '该行数据无法读取' }
  const checked = checkRow(kind, row)
  if (!checked.ok) return { status: 'failed', message: checked.message }
  try {
    deps.db.$client.transaction(() => {
      const categoryId = ensureCategoryPath(deps, viewer, kind, checked.path)
      createItem(deps, viewer, { ...checked.item, categoryId })
    })()
    return { status: 'done', message: IMPORTED }
  } catch (err) {
    if (err instanceof AppError && err.status < 500) return { status: 'failed', message: err.message }
    log.error(`[kelan] knowledge import of row ${row.row} failed`, err)
    return { status: 'failed', message: UNEXPECTED }
  }
}

/**
 * The category at `path` below 全部 in the public tree of `kind`, creating what is missing
 * through the service (so the depth, 未分类 and name rules apply); an empty path is 未分类.
 *
 * @throws AppError CONFLICT / NAME_TAKEN from createCategory
 */
function ensureCategoryPath(deps: Deps, viewer: Viewer, kind: KnowledgeKind, path: readonly string[]): number {
  const tree = repo.ensureTree(deps.db, deps.corpId, { library: 'public', owner: '', kind }, deps.clock.now())
  if (!path.length) return repo.uncategorizedOf(deps.db, tree.id)
  let index = indexTree(repo.listCategories(deps.db, tree.id))
  let parentId = index.root.id
  for (const name of path) {
    let child = index.children.get(parentId)?.find((c) => c.name === name)
    if (!child) {
      createCategory(deps, viewer, { parentId, name })
      index = indexTree(repo.listCategories(deps.db, tree.id))
      child = index.children.get(parentId)?.find((c) => c.name === name)
      if (!child) throw new Error(`category ${name} not found after creating it`)
    }
    parentId = child.id
  }
  return parentId
}

/** Ends a job that may not go on: what is left fails with `reason`, so the counts add up. */
function stopJob(deps: Deps, job: JobRow, reason: string): ChunkOutcome {
  failPendingItems(deps.db, job.id, reason)
  finishJob(deps.db, job.id, { status: 'failed', now: deps.clock.now(), error: reason })
  return { jobId: job.id, processed: 0, finished: true }
}
