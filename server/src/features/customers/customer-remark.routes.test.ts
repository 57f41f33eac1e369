import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { CustomerCard, type ErrorBody } from '@kelan/shared'
import { customerEvents, customers, followRelations, outbox } from '../../db/schema'
import type { Deps } from '../../deps'
import { makeCustomer, makeRelation, makeStaff, makeStaffDepartment, seed, TEST_CORP_ID } from '../../test/helpers'
import { request } from '../../test/http'
import { makeOrgDeps } from '../../test/org-fixture'
import { insertMark, markTagRows } from '../marks/marks.testing'

/**
 * On the org fixture (boss manages lisi, not wangwu; admin follows nobody), zhangsan joins
 * lisi's team. wmSHARED: lisi + zhangsan (remark 老客户 by lisi); wmWANG: wangwu only.
 */
function remarkDeps(): Deps {
  const deps = makeOrgDeps()
  seed(deps.db, {
    ...markTagRows(),
    staff: [makeStaff({ userid: 'zhangsan', name: '张三' })],
    staffDepartments: [makeStaffDepartment({ userid: 'zhangsan', departmentId: 3 })],
    customers: [makeCustomer({ externalUserid: 'wmSHARED', name: '共享客户' }), makeCustomer({ externalUserid: 'wmWANG', name: '王五的客户' })],
    relations: [
      makeRelation({ externalUserid: 'wmSHARED', userid: 'lisi', remark: '老客户' }),
      makeRelation({ externalUserid: 'wmSHARED', userid: 'zhangsan' }),
      makeRelation({ externalUserid: 'wmWANG', userid: 'wangwu' }),
    ],
  })
  return deps
}

const putRemark = (deps: Deps, id: string, body: unknown, as?: string) =>
  request(deps, `/api/customers/${id}/remark`, { as, method: 'PUT', json: body })

async function expectError(res: Response, status: number, code: string): Promise<ErrorBody['error']> {
  const body = (await res.json()) as ErrorBody
  expect({ status: res.status, code: body.error?.code }).toEqual({ status, code })
  expect(body.error.message).toMatch(/\S/)
  return body.error
}

const remarkOf = (deps: Deps, ext: string, userid: string) =>
  deps.db.select().from(followRelations).where(and(eq(followRelations.externalUserid, ext), eq(followRelations.userid, userid))).get()?.remark

/** Nothing written: lisi's remark as seeded, no outbox item. */
function expectUntouched(deps: Deps) {
  expect(remarkOf(deps, 'wmSHARED', 'lisi')).toBe('老客户')
  expect(deps.db.select().from(outbox).all()).toEqual([])
}

describe('PUT /api/customers/:id/remark', () => {
  it('PUT remark – a changed remark – one remark_changed event for the timeline, by the viewer; an unchanged one records nothing', async () => {
    const deps = remarkDeps()

    await putRemark(deps, 'wmSHARED', { remark: '重要客户' }, 'lisi')
    await putRemark(deps, 'wmSHARED', { remark: '重要客户' }, 'lisi')

    const events = deps.db.select().from(customerEvents).all()
    expect(events.map((e) => ({ kind: e.kind, userid: e.userid, detail: e.detail, operator: e.operatorUserid }))).toEqual([
      { kind: 'remark_changed', userid: 'lisi', detail: { from: '老客户', to: '重要客户' }, operator: 'lisi' },
    ])
  })

  it('PUT remark – staff on their own relation – 200 card with the new remark, written at once, remark item with the payload', async () => {
    const deps = remarkDeps()

    const res = await putRemark(deps, 'wmSHARED', { remark: '  重要客户 ' }, 'lisi')

    expect(res.status).toBe(200)
    expect(CustomerCard.parse(await res.json()).mine?.remark).toBe('重要客户')
    expect(remarkOf(deps, 'wmSHARED', 'lisi')).toBe('重要客户')
    expect(deps.db.select({ kind: outbox.kind, key: outbox.key, payload: outbox.payload, by: outbox.createdBy }).from(outbox).all()).toEqual([
      { kind: 'remark', key: 'wmSHARED/lisi', payload: { remark: '重要客户' }, by: 'lisi' },
    ])
  })

  it('PUT remark – manager on a follower in scope; admin on anyone – 200', async () => {
    const deps = remarkDeps()

    const boss = await putRemark(deps, 'wmSHARED', { userid: 'zhangsan', remark: '经理改' }, 'boss')
    const admin = await putRemark(deps, 'wmWANG', { userid: 'wangwu', remark: '管理员改' }, 'admin')

    expect([boss.status, admin.status]).toEqual([200, 200])
    expect(remarkOf(deps, 'wmSHARED', 'zhangsan')).toBe('经理改')
    expect(remarkOf(deps, 'wmWANG', 'wangwu')).toBe('管理员改')
  })

  it('PUT remark – empty remark – 200, clears it', async () => {
    const deps = remarkDeps()

    expect((await putRemark(deps, 'wmSHARED', { remark: '' }, 'lisi')).status).toBe(200)
    expect(remarkOf(deps, 'wmSHARED', 'lisi')).toBe('')
  })

  it.each([
    ['over 20 characters', { remark: '一'.repeat(21) }],
    ['no remark', {}],
    ['a number', { remark: 5 }],
    ['an empty userid', { remark: 'x', userid: '' }],
  ])('PUT remark – %s – 400 VALIDATION_FAILED, nothing written', async (_, body) => {
    const deps = remarkDeps()
    await expectError(await putRemark(deps, 'wmSHARED', body, 'lisi'), 400, 'VALIDATION_FAILED')
    expectUntouched(deps)
  })

  it('PUT remark – no session – 401 UNAUTHENTICATED', async () => {
    const deps = remarkDeps()
    await expectError(await putRemark(deps, 'wmSHARED', { remark: 'x' }), 401, 'UNAUTHENTICATED')
    expectUntouched(deps)
  })

  it('PUT remark – staff on a colleague’s relation – 403 FORBIDDEN', async () => {
    const deps = remarkDeps()
    await expectError(await putRemark(deps, 'wmSHARED', { userid: 'lisi', remark: 'x' }, 'zhangsan'), 403, 'FORBIDDEN')
    expectUntouched(deps)
  })

  it('PUT remark – manager on a follower outside their scope – 403 FORBIDDEN', async () => {
    const deps = remarkDeps()
    seed(deps.db, { relations: [makeRelation({ externalUserid: 'wmSHARED', userid: 'wangwu' })] })
    await expectError(await putRemark(deps, 'wmSHARED', { userid: 'wangwu', remark: 'x' }, 'boss'), 403, 'FORBIDDEN')
    expectUntouched(deps)
  })

  it('PUT remark – admin on their own relation, which does not exist – 403 NOT_FOLLOWER', async () => {
    const deps = remarkDeps()
    await expectError(await putRemark(deps, 'wmSHARED', { remark: 'x' }, 'admin'), 403, 'NOT_FOLLOWER')
    expectUntouched(deps)
  })

  it('PUT remark – customer outside the staff member’s scope, or unknown – 404', async () => {
    const deps = remarkDeps()
    await expectError(await putRemark(deps, 'wmWANG', { remark: 'x' }, 'lisi'), 404, 'NOT_FOUND')
    await expectError(await putRemark(deps, 'wmNOBODY', { remark: 'x' }, 'admin'), 404, 'NOT_FOUND')
    expectUntouched(deps)
  })

  it('PUT remark – manager on a member of their scope who does not follow the customer – 404', async () => {
    const deps = remarkDeps()
    seed(deps.db, { customers: [makeCustomer({ externalUserid: 'wmLISI' })], relations: [makeRelation({ externalUserid: 'wmLISI', userid: 'lisi' })] })
    await expectError(await putRemark(deps, 'wmLISI', { userid: 'zhangsan', remark: 'x' }, 'boss'), 404, 'NOT_FOUND')
  })

  it('PUT remark – the customer is marked (by unionid too) – 409 REMARK_LOCKED naming the mark, nothing written', async () => {
    const deps = remarkDeps()
    deps.db.update(customers).set({ unionid: 'oSHARED' }).where(eq(customers.externalUserid, 'wmSHARED')).run()
    insertMark(deps.db, { corpId: TEST_CORP_ID, externalUserid: '', unionid: 'oSHARED' })

    const error = await expectError(await putRemark(deps, 'wmSHARED', { remark: '改' }, 'lisi'), 409, 'REMARK_LOCKED')

    expect(error.message).toBe('该客户已被标记为「风险客户」，备注不能修改')
    expectUntouched(deps)
  })

  it('PUT remark – mark removed – 200 again', async () => {
    const deps = remarkDeps()
    insertMark(deps.db, { externalUserid: 'wmSHARED', status: 'removed' })

    expect((await putRemark(deps, 'wmSHARED', { remark: '可以改' }, 'lisi')).status).toBe(200)
  })
})
