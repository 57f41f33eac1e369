import type { KnowledgeKind } from '@kelan/shared'
import type { Viewer } from '../../app-env'
import type { Deps } from '../../deps'
import { AppError } from '../../lib/errors'
import { runJobChunk, type ItemsJobKind } from '../../jobs/chunk-runner'
import type { ChunkLimits, ChunkOutcome, ItemResult } from '../../jobs/jobs.types'
import { parseImportRow } from '../../lib/spreadsheet'
import { indexTree } from './knowledge.domain'
import * as repo from './knowledge.repo'
import { createCategory, createItem } from './knowledge.service'
import { checkRow, parseImportInput, type StoredImportInput } from './knowledge-import.domain'

const IMPORTED = '已导入'
const UNEXPECTED = '处理出错，请稍后重试'

/**
 * Imports rows of the oldest open knowledge import job (see runJobChunk): the operator must
 * still be an admin. Each row runs in its own savepoint: a refused row leaves nothing behind
 * (not even the categories it created on its way).
 */
const KNOWLEDGE_IMPORT: ItemsJobKind<StoredImportInput> = {
  kind: 'knowledge_import',
  parseInput: parseImportInput,
  // Public library writes are for admins: one demoted since the upload stops the job.
  mayRun: (_deps, operator) => operator.role === 'admin',
  operatorRefused: '发起人已离职或不再是管理员，任务已停止',
  begin(deps, { row, input, operator }, log) {
    const viewer: Viewer = { corpId: row.corpId, userid: operator.userid, role: operator.role }
    return () => (item) => importRow(deps, viewer, input.kind, item.subject, log)
  },
}

/**
 * Imports the next chunk of rows of the oldest open knowledge import job, or returns null
 * when there is none. The rows' items, their results and the job's counts commit in one
 * transaction, so after a crash the job resumes from its pending rows and no row is imported
 * twice.
 */
export function runKnowledgeImportChunk(deps: Deps, limits: ChunkLimits, log: Pick<Console, 'error'> = console): ChunkOutcome | null {
  return runJobChunk(deps, KNOWLEDGE_IMPORT, limits, log)
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
