import { describe, expect, it } from 'vitest'
import { and, asc, eq } from 'drizzle-orm'
import type { CustomerCard, ErrorBody, TagHistoryPage } from '@kelan/shared'
import { followRelations, outbox, tagEvents } from '../../db/schema'
import type { Deps } from '../../deps'
import { SESSION_COOKIE } from '../auth/auth.domain'
import {
  makeCustomer,
  makeRelation,
  makeRelationTag,
  makeStaff,
  makeStaffDepartment,
  makeTag,
  makeTagGroup,
  relationTagIds,
  seed,
} from '../../test/helpers'
import { request } from '../../test/http'
import { makeOrgDeps } from '../../test/org-fixture'
import { insertMark } from '../marks/marks.testing'

/**
 * On top of the org (test/org-fixture: boss manages 销售部(2) with 销售一组(3) below it; lisi is
 * in 3, wangwu in 客服部(4); admin follows nobody): zhangsan joins lisi in 销售一组(3).
 * Customers: wmSHARED (lisi + zhangsan), wmBOTH (lisi + wangwu), wmWANG (wangwu only).
 * Tags: 意向程度 (互斥: 高 etHI / 低 etLO), 来源 (展会 etEXPO / 官网 etWEB).
 * lisi's relation with wmSHARED carries 官网 and 低 (synced with WeCom).
 */
function tagDeps(): Deps {
  const deps = makeOrgDeps()
  seed(deps.db, {
    staff: [makeStaff({ userid: 'zhangsan', name: '张三' })],
    staffDepartments: [makeStaffDepartment({ userid: 'zhangsan', departmentId: 3 })],
    customers: [
      makeCustomer({ externalUserid: 'wmSHARED', name: '共享客户' }),
      makeCustomer({ externalUserid: 'wmBOTH', name: '跨部门客户' }),
      makeCustomer({ externalUserid: 'wmWANG', name: '王五的客户' }),
    ],
    relations: [
      makeRelation({ externalUserid: 'wmSHARED', userid: 'lisi' }),
      makeRelation({ externalUserid: 'wmSHARED', userid: 'zhangsan', createtime: 1_700_000_100 }),
      makeRelation({ externalUserid: 'wmBOTH', userid: 'lisi' }),
      makeRelation({ externalUserid: 'wmBOTH', userid: 'wangwu' }),
      makeRelation({ externalUserid: 'wmWANG', userid: 'wangwu' }),
    ],
    tagGroups: [
      makeTagGroup({ id: 'etINTENT', name: '意向程度', exclusive: true, color: 'orange', order: 2 }),
      makeTagGroup({ id: 'etSOURCE', name: '来源', order: 1 }),
    ],
    tags: [
      makeTag({ id: 'etHI', groupId: 'etINTENT', name: '高', order: 2 }),
      makeTag({ id: 'etLO', groupId: 'etINTENT', name: '低', order: 1 }),
      makeTag({ id: 'etEXPO', groupId: 'etSOURCE', name: '展会', order: 2 }),
      makeTag({ id: 'etWEB', groupId: 'etSOURCE', name: '官网', order: 1 }),
    ],
    relationTags: [
      makeRelationTag({ externalUserid: 'wmSHARED', userid: 'lisi', tagId: 'etWEB' }),
      makeRelationTag({ externalUserid: 'wmSHARED', userid: 'lisi', tagId: 'etLO' }),
    ],
  })
  return deps
}

const JSON_HEADERS = { 'content-type': 'application/json' }

const putTags = (deps: Deps, id: string, body: unknown, as?: string) =>
  request(deps, `/api/customers/${id}/tags`, { as, method: 'PUT', json: body })

const retry = (deps: Deps, id: string, body: unknown, as?: string) =>
  request(deps, `/api/customers/${id}/tags/retry`, { as, method: 'POST', json: body })

const history = (deps: Deps, id: string, query: string, as?: string) => request(deps, `/api/customers/${id}/tag-history${query}`, { as })

/** Tag ids on one relation, sorted. */
const tagsOn = (deps: Deps, externalUserid: string, userid: string) => relationTagIds(deps.db, externalUserid, userid)

/** Card tags as `name: addedBy` pairs, in display order. */
const cardTags = (card: CustomerCard) => card.tagGroups.flatMap((g) => g.tags.map((t) => `${t.name}:${t.addedBy.join(',')}`))

/** Asserts the status and error code, and returns the error body. */
async function expectError(res: Response, status: number, code: string): Promise<ErrorBody['error']> {
  const body = (await res.json()) as ErrorBody
  expect({ status: res.status, code: body.error?.code }).toEqual({ status, code })
  expect(body.error.message).toMatch(/\S/)
  return body.error
}

/** Nothing was written: tags as seeded, no history, no outbox item. */
function expectUntouched(deps: Deps) {
  expect(tagsOn(deps, 'wmSHARED', 'lisi')).toEqual(['etLO', 'etWEB'])
  expect(deps.db.select().from(tagEvents).all()).toEqual([])
  expect(deps.db.select().from(outbox).all()).toEqual([])
}

describe('PUT /api/customers/:id/tags', () => {
  it('PUT tags – customer marked with 低 (互斥 group) – removing it or adding 高 409 TAG_LOCKED, nothing written; other tags still 200', async () => {
    const deps = tagDeps()
    insertMark(deps.db, { externalUserid: 'wmSHARED', tagId: 'etLO' })

    const off = await expectError(await putTags(deps, 'wmSHARED', { add: [], remove: ['etLO'] }, 'lisi'), 409, 'TAG_LOCKED')
    await expectError(await putTags(deps, 'wmSHARED', { add: ['etHI'], remove: [] }, 'lisi'), 409, 'TAG_LOCKED')
    expectUntouched(deps)
    const other = await putTags(deps, 'wmSHARED', { add: ['etEXPO'], remove: ['etWEB'] }, 'lisi')

    expect(off).toMatchObject({ message: '「低」由客户标记锁定，不能移除', details: { tagNames: ['低'] } })
    expect(other.status).toBe(200)
  })

  it('PUT tags – mark removed – the tag comes off again (200)', async () => {
    const deps = tagDeps()
    insertMark(deps.db, { externalUserid: 'wmSHARED', tagId: 'etLO', status: 'removed' })

    expect((await putTags(deps, 'wmSHARED', { add: [], remove: ['etLO'] }, 'lisi')).status).toBe(200)
  })

  it('PUT tags – staff adds and removes on their own relation – 200 with the updated card, sync pending', async () => {
    const deps = tagDeps()
    const before = (await (await request(deps, '/api/sidebar/customers/wmSHARED', { as: 'lisi' })).json()) as CustomerCard
    expect(before.mine?.tagSync).toEqual({ status: 'synced', error: null })

    const res = await putTags(deps, 'wmSHARED', { add: ['etEXPO'], remove: ['etWEB'] }, 'lisi')
    expect(res.status).toBe(200)
    const card = (await res.json()) as CustomerCard
    expect(card.externalUserId).toBe('wmSHARED')
    expect(card.mine?.tagIds.sort()).toEqual(['etEXPO', 'etLO'])
    expect(card.mine?.tagSync).toEqual({ status: 'pending', error: null })
    expect(cardTags(card)).toEqual(['低:lisi', '展会:lisi'])
    expect(card.tagGroups[0]).toMatchObject({ id: 'etINTENT', exclusive: true, color: 'orange' })

    expect(tagsOn(deps, 'wmSHARED', 'lisi')).toEqual(['etEXPO', 'etLO'])
    expect(deps.db.select({ kind: outbox.kind, key: outbox.key, status: outbox.status }).from(outbox).all()).toEqual([
      { kind: 'mark_tag', key: 'wmSHARED/lisi', status: 'pending' },
    ])
    const rows = deps.db.select().from(tagEvents).orderBy(asc(tagEvents.id)).all()
    expect(rows.map((e) => [e.userid, e.action, e.tagId, e.source, e.operatorUserid])).toEqual([
      ['lisi', 'add', 'etEXPO', 'sidebar', 'lisi'],
      ['lisi', 'remove', 'etWEB', 'sidebar', 'lisi'],
    ])
  })

  it('PUT tags – staff names themselves as userid – 200, their own relation changed', async () => {
    const deps = tagDeps()
    const res = await putTags(deps, 'wmSHARED', { userid: 'lisi', add: ['etEXPO'] }, 'lisi')
    expect(res.status).toBe(200)
    expect(tagsOn(deps, 'wmSHARED', 'lisi')).toEqual(['etEXPO', 'etLO', 'etWEB'])
  })

  it('PUT tags – a 互斥 tag while a colleague’s relation carries another – the other comes off, card shows one tag of the group', async () => {
    const deps = tagDeps()
    const res = await putTags(deps, 'wmSHARED', { add: ['etHI'] }, 'zhangsan')
    expect(res.status).toBe(200)
    const card = (await res.json()) as CustomerCard
    expect(cardTags(card)).toEqual(['高:zhangsan', '官网:lisi'])
    expect(tagsOn(deps, 'wmSHARED', 'lisi')).toEqual(['etWEB'])
    expect(deps.db.select({ key: outbox.key }).from(outbox).orderBy(asc(outbox.key)).all()).toEqual([
      { key: 'wmSHARED/lisi' },
      { key: 'wmSHARED/zhangsan' },
    ])
  })

  it('PUT tags – only tags already there – 200, nothing written, sync stays synced', async () => {
    const deps = tagDeps()
    const res = await putTags(deps, 'wmSHARED', { add: ['etWEB'], remove: ['etEXPO'] }, 'lisi')
    expect(res.status).toBe(200)
    expect(((await res.json()) as CustomerCard).mine?.tagSync.status).toBe('synced')
    expectUntouched(deps)
  })

  it('PUT tags – malformed customer id in the path – 400 VALIDATION_FAILED', async () => {
    const deps = tagDeps()
    const error = await expectError(await putTags(deps, 'wm.bad!id', { add: ['etEXPO'] }, 'lisi'), 400, 'VALIDATION_FAILED')
    expect(error.issues?.[0]?.path).toBe('param.id')
  })

  it.each([
    ['an empty change', {}],
    ['empty add and remove', { add: [], remove: [] }],
    ['the same id in add and remove', { add: ['etEXPO'], remove: ['etEXPO'] }],
    ['a duplicate id in add', { add: ['etEXPO', 'etEXPO'] }],
    ['a duplicate id in remove', { remove: ['etWEB', 'etWEB'] }],
    ['more than 100 ids', { add: Array.from({ length: 101 }, (_, i) => `etT${i}`) }],
    ['add not an array', { add: 'etEXPO' }],
    ['an empty tag id', { add: [''] }],
    ['an empty userid', { userid: '', add: ['etEXPO'] }],
  ])('PUT tags – %s – 400 VALIDATION_FAILED, nothing written', async (_, body) => {
    const deps = tagDeps()
    await expectError(await putTags(deps, 'wmSHARED', body, 'lisi'), 400, 'VALIDATION_FAILED')
    expectUntouched(deps)
  })

  it('PUT tags – a body that is not JSON – 400 VALIDATION_FAILED', async () => {
    const deps = tagDeps()
    const res = await request(deps, '/api/customers/wmSHARED/tags', { as: 'lisi', method: 'PUT', body: '{"add":', headers: JSON_HEADERS })
    await expectError(res, 400, 'VALIDATION_FAILED')
    expectUntouched(deps)
  })

  it('PUT tags – a tag id the corp does not have – 400 VALIDATION_FAILED naming it', async () => {
    const deps = tagDeps()
    const error = await expectError(await putTags(deps, 'wmSHARED', { add: ['etEXPO', 'etGONE'] }, 'lisi'), 400, 'VALIDATION_FAILED')
    expect(error.details).toEqual({ tagIds: ['etGONE'] })
    expectUntouched(deps)
  })

  it('PUT tags – a customer out of the staff member’s scope – 404, the same body as a missing customer', async () => {
    const deps = tagDeps()
    const other = await putTags(deps, 'wmWANG', { add: ['etEXPO'] }, 'lisi')
    const missing = await putTags(deps, 'wmNOSUCH', { add: ['etEXPO'] }, 'lisi')
    expect(other.status).toBe(404)
    expect(missing.status).toBe(404)
    expect(await other.json()).toEqual(await missing.json())
    expect(tagsOn(deps, 'wmWANG', 'wangwu')).toEqual([])
  })

  it('PUT tags – staff names a colleague’s relation with a shared customer – 403 FORBIDDEN, nothing written', async () => {
    const deps = tagDeps()
    await expectError(await putTags(deps, 'wmSHARED', { userid: 'zhangsan', add: ['etEXPO'] }, 'lisi'), 403, 'FORBIDDEN')
    expect(tagsOn(deps, 'wmSHARED', 'zhangsan')).toEqual([])
    expectUntouched(deps)
  })

  it('PUT tags – staff whose relation has ended – 404 like any customer out of their scope', async () => {
    const deps = tagDeps()
    deps.db
      .update(followRelations)
      .set({ status: 'deleted_by_customer', endedAt: 1_700_000_500 })
      .where(and(eq(followRelations.externalUserid, 'wmSHARED'), eq(followRelations.userid, 'lisi')))
      .run()
    await expectError(await putTags(deps, 'wmSHARED', { add: ['etEXPO'] }, 'lisi'), 404, 'NOT_FOUND')
  })

  it('PUT tags – a manager or admin who does not follow the customer, no userid – 403 NOT_FOLLOWER', async () => {
    const deps = tagDeps()
    await expectError(await putTags(deps, 'wmSHARED', { add: ['etEXPO'] }, 'boss'), 403, 'NOT_FOLLOWER')
    await expectError(await putTags(deps, 'wmWANG', { add: ['etEXPO'] }, 'admin'), 403, 'NOT_FOLLOWER')
    expectUntouched(deps)
  })

  it('PUT tags – manager on the relation of staff in their scope – 200, relation changed, operator recorded', async () => {
    const deps = tagDeps()
    const res = await putTags(deps, 'wmSHARED', { userid: 'zhangsan', add: ['etEXPO'] }, 'boss')
    expect(res.status).toBe(200)
    expect(cardTags((await res.json()) as CustomerCard)).toContain('展会:zhangsan')
    expect(tagsOn(deps, 'wmSHARED', 'zhangsan')).toEqual(['etEXPO'])
    expect(deps.db.select({ userid: tagEvents.userid, operator: tagEvents.operatorUserid }).from(tagEvents).all()).toEqual([
      { userid: 'zhangsan', operator: 'boss' },
    ])
  })

  it('PUT tags – manager on the relation of staff outside their scope (customer visible) – 403 FORBIDDEN', async () => {
    const deps = tagDeps()
    await expectError(await putTags(deps, 'wmBOTH', { userid: 'wangwu', add: ['etEXPO'] }, 'boss'), 403, 'FORBIDDEN')
    expect(tagsOn(deps, 'wmBOTH', 'wangwu')).toEqual([])
  })

  it('PUT tags – manager on a customer no one in their scope follows – 404', async () => {
    const deps = tagDeps()
    await expectError(await putTags(deps, 'wmWANG', { userid: 'wangwu', add: ['etEXPO'] }, 'boss'), 404, 'NOT_FOUND')
  })

  it('PUT tags – manager names staff in scope who does not follow the customer – 404, nothing written', async () => {
    const deps = tagDeps()
    await expectError(await putTags(deps, 'wmBOTH', { userid: 'zhangsan', add: ['etEXPO'] }, 'boss'), 404, 'NOT_FOUND')
    expect(deps.db.select().from(tagEvents).all()).toEqual([])
  })

  it('PUT tags – admin on any relation – 200', async () => {
    const deps = tagDeps()
    const res = await putTags(deps, 'wmWANG', { userid: 'wangwu', add: ['etHI', 'etEXPO'] }, 'admin')
    expect(res.status).toBe(200)
    const card = (await res.json()) as CustomerCard
    expect(card.mine).toBeNull() // the admin has no relation of their own with this customer
    expect(cardTags(card)).toEqual(['高:wangwu', '展会:wangwu'])
    expect(tagsOn(deps, 'wmWANG', 'wangwu')).toEqual(['etEXPO', 'etHI'])
  })

  it('PUT tags – admin names someone who does not follow the customer – 404', async () => {
    const deps = tagDeps()
    await expectError(await putTags(deps, 'wmWANG', { userid: 'lisi', add: ['etEXPO'] }, 'admin'), 404, 'NOT_FOUND')
  })

  it('PUT tags – two tags of a 互斥 group in one request – 409 MUTEX_CONFLICT with the group and tags', async () => {
    const deps = tagDeps()
    const error = await expectError(await putTags(deps, 'wmSHARED', { add: ['etHI', 'etLO'] }, 'lisi'), 409, 'MUTEX_CONFLICT')
    expect(error.details).toEqual({ groupName: '意向程度', tagNames: ['高', '低'] })
    expect(error.message).toContain('意向程度')
    expectUntouched(deps)
  })

  it('PUT tags – no session cookie, or an unknown one – 401 UNAUTHENTICATED', async () => {
    const deps = tagDeps()
    await expectError(await putTags(deps, 'wmSHARED', { add: ['etEXPO'] }), 401, 'UNAUTHENTICATED')
    const res = await request(deps, '/api/customers/wmSHARED/tags', {
      method: 'PUT',
      body: JSON.stringify({ add: ['etEXPO'] }),
      headers: { ...JSON_HEADERS, cookie: `${SESSION_COOKIE}=forged` },
    })
    expect(res.status).toBe(401)
    expectUntouched(deps)
  })
})

describe('POST /api/customers/:id/tags/retry', () => {
  /** lisi's change to wmSHARED, then WeCom refused it for good. */
  async function failedChange(deps: Deps) {
    await putTags(deps, 'wmSHARED', { add: ['etEXPO'] }, 'lisi')
    deps.db.update(outbox).set({ status: 'failed', attempts: 1, nextAttemptAt: 1_800_000_000, lastErrcode: 84061, lastError: '客户已不是该成员的好友' }).run()
  }

  it('retry – the relation’s item failed – re-opened (pending, attempts 0, due now), card shows pending', async () => {
    const deps = tagDeps()
    await failedChange(deps)
    const before = (await (await request(deps, '/api/sidebar/customers/wmSHARED', { as: 'lisi' })).json()) as CustomerCard
    expect(before.mine?.tagSync).toEqual({ status: 'failed', error: '客户已不是该成员的好友' })

    const res = await retry(deps, 'wmSHARED', {}, 'lisi')
    expect(res.status).toBe(200)
    expect(((await res.json()) as CustomerCard).mine?.tagSync).toEqual({ status: 'pending', error: null })
    expect(deps.db.select().from(outbox).all()).toEqual([
      expect.objectContaining({ key: 'wmSHARED/lisi', status: 'pending', attempts: 0, nextAttemptAt: deps.clock.now() }),
    ])
  })

  it('retry – no body at all – treated as the own relation, re-opened', async () => {
    const deps = tagDeps()
    await failedChange(deps)
    const res = await request(deps, '/api/customers/wmSHARED/tags/retry', { as: 'lisi', method: 'POST' })
    expect(res.status).toBe(200)
    expect(deps.db.select({ status: outbox.status }).from(outbox).all()).toEqual([{ status: 'pending' }])
  })

  it('retry – the relation’s item is pending with a backoff – left alone', async () => {
    const deps = tagDeps()
    await putTags(deps, 'wmSHARED', { add: ['etEXPO'] }, 'lisi')
    deps.db.update(outbox).set({ attempts: 3, nextAttemptAt: 1_800_000_000 }).run()
    const res = await retry(deps, 'wmSHARED', {}, 'lisi')
    expect(res.status).toBe(200)
    expect(deps.db.select().from(outbox).all()).toEqual([expect.objectContaining({ status: 'pending', attempts: 3, nextAttemptAt: 1_800_000_000 })])
  })

  it('retry – nothing waiting for the relation – no item created, card synced', async () => {
    const deps = tagDeps()
    const res = await retry(deps, 'wmSHARED', {}, 'lisi')
    expect(res.status).toBe(200)
    expect(((await res.json()) as CustomerCard).mine?.tagSync.status).toBe('synced')
    expect(deps.db.select().from(outbox).all()).toEqual([])
  })

  it('retry – manager on a failed item of staff in scope – re-opened', async () => {
    const deps = tagDeps()
    await failedChange(deps)
    expect((await retry(deps, 'wmSHARED', { userid: 'lisi' }, 'boss')).status).toBe(200)
    expect(deps.db.select({ status: outbox.status }).from(outbox).all()).toEqual([{ status: 'pending' }])
  })

  it('retry – staff on a colleague’s relation, out-of-scope customer, bad userid, no session – 403, 404, 400, 401; item stays failed', async () => {
    const deps = tagDeps()
    await failedChange(deps)
    await expectError(await retry(deps, 'wmSHARED', { userid: 'lisi' }, 'zhangsan'), 403, 'FORBIDDEN')
    await expectError(await retry(deps, 'wmWANG', {}, 'lisi'), 404, 'NOT_FOUND')
    await expectError(await retry(deps, 'wmSHARED', { userid: '' }, 'lisi'), 400, 'VALIDATION_FAILED')
    await expectError(await retry(deps, 'wm.bad', {}, 'lisi'), 400, 'VALIDATION_FAILED')
    await expectError(await retry(deps, 'wmSHARED', {}), 401, 'UNAUTHENTICATED')
    expect(deps.db.select({ status: outbox.status }).from(outbox).all()).toEqual([{ status: 'failed' }])
  })
})

describe('GET /api/customers/:id/tag-history', () => {
  /** Five history rows on wmSHARED: lisi adds 展会, 高 (taking 低 off), removes 官网; zhangsan adds 展会. */
  async function withHistory(deps: Deps) {
    expect((await putTags(deps, 'wmSHARED', { add: ['etEXPO'] }, 'lisi')).status).toBe(200)
    expect((await putTags(deps, 'wmSHARED', { add: ['etHI'], remove: ['etWEB'] }, 'lisi')).status).toBe(200)
    expect((await putTags(deps, 'wmSHARED', { add: ['etEXPO'] }, 'zhangsan')).status).toBe(200)
  }

  const page = async (res: Response) => {
    expect(res.status).toBe(200)
    return (await res.json()) as TagHistoryPage
  }

  it('history – pages of two – three pages newest first, cursors chained, names and sources', async () => {
    const deps = tagDeps()
    await withHistory(deps)
    const first = await page(await history(deps, 'wmSHARED', '?limit=2', 'lisi'))
    const second = await page(await history(deps, 'wmSHARED', `?limit=2&cursor=${first.nextCursor}`, 'lisi'))
    const third = await page(await history(deps, 'wmSHARED', `?limit=2&cursor=${second.nextCursor}`, 'lisi'))
    const line = (i: TagHistoryPage['items'][number]) => `${i.follower.name}/${i.operator?.name}:${i.action} ${i.groupName}·${i.tagName}`
    expect(first.items.map(line)).toEqual(['张三/张三:add 来源·展会', '李四/李四:remove 意向程度·低'])
    expect(second.items.map(line)).toEqual(['李四/李四:remove 来源·官网', '李四/李四:add 意向程度·高'])
    expect(third.items.map(line)).toEqual(['李四/李四:add 来源·展会'])
    expect(third.nextCursor).toBeNull()
    expect(first.items[0]).toMatchObject({ source: 'sidebar', at: deps.clock.now() })
  })

  it('history – default page size – every row, no next cursor', async () => {
    const deps = tagDeps()
    await withHistory(deps)
    const all = await page(await history(deps, 'wmSHARED', '', 'zhangsan'))
    expect(all.items).toHaveLength(5)
    expect(all.nextCursor).toBeNull()
  })

  it('history – manager in scope and admin – 200', async () => {
    const deps = tagDeps()
    await withHistory(deps)
    expect((await page(await history(deps, 'wmSHARED', '', 'boss'))).items).toHaveLength(5)
    expect((await page(await history(deps, 'wmSHARED', '', 'admin'))).items).toHaveLength(5)
  })

  it('history – a customer out of scope – 404, the same body as a missing one', async () => {
    const deps = tagDeps()
    await withHistory(deps)
    const other = await history(deps, 'wmSHARED', '', 'wangwu')
    const missing = await history(deps, 'wmNOSUCH', '', 'wangwu')
    expect(other.status).toBe(404)
    expect(await other.json()).toEqual(await missing.json())
    expect((await history(deps, 'wmWANG', '', 'boss')).status).toBe(404)
  })

  it.each([['?limit=0'], ['?limit=101'], ['?limit=abc'], ['?cursor=0'], ['?cursor=1.5']])('history – query %s – 400 VALIDATION_FAILED', async (query) => {
    const deps = tagDeps()
    await expectError(await history(deps, 'wmSHARED', query, 'lisi'), 400, 'VALIDATION_FAILED')
  })

  it('history – bad id, no session – 400, 401', async () => {
    const deps = tagDeps()
    await expectError(await history(deps, 'wm.bad', '', 'lisi'), 400, 'VALIDATION_FAILED')
    await expectError(await history(deps, 'wmSHARED', ''), 401, 'UNAUTHENTICATED')
  })
})
