/**
 * The organisation shared by the tests of scoped features (who may see and change which
 * customers): departments, staff with their roles, and memberships. No customers, tags or
 * relations: each test adds its own on top, where the reader can see them.
 */
import type { Deps } from '../deps'
import { makeDepartment, makeStaff, makeStaffDepartment, makeTestDeps, seed, type TestDepsOptions } from './helpers'

/**
 * Deps (as `makeTestDeps(options)`) on a database holding the org:
 *
 * - departments 总部(1) > 销售部(2) > 销售一组(3), and 总部(1) > 客服部(4);
 * - boss 赵总, manager, leads 销售部(2), so lisi is in his scope and wangwu is not;
 * - lisi 李四, staff, in 销售一组(3);
 * - wangwu 王五, staff, in 客服部(4);
 * - admin 管理员, admin, in 总部(1).
 *
 * @example
 * const deps = makeOrgDeps()
 * seed(deps.db, { customers: [makeCustomer({ externalUserid: 'wm1' })], relations: [makeRelation({ externalUserid: 'wm1' })] })
 */
export function makeOrgDeps(options: TestDepsOptions = {}): Deps {
  const deps = makeTestDeps(options)
  seed(deps.db, {
    departments: [
      makeDepartment({ id: 1, name: '总部', parentId: 0 }),
      makeDepartment({ id: 2, name: '销售部', parentId: 1 }),
      makeDepartment({ id: 3, name: '销售一组', parentId: 2 }),
      makeDepartment({ id: 4, name: '客服部', parentId: 1 }),
    ],
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
