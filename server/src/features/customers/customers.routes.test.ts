import { describe, expect, it } from 'vitest'
import { CustomerCard, type ErrorBody } from '@kelan/shared'
import { eq } from 'drizzle-orm'
import { staff, tagGroups, tags } from '../../db/schema'
import type { Deps } from '../../deps'
import { createFakeWecom, emptyCorp, fakeContact, fakeFollow } from '../../test/fake-wecom'
import { makeCustomer, makeRelation, makeRelationTag, makeTag, makeTagGroup, seed, TEST_CORP_ID } from '../../test/helpers'
import { request } from '../../test/http'
import { makeOrgDeps } from '../../test/org-fixture'
import { insertMark, markTagRows, RISK } from '../marks/marks.testing'

/**
 * On top of the org (test/org-fixture: boss leads 销售部 with lisi below it; wangwu is in
 * 客服部; admin is the admin): lisi follows wmLISI (remark 重要客户, scan, channel expo),
 * wangwu follows wmWANG.
 */
function customerDeps(): Deps {
  // WeCom knows the two customers as the database does, so an on-demand re-fetch changes nothing.
  const corp = emptyCorp()
  corp.contacts.set('wmLISI', { contact: fakeContact('wmLISI', { name: '李四的客户' }), follows: [fakeFollow('lisi', [], { remark: '重要客户', state: 'expo' })] })
  corp.contacts.set('wmWANG', { contact: fakeContact('wmWANG', { name: '王五的客户' }), follows: [fakeFollow('wangwu')] })
  const deps = makeOrgDeps({ wecom: createFakeWecom(corp) })
  seed(deps.db, {
    customers: [makeCustomer({ externalUserid: 'wmLISI', name: '李四的客户' }), makeCustomer({ externalUserid: 'wmWANG', name: '王五的客户' })],
    relations: [
      makeRelation({ externalUserid: 'wmLISI', userid: 'lisi', remark: '重要客户', addWay: 1, state: 'expo' }),
      makeRelation({ externalUserid: 'wmWANG', userid: 'wangwu' }),
    ],
  })
  return deps
}

type ListBody = { items: { externalUserId: string }[]; total: number }

const cardOf = async (deps: Deps, id: string, as: string) => request(deps, `/api/sidebar/customers/${id}`, { as })

describe('GET /api/sidebar/customers/:id', () => {
  it('shows a staff member their own customer with remark, add way and channel', async () => {
    const deps = customerDeps()
    const res = await cardOf(deps, 'wmLISI', 'lisi')
    expect(res.status).toBe(200)
    const card = (await res.json()) as CustomerCard
    expect(card).toMatchObject({ name: '李四的客户', mine: { remark: '重要客户', addWayLabel: '扫描二维码', state: 'expo' } })
    expect(card.followers).toEqual([expect.objectContaining({ userid: 'lisi', name: '李四' })])
  })

  it('answers 404 when a staff member asks for a colleague’s customer, exactly as for no customer', async () => {
    const deps = customerDeps()
    const other = await cardOf(deps, 'wmWANG', 'lisi')
    const missing = await cardOf(deps, 'wmNOSUCH', 'lisi')
    expect(other.status).toBe(404)
    expect(missing.status).toBe(404)
    expect(await other.json()).toEqual(await missing.json())
  })

  it('lets a manager see customers of staff in departments below the one they lead', async () => {
    const deps = customerDeps()
    expect((await cardOf(deps, 'wmLISI', 'boss')).status).toBe(200)
    expect((await cardOf(deps, 'wmWANG', 'boss')).status).toBe(404)
  })

  it('lets an admin see every customer of the corp', async () => {
    const deps = customerDeps()
    expect((await cardOf(deps, 'wmWANG', 'admin')).status).toBe(200)
  })

  it('stops showing a customer once the relation has ended', async () => {
    const deps = customerDeps()
    seed(deps.db, { customers: [makeCustomer({ externalUserid: 'wmGONE' })], relations: [makeRelation({ externalUserid: 'wmGONE', status: 'deleted_by_customer' })] })
    expect((await cardOf(deps, 'wmGONE', 'lisi')).status).toBe(404)
  })

  it('groups the customer’s corp tags with who added each', async () => {
    const deps = customerDeps()
    deps.db.insert(tagGroups).values({ corpId: TEST_CORP_ID, id: 'etG1', name: '客户等级', order: 1, createTime: 1 }).run()
    deps.db.insert(tags).values({ corpId: TEST_CORP_ID, id: 'etA', groupId: 'etG1', name: 'A类客户', order: 1, createTime: 1 }).run()
    seed(deps.db, { relationTags: [makeRelationTag({ externalUserid: 'wmLISI', userid: 'lisi', tagId: 'etA' })] })
    const card = (await (await cardOf(deps, 'wmLISI', 'lisi')).json()) as CustomerCard
    expect(card.tagGroups).toEqual([
      {
        id: 'etG1', name: '客户等级', color: 'blue', exclusive: false,
        tags: [{ id: 'etA', name: 'A类客户', color: 'blue', locked: false, mark: false, addedBy: ['lisi'] }],
      },
    ])
    expect(card.mine).toMatchObject({ tagIds: ['etA'], tagSync: { status: 'synced', error: null } })
    expect(card.mark).toBeNull()
  })

  it('a marked customer – the banner (tag, reason, who, when, forced remark) and the mark tag first, locked', async () => {
    const deps = customerDeps()
    seed(deps.db, markTagRows())
    seed(deps.db, {
      tagGroups: [makeTagGroup({ id: 'etG1', name: '客户等级', order: 900 })],
      tags: [makeTag({ id: 'etA', groupId: 'etG1', name: 'A类客户' })],
      relationTags: [
        makeRelationTag({ externalUserid: 'wmLISI', userid: 'lisi', tagId: 'etA' }),
        makeRelationTag({ externalUserid: 'wmLISI', userid: 'lisi', tagId: RISK }),
      ],
    })
    insertMark(deps.db, { externalUserid: 'wmLISI', reason: '恶意投诉', markedBy: 'boss', markedAt: 1_700_000_123 })

    const card = CustomerCard.parse(await (await cardOf(deps, 'wmLISI', 'lisi')).json())

    expect(card.mark).toEqual({
      tagName: '风险客户', reason: '恶意投诉', remark: '【风险客户】李四的客户', markedBy: { userid: 'boss', name: '赵总' }, markedAt: 1_700_000_123,
    })
    expect(card.tagGroups.map((g) => g.name)).toEqual(['客户标记', '客户等级'])
    expect(card.tagGroups[0]?.tags[0]).toMatchObject({ id: RISK, mark: true, locked: true })
    expect(card.tagGroups[1]?.tags[0]).toMatchObject({ id: 'etA', mark: false, locked: false })
  })

  it('fetches a customer it does not know yet from WeCom, then shows them', async () => {
    const deps = customerDeps()
    const wecom = deps.wecom as ReturnType<typeof createFakeWecom>
    wecom.corp.contacts.set('wmNEW', {
      contact: { external_userid: 'wmNEW', name: '新客户', type: 1 },
      follows: [{ userid: 'lisi', createtime: 1_700_000_500, add_way: 2 }],
    })
    const res = await cardOf(deps, 'wmNEW', 'lisi')
    expect(res.status).toBe(200)
    expect(((await res.json()) as CustomerCard).mine?.addWayLabel).toBe('搜索手机号')
  })

  it('shows a colleague’s customer once WeCom says the viewer added them too (callback not applied yet)', async () => {
    const deps = customerDeps()
    const wecom = deps.wecom as ReturnType<typeof createFakeWecom>
    wecom.corp.contacts.get('wmWANG')!.follows.push(fakeFollow('lisi', [], { createtime: 1_700_000_900, add_way: 2 }))
    const res = await cardOf(deps, 'wmWANG', 'lisi')
    expect(res.status).toBe(200)
    const card = (await res.json()) as CustomerCard
    expect(card.mine?.addWayLabel).toBe('搜索手机号')
    expect(card.followers.map((f) => f.userid)).toEqual(['wangwu', 'lisi'])
  })

  it('rejects a malformed id with 400 and the error shape', async () => {
    const res = await cardOf(customerDeps(), 'bad id!', 'lisi')
    expect(res.status).toBe(400)
    expect(((await res.json()) as ErrorBody).error.code).toBe('VALIDATION_FAILED')
  })

  it('answers 401 without a session', async () => {
    const res = await request(customerDeps(), '/api/sidebar/customers/wmLISI')
    expect(res.status).toBe(401)
    expect(((await res.json()) as ErrorBody).error.code).toBe('UNAUTHENTICATED')
  })
})

describe('GET /api/customers', () => {
  it('lists only the customers in the viewer’s scope', async () => {
    const deps = customerDeps()
    const body = (await (await request(deps, '/api/customers', { as: 'lisi' })).json()) as { items: { externalUserId: string }[]; total: number }
    expect(body.total).toBe(1)
    expect(body.items.map((i) => i.externalUserId)).toEqual(['wmLISI'])
  })

  it('finds a customer by the remark their follower gave them', async () => {
    const deps = customerDeps()
    const body = (await (await request(deps, '/api/customers?q=重要', { as: 'admin' })).json()) as { total: number }
    expect(body.total).toBe(1)
  })

  it('treats % in the search as a literal character', async () => {
    const body = (await (await request(customerDeps(), '/api/customers?q=%25', { as: 'admin' })).json()) as { total: number }
    expect(body.total).toBe(0)
  })

  it('finds a name holding % or _ as typed, without treating them as wildcards', async () => {
    const deps = customerDeps()
    seed(deps.db, {
      customers: [makeCustomer({ externalUserid: 'wmPCT', name: '100%满意' }), makeCustomer({ externalUserid: 'wmUND', name: '甲x乙' })],
      relations: [makeRelation({ externalUserid: 'wmPCT' }), makeRelation({ externalUserid: 'wmUND' })],
    })
    const found = (await (await request(deps, '/api/customers?q=100%25', { as: 'lisi' })).json()) as ListBody
    const wildcard = (await (await request(deps, '/api/customers?q=甲_乙', { as: 'lisi' })).json()) as ListBody
    expect(found.items.map((i) => i.externalUserId)).toEqual(['wmPCT'])
    expect(wildcard.total).toBe(0)
  })

  it('does not find a customer through a colleague’s remark or an ended relation’s', async () => {
    const deps = customerDeps()
    seed(deps.db, {
      customers: [makeCustomer({ externalUserid: 'wmSHARED' })],
      relations: [
        makeRelation({ externalUserid: 'wmSHARED', userid: 'lisi' }),
        makeRelation({ externalUserid: 'wmSHARED', userid: 'wangwu', remark: '大单' }),
        makeRelation({ externalUserid: 'wmLISI', userid: 'wangwu', remark: '旧备注', status: 'deleted_by_staff' }),
      ],
    })
    const search = async (q: string, as: string) =>
      ((await (await request(deps, `/api/customers?q=${encodeURIComponent(q)}`, { as })).json()) as ListBody).total
    expect(await search('大单', 'lisi')).toBe(0)
    expect(await search('大单', 'boss')).toBe(0)
    expect(await search('大单', 'wangwu')).toBe(1)
    expect(await search('大单', 'admin')).toBe(1)
    expect(await search('旧备注', 'admin')).toBe(0)
  })

  it('keeps a follower name that contains a comma in one piece', async () => {
    const deps = customerDeps()
    deps.db.update(staff).set({ name: 'Li, Si' }).where(eq(staff.userid, 'lisi')).run()
    const body = (await (await request(deps, '/api/customers', { as: 'lisi' })).json()) as { items: { followerNames: string[] }[] }
    expect(body.items[0]?.followerNames).toEqual(['Li, Si'])
  })

  it('rejects a page size over 100 with 400', async () => {
    expect((await request(customerDeps(), '/api/customers?pageSize=1000', { as: 'admin' })).status).toBe(400)
  })
})
