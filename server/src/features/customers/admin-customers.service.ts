import { CustomerFilter, type AdminCustomerPage, type PageQuery } from '@kelan/shared'
import { catchall, never } from 'zod/mini'
import type { Viewer } from '../../app-env'
import type { Deps } from '../../deps'
import { AppError } from '../../lib/errors'
import { activeMarksFor } from '../marks/marks.repo'
import { buildAdminItems, filterProblem } from './admin-customers.domain'
import { findAdminCustomers, findAdminFollowers, findAdminTags } from './admin-customers.repo'

/** Throws 400 for a filter that parsed but cannot match anything sensible (an empty time range). */
export function assertRunnableFilter(filter: CustomerFilter, path = 'query'): void {
  const problem = filterProblem(filter)
  if (problem) throw new AppError('VALIDATION_FAILED', 400, problem, { issues: [{ path: `${path}.addedFrom`, message: problem }] })
}

/** Keys of the list URL that are not part of a filter; a saved selection may still carry them. */
const PAGE_KEYS = new Set(['page', 'pageSize'])

/**
 * A filter as a batch selection carries it (the list's query string as a record). Unlike the
 * list, unknown keys are refused: a mistyped key would otherwise drop its condition and the
 * batch would tag every customer in scope.
 */
export function parseFilterRecord(raw: Record<string, string>, path: string): CustomerFilter {
  const entries = Object.entries(raw).filter(([key, value]) => !PAGE_KEYS.has(key) && value !== '')
  const parsed = catchall(CustomerFilter, never()).safeParse(Object.fromEntries(entries))
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: [path, ...i.path.map(String), ...('keys' in i ? i.keys : [])].join('.'), message: i.message }))
    throw new AppError('VALIDATION_FAILED', 400, `筛选条件不正确：${issues[0]?.path ?? path}`, { issues })
  }
  assertRunnableFilter(parsed.data, path)
  return parsed.data
}

/**
 * The admin customer list: customers in the viewer's scope matching the filter, newest added
 * first, each with its followers (in scope) and the union of its tags, a special mark's first.
 */
export function listAdminCustomers(deps: Deps, viewer: Viewer, query: CustomerFilter & PageQuery): AdminCustomerPage {
  assertRunnableFilter(query)
  const { rows, total } = findAdminCustomers(deps.db, viewer, query, query)
  const ids = rows.map((r) => r.externalUserid)
  const markTags = new Map([...activeMarksFor(deps.db, viewer.corpId, ids)].map(([id, mark]) => [id, mark.tagId]))
  const items = buildAdminItems(rows, findAdminFollowers(deps.db, viewer, ids), findAdminTags(deps.db, viewer.corpId, ids), markTags)
  return { items, total }
}
