/**
 * Test helpers for the admin customer list and batch tagging: an org with a manager, and a
 * request helper that reaches both route sets. The routes are mounted here when app.ts does
 * not mount them yet, so the tests run the same before and after they are wired.
 */
import { createApp } from '../../app'
import { departments } from '../../db/schema'
import type { Deps } from '../../deps'
import { SESSION_COOKIE } from '../auth/auth.domain'
import { createSession } from '../auth/auth.service'
import { tagBatchRoutes } from '../tag-batches/tag-batches.routes'
import { makeStaff, makeStaffDepartment, makeTestDeps, seed, TEST_CORP_ID, type TestDepsOptions } from '../../test/helpers'
import { adminCustomersRoutes } from './admin-customers.routes'

function appFor(deps: Deps) {
  const app = createApp(deps)
  const mounted = (prefix: string) => app.routes.some((r) => r.path.startsWith(prefix))
  if (!mounted('/api/admin/customers')) app.route('/api/admin/customers', adminCustomersRoutes)
  if (!mounted('/api/admin/tag-batches')) app.route('/api/admin/tag-batches', tagBatchRoutes)
  return app
}

/**
 * Calls the app in-process as `as` (a session is made for them), or anonymously; `json`
 * becomes a JSON body with its Content-Type.
 *
 * @example await adminRequest(deps, '/api/admin/tag-batches', { as: 'admin', method: 'POST', json: { … } })
 */
export function adminRequest(deps: Deps, path: string, init: RequestInit & { as?: string; json?: unknown } = {}) {
  const { as, json, ...rest } = init
  const headers = new Headers(rest.headers)
  if (as) headers.set('cookie', `${SESSION_COOKIE}=${createSession(deps, as)}`)
  if (json !== undefined) headers.set('content-type', 'application/json')
  return appFor(deps).request(path, { ...rest, headers, body: json === undefined ? rest.body : JSON.stringify(json) })
}

/**
 * 总部(1) > 销售部(2) > 销售一组(3), and 客服部(4). boss (manager) leads 2; lisi is in 3;
 * wangwu is in 4; admin is the admin. No customers: each test adds its own.
 */
export function orgDeps(options: TestDepsOptions = {}): Deps {
  const deps = makeTestDeps(options)
  deps.db
    .insert(departments)
    .values([
      { corpId: TEST_CORP_ID, id: 1, name: '总部', parentId: 0 },
      { corpId: TEST_CORP_ID, id: 2, name: '销售部', parentId: 1 },
      { corpId: TEST_CORP_ID, id: 3, name: '销售一组', parentId: 2 },
      { corpId: TEST_CORP_ID, id: 4, name: '客服部', parentId: 1 },
    ])
    .run()
  seed(deps.db, {
    staff: [
      makeStaff({ userid: 'boss', name: '赵总', role: 'manager' }),
      makeStaff({ userid: 'lisi', name: '李四' }),
      makeStaff({ userid: 'wangwu', name: '王五' }),
      makeStaff({ userid: 'admin', name: '管理员', role: 'admin' }),
    ],
    staffDepartments: [
      makeStaffDepartment({ userid: 'boss', departmentId: 2, isLeader: true }),
      makeStaffDepartment({ userid: 'lisi', departmentId: 3 }),
      makeStaffDepartment({ userid: 'wangwu', departmentId: 4 }),
      makeStaffDepartment({ userid: 'admin', departmentId: 1 }),
    ],
  })
  return deps
}
