import { describe, expect, it } from 'vitest'
import type { AdminCustomerPage, ErrorBody } from '@kelan/shared'
import type { Deps } from '../../deps'
import { makeCustomer, makeRelation, makeRelationTag, makeTag, makeTagGroup, seed } from '../../test/helpers'
import { request } from '../../test/http'
import { makeOrgDeps } from '../../test/org-fixture'
import { insertMark } from '../marks/marks.testing'

const T0 = 1_700_000_000

/**
 * On top of the org (test/org-fixture): group 客户等级 (blue) with A类 (own colour green) and B类 (group colour).
 * 张三: lisi (T0+100, scan, remark VIP老板, A类) and wangwu (T0+50, search, remark 王五备注, B类).
 * 李雷: lisi (T0+300, search, B类). 韩梅梅: wangwu (T0+200, scan), and lisi's ended relation with A类.
 */
function listDeps(): Deps {
  const deps = makeOrgDeps()
  seed(deps.db, {
    tagGroups: [makeTagGroup({ id: 'etG', name: '客户等级', color: 'blue' })],
    tags: [makeTag({ id: 'etA', groupId: 'etG', name: 'A类', color: 'green', order: 2 }), makeTag({ id: 'etB', groupId: 'etG', name: 'B类', order: 1 })],
    customers: [
      makeCustomer({ externalUserid: 'wmZS', name: '张三' }),
      makeCustomer({ externalUserid: 'wmLL', name: '李雷' }),
      makeCustomer({ externalUserid: 'wmHMM', name: '韩梅梅' }),
    ],
    relations: [
      makeRelation({ externalUserid: 'wmZS', userid: 'lisi', createtime: T0 + 100, addWay: 1, remark: 'VIP老板' }),
      makeRelation({ externalUserid: 'wmZS', userid: 'wangwu', createtime: T0 + 50, addWay: 2, remark: '王五备注' }),
      makeRelation({ externalUserid: 'wmLL', userid: 'lisi', createtime: T0 + 300, addWay: 2 }),
      makeRelation({ externalUserid: 'wmHMM', userid: 'wangwu', createtime: T0 + 200, addWay: 1 }),
      makeRelation({ externalUserid: 'wmHMM', userid: 'lisi', createtime: T0 + 400, status: 'deleted_by_customer' }),
    ],
    relationTags: [
      makeRelationTag({ externalUserid: 'wmZS', userid: 'lisi', tagId: 'etA' }),
      makeRelationTag({ externalUserid: 'wmZS', userid: 'wangwu', tagId: 'etB' }),
      makeRelationTag({ externalUserid: 'wmLL', userid: 'lisi', tagId: 'etB' }),
      makeRelationTag({ externalUserid: 'wmHMM', userid: 'lisi', tagId: 'etA' }),
    ],
  })
  return deps
}

async function list(deps: Deps, query: string, as = 'admin'): Promise<AdminCustomerPage> {
  const res = await request(deps, `/api/admin/customers${query}`, { as })
  expect(res.status).toBe(200)
  return (await res.json()) as AdminCustomerPage
}
const ids = (page: AdminCustomerPage) => page.items.map((i) => i.externalUserId)

describe('GET /api/admin/customers – list', () => {
  it('admin list – no filter – every customer, newest added first, with followers and coloured tags', async () => {
    const page = await list(listDeps(), '')
    expect(page.total).toBe(3)
    expect(ids(page)).toEqual(['wmLL', 'wmHMM', 'wmZS'])
    const zs = page.items.find((i) => i.externalUserId === 'wmZS')!
    expect(zs.addedAt).toBe(T0 + 100)
    expect(zs.followers).toEqual([
      { userid: 'wangwu', name: '王五', remark: '王五备注' },
      { userid: 'lisi', name: '李四', remark: 'VIP老板' },
    ])
    expect(zs.tags).toEqual([
      { id: 'etA', name: 'A类', color: 'green', mark: false },
      { id: 'etB', name: 'B类', color: 'blue', mark: false },
    ])
  })

  it('admin list – customer marked with its second tag – that tag first with mark: true', async () => {
    const deps = listDeps()
    insertMark(deps.db, { externalUserid: 'wmZS', tagId: 'etB' })

    const zs = (await list(deps, '')).items.find((i) => i.externalUserId === 'wmZS')!

    expect(zs.tags.map((t) => [t.id, t.mark])).toEqual([['etB', true], ['etA', false]])
  })

  it('admin list – tag only on an ended relation – neither shown nor the added time', async () => {
    const page = await list(listDeps(), '')
    const hmm = page.items.find((i) => i.externalUserId === 'wmHMM')!
    expect(hmm.tags).toEqual([])
    expect(hmm.addedAt).toBe(T0 + 200)
    expect(hmm.followers.map((f) => f.userid)).toEqual(['wangwu'])
  })

  it('manager list – customers of other departments – left out, and only in-scope followers shown', async () => {
    const page = await list(listDeps(), '', 'boss')
    expect(ids(page)).toEqual(['wmLL', 'wmZS'])
    expect(page.total).toBe(2)
    expect(page.items.find((i) => i.externalUserId === 'wmZS')!.followers).toEqual([{ userid: 'lisi', name: '李四', remark: 'VIP老板' }])
  })

  it('list – page 2 of size 2 – the third customer and the full total', async () => {
    const page = await list(listDeps(), '?page=2&pageSize=2')
    expect(ids(page)).toEqual(['wmZS'])
    expect(page.total).toBe(3)
  })

  it('list – a page past the end – no items, still the full total', async () => {
    const page = await list(listDeps(), '?page=5&pageSize=2')
    expect(page).toEqual({ items: [], total: 3 })
  })
})

describe('GET /api/admin/customers – filters', () => {
  it('q – part of a name – matches', async () => {
    expect(ids(await list(listDeps(), `?q=${encodeURIComponent('梅梅')}`))).toEqual(['wmHMM'])
  })

  it('q – part of a follower remark – matches', async () => {
    expect(ids(await list(listDeps(), '?q=VIP'))).toEqual(['wmZS'])
  })

  it('q – remark of a follower outside the manager’s scope – does not match', async () => {
    expect(ids(await list(listDeps(), `?q=${encodeURIComponent('王五备注')}`, 'boss'))).toEqual([])
    expect(ids(await list(listDeps(), `?q=${encodeURIComponent('王五备注')}`, 'admin'))).toEqual(['wmZS'])
  })

  it('q – a % sign – taken literally', async () => {
    const deps = listDeps()
    seed(deps.db, { customers: [makeCustomer({ externalUserid: 'wmPCT', name: '折扣50%客户' })], relations: [makeRelation({ externalUserid: 'wmPCT' })] })
    expect(ids(await list(deps, '?q=50%25'))).toEqual(['wmPCT'])
    expect(ids(await list(deps, '?q=_'))).toEqual([])
  })

  it('tags any – either tag – customers carrying one of them on an active relation', async () => {
    expect(ids(await list(listDeps(), '?tagIds=etA,etB&tagMode=any'))).toEqual(['wmLL', 'wmZS'])
    expect(ids(await list(listDeps(), '?tagIds=etA'))).toEqual(['wmZS'])
  })

  it('tags all – both tags, across two followers – matches the customer carrying both', async () => {
    expect(ids(await list(listDeps(), '?tagIds=etA,etB&tagMode=all'))).toEqual(['wmZS'])
  })

  it('tags none – tag A – customers without it, counting the ended relation as gone', async () => {
    expect(ids(await list(listDeps(), '?tagIds=etA&tagMode=none'))).toEqual(['wmLL', 'wmHMM'])
  })

  it('follower – userid – customers that follower actively follows', async () => {
    expect(ids(await list(listDeps(), '?userid=wangwu'))).toEqual(['wmHMM', 'wmZS'])
  })

  it('follower – someone outside the manager’s scope – nothing', async () => {
    expect(ids(await list(listDeps(), '?userid=wangwu', 'boss'))).toEqual([])
  })

  it('department – a parent department – includes followers of the departments below it', async () => {
    expect(ids(await list(listDeps(), '?departmentId=2'))).toEqual(['wmLL', 'wmZS'])
    expect(ids(await list(listDeps(), '?departmentId=4'))).toEqual(['wmHMM', 'wmZS'])
  })

  it('added time and add way – one relation must meet both', async () => {
    // 张三 was added by lisi at T0+100 by scan and by wangwu at T0+50 by search: no single relation is "search after T0+80".
    expect(ids(await list(listDeps(), `?addedFrom=${T0 + 80}&addWay=2`))).toEqual(['wmLL'])
    expect(ids(await list(listDeps(), `?addedFrom=${T0 + 50}&addedTo=${T0 + 200}&addWay=1`))).toEqual(['wmHMM', 'wmZS'])
  })

  it('filters combined – follower and tag – both must hold, the tag on any of the customer’s relations', async () => {
    expect(ids(await list(listDeps(), '?userid=lisi&tagIds=etA'))).toEqual(['wmZS'])
    expect(ids(await list(listDeps(), '?userid=wangwu&tagIds=etB'))).toEqual(['wmZS'])
    expect(ids(await list(listDeps(), '?userid=wangwu&tagIds=etA&tagMode=none'))).toEqual(['wmHMM'])
  })
})

describe('GET /api/admin/customers – refusals', () => {
  const cases: [string, string][] = [
    ['an unknown tag mode', '?tagMode=some'],
    ['a department that is not a number', '?departmentId=abc'],
    ['a page size over 100', '?pageSize=500'],
    ['a query over 50 characters', `?q=${'x'.repeat(51)}`],
  ]
  it.each(cases)('list – %s – 400 VALIDATION_FAILED', async (_name, query) => {
    const res = await request(listDeps(), `/api/admin/customers${query}`, { as: 'admin' })
    expect(res.status).toBe(400)
    expect(((await res.json()) as ErrorBody).error.code).toBe('VALIDATION_FAILED')
  })

  it('list – added-time range ending before it starts – 400', async () => {
    const res = await request(listDeps(), `/api/admin/customers?addedFrom=${T0 + 10}&addedTo=${T0}`, { as: 'admin' })
    expect(res.status).toBe(400)
    expect(((await res.json()) as ErrorBody).error.message).toContain('添加时间')
  })

  it('list – a staff member – 403 FORBIDDEN, even with a bad query', async () => {
    const res = await request(listDeps(), '/api/admin/customers?tagMode=bad', { as: 'lisi' })
    expect(res.status).toBe(403)
    expect(((await res.json()) as ErrorBody).error.code).toBe('FORBIDDEN')
  })

  it('list – no session – 401', async () => {
    expect((await request(listDeps(), '/api/admin/customers')).status).toBe(401)
  })
})
