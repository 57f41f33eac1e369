import type { Deps } from '../../deps'
import { runJobChunk, type ItemsJobKind } from '../../jobs/chunk-runner'
import type { ChunkLimits, ChunkOutcome, ItemResult } from '../../jobs/jobs.types'
import { AppError } from '../../lib/errors'
import { parseImportRow } from '../../lib/spreadsheet'
import { permissionsOf } from '../auth/auth.domain'
import { findGrants } from '../auth/auth.repo'
import { checkMarkRow, parseMarkImportInput, type ImportTag, type StoredMarkImportInput } from './mark-import.domain'
import type { ResolvedTarget } from './marks-admin.domain'
import { findCustomersByIds, findCustomersByUnionids, findTagRefs } from './marks-admin.repo'
import { writeMarks } from './marks-admin.service'
import { markTagIds } from './marks.repo'

const MARKED = '已标记'
const UNEXPECTED = '处理出错，请稍后重试'

/**
 * Marks rows of the oldest open mark import job (see runJobChunk): the operator must still
 * be staff with the marks permission. Each row runs in its own savepoint: a refused row
 * leaves nothing behind.
 */
const MARK_IMPORT: ItemsJobKind<StoredMarkImportInput> = {
  kind: 'mark_import',
  parseInput: parseMarkImportInput,
  // The list is for admins and granted staff: one who lost the grant since the upload stops the job.
  mayRun: (deps, operator) => permissionsOf(operator.role, findGrants(deps.db, operator.corpId, operator.userid)).includes('marks'),
  operatorRefused: '发起人已离职或不再有客户标记管理权限，任务已停止',
  begin(deps, { input }, log) {
    const markTags = findTagRefs(deps.db, deps.corpId, markTagIds(deps.db, deps.corpId)).map((t) => ({ id: t.id, name: t.name }))
    return () => (item) => importRow(deps, input.operator, markTags, item.subject, log)
  },
}

/**
 * Marks the next chunk of rows of the oldest open mark import job, or returns null when there
 * is none. The rows' marks (with their enforcement), their results and the job's counts commit
 * in one transaction, so after a crash the job resumes from its pending rows and no row is
 * marked twice.
 */
export function runMarkImportChunk(deps: Deps, limits: ChunkLimits, log: Pick<Console, 'error'> = console): ChunkOutcome | null {
  const outcome = runJobChunk(deps, MARK_IMPORT, limits, log)
  if (outcome?.processed) deps.wake?.('outbox')
  return outcome
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
