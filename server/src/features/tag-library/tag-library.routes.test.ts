import { and, eq } from 'drizzle-orm'
import { describe, expect, it, vi } from 'vitest'
import { ErrorBody, LibraryGroup, LibraryTag, TagLibrary } from '@kelan/shared'
import { outbox, relationTags, settings, tagEvents, tagGroups, tags } from '../../db/schema'
import type { Deps } from '../../deps'
import { fakeClock } from '../../lib/clock'
import { makeCustomer, makeRelation, makeRelationTag, makeStaff, makeTestDeps, seed } from '../../test/helpers'
import { call, makeGroup, makeTag, seedLibrary } from './tag-library.testing'

/** A corp with an admin (boss), a manager (wang) and a staff member (lisi), and no tags yet. */
function setup(): Deps {
  const deps = makeTestDeps({ clock: fakeClock(1_750_000_000) })
  seed(deps.db, {
    staff: [makeStaff({ userid: 'boss', role: 'admin' }), makeStaff({ userid: 'wang', role: 'manager' }), makeStaff()],
  })
  return deps
}

const items = (deps: Deps) => deps.db.select().from(outbox).all()
const errorOf = async (res: Response) => ErrorBody.parse(await res.json()).error

/** Two customers both carrying 高意向 and 低意向 (of etG1), on relations of lisi and boss. */
function seedTwoTagsOnCustomers(deps: Deps) {
  seedLibrary(deps.db, { groups: [makeGroup()], tags: [makeTag(), makeTag({ id: 'etT2', name: '低意向', order: 0 })] })
  seed(deps.db, {
    customers: [makeCustomer(), makeCustomer({ externalUserid: 'wm2', name: '赵六' })],
    relations: [makeRelation(), makeRelation({ userid: 'boss' }), makeRelation({ externalUserid: 'wm2' })],
    relationTags: [
      makeRelationTag({ tagId: 'etT1', addedAt: 10 }),
      makeRelationTag({ userid: 'boss', tagId: 'etT2', addedAt: 20 }),
      makeRelationTag({ externalUserid: 'wm2', tagId: 'etT1', addedAt: 5 }),
    ],
  })
}

describe('GET /api/tags', () => {
  it('GET /api/tags – staff – every group in display order, without customer counts', async () => {
    const deps = setup()
    seedLibrary(deps.db, {
      groups: [makeGroup({ id: 'etLow', name: '行业', order: 1 }), makeGroup({ id: 'etHigh', name: '等级', order: 5 })],
      tags: [makeTag({ groupId: 'etHigh' })],
    })

    const res = await call(deps, '/api/tags', { as: 'lisi' })

    expect(res.status).toBe(200)
    const lib = TagLibrary.parse(await res.json())
    expect(lib.groups.map((g) => g.id)).toEqual(['etHigh', 'etLow'])
    expect(lib.groups[0]!.tags[0]).not.toHaveProperty('customerCount')
  })

  it('GET /api/tags – no session – 401', async () => {
    const deps = setup()

    expect((await call(deps, '/api/tags')).status).toBe(401)
  })
})

describe('LibraryTag.mark', () => {
  it('GET /api/tags – no mark-tag choice – the 客户标记 group’s tags flagged mark, others not; a stored choice replaces it', async () => {
    const deps = setup()
    seedLibrary(deps.db, {
      groups: [makeGroup({ id: 'etMarks', name: '客户标记' }), makeGroup({ id: 'etOther', name: '等级' })],
      tags: [makeTag({ id: 'etRisk', groupId: 'etMarks', name: '风险客户' }), makeTag({ id: 'etVip', groupId: 'etOther', name: 'VIP' })],
    })
    const marked = async () =>
      TagLibrary.parse(await (await call(deps, '/api/tags', { as: 'lisi' })).json()).groups.flatMap((g) => g.tags.filter((t) => t.mark).map((t) => t.id))

    expect(await marked()).toEqual(['etRisk'])
    deps.db.insert(settings).values({ corpId: deps.corpId, key: 'marks.tagIds', value: ['etVip'] }).run()
    expect(await marked()).toEqual(['etVip'])
  })
})

describe('GET /api/admin/tags', () => {
  it('GET /api/admin/tags – tag on two relations of one customer, one ended relation – counted once, ended not counted', async () => {
    const deps = setup()
    seedTwoTagsOnCustomers(deps)
    seed(deps.db, {
      customers: [makeCustomer({ externalUserid: 'wm3' })],
      relations: [makeRelation({ externalUserid: 'wm3', status: 'deleted_by_customer' })],
      relationTags: [makeRelationTag({ externalUserid: 'wm3', tagId: 'etT2' }), makeRelationTag({ tagId: 'etT2' })],
    })

    const res = await call(deps, '/api/admin/tags', { as: 'boss' })

    expect(res.status).toBe(200)
    const counts = TagLibrary.parse(await res.json()).groups[0]!.tags.map((t) => [t.name, t.customerCount])
    expect(counts).toEqual([['高意向', 2], ['低意向', 1]])
  })

  it('GET /api/admin/tags – manager and staff – 403', async () => {
    const deps = setup()

    const statuses = [(await call(deps, '/api/admin/tags', { as: 'wang' })).status, (await call(deps, '/api/admin/tags', { as: 'lisi' })).status]

    expect(statuses).toEqual([403, 403])
  })
})

describe('POST /api/admin/tag-groups', () => {
  const body = { name: '购买意向', exclusive: true, tags: [{ name: '年费' }, { name: '月费', color: 'gold' }] }

  it('POST tag-groups – admin – 201, local ids, first in the library, pending, one create_tags item', async () => {
    const deps = setup()
    seedLibrary(deps.db, { groups: [makeGroup({ order: 7 })] })

    const res = await call(deps, '/api/admin/tag-groups', { as: 'boss', method: 'POST', json: body })

    expect(res.status).toBe(201)
    const group = LibraryGroup.parse(await res.json())
    expect(group).toMatchObject({ name: '购买意向', order: 8, exclusive: true, origin: 'app', pending: true, color: 'blue' })
    expect(group.id).toMatch(/^kl_/)
    expect(group.tags.map((t) => [t.name, t.color, t.pending, t.customerCount])).toEqual([['年费', 'blue', true, 0], ['月费', 'gold', true, 0]])
    expect(group.tags.every((t) => t.id.startsWith('kl_'))).toBe(true)
    expect(items(deps)).toMatchObject([{ kind: 'create_tags', key: group.id, createdBy: 'boss', status: 'pending' }])
    const lib = TagLibrary.parse(await (await call(deps, '/api/tags', { as: 'lisi' })).json())
    expect(lib.groups[0]!.id).toBe(group.id)
  })

  it('POST tag-groups – admin – the outbox worker is woken for the new item', async () => {
    const deps = setup()
    const wake = vi.fn()
    deps.wake = wake

    await call(deps, '/api/admin/tag-groups', { as: 'boss', method: 'POST', json: body })

    expect(wake).toHaveBeenCalledWith('outbox')
  })

  it('POST tag-groups – group name taken – 409 NAME_TAKEN and nothing written', async () => {
    const deps = setup()
    seedLibrary(deps.db, { groups: [makeGroup({ name: '购买意向' })] })

    const res = await call(deps, '/api/admin/tag-groups', { as: 'boss', method: 'POST', json: body })

    expect(res.status).toBe(409)
    expect((await errorOf(res)).code).toBe('NAME_TAKEN')
    expect(deps.db.select().from(tagGroups).all()).toHaveLength(1)
    expect(items(deps)).toEqual([])
  })

  it.each([
    ['no tags', { name: '组', tags: [] }],
    ['a name of 31 characters', { name: '一'.repeat(31), tags: [{ name: 'a' }] }],
    ['two tags of one name', { name: '组', tags: [{ name: 'a' }, { name: 'a' }] }],
    ['an unknown colour', { name: '组', color: 'red', tags: [{ name: 'a' }] }],
  ])('POST tag-groups – %s – 400 VALIDATION_FAILED', async (_, json) => {
    const deps = setup()

    const res = await call(deps, '/api/admin/tag-groups', { as: 'boss', method: 'POST', json })

    expect(res.status).toBe(400)
    expect((await errorOf(res)).code).toBe('VALIDATION_FAILED')
  })

  it('POST tag-groups – manager with an invalid body – 403 (role checked first), nothing written', async () => {
    const deps = setup()

    const res = await call(deps, '/api/admin/tag-groups', { as: 'wang', method: 'POST', json: { name: '' } })

    expect(res.status).toBe(403)
    expect(deps.db.select().from(tagGroups).all()).toEqual([])
  })
})

describe('POST /api/admin/tag-groups/:id/tags', () => {
  it('POST group tags – console-made group – 201, new tags first, create_tags item for the group', async () => {
    const deps = setup()
    seedLibrary(deps.db, { groups: [makeGroup({ origin: 'console' })], tags: [makeTag({ order: 4, origin: 'console' })] })

    const res = await call(deps, '/api/admin/tag-groups/etG1/tags', { as: 'boss', method: 'POST', json: { tags: [{ name: '中意向' }] } })

    expect(res.status).toBe(201)
    const group = LibraryGroup.parse(await res.json())
    expect(group.tags.map((t) => [t.name, t.order, t.origin])).toEqual([['中意向', 5, 'app'], ['高意向', 4, 'console']])
    expect(items(deps)).toMatchObject([{ kind: 'create_tags', key: 'etG1' }])
  })

  it('POST group tags – name already in the group – 409 NAME_TAKEN', async () => {
    const deps = setup()
    seedLibrary(deps.db, { groups: [makeGroup()], tags: [makeTag()] })

    const res = await call(deps, '/api/admin/tag-groups/etG1/tags', { as: 'boss', method: 'POST', json: { tags: [{ name: '高意向' }] } })

    expect(res.status).toBe(409)
    expect((await errorOf(res)).code).toBe('NAME_TAKEN')
  })

  it('POST group tags – unknown group – 404', async () => {
    const deps = setup()

    const res = await call(deps, '/api/admin/tag-groups/etNope/tags', { as: 'boss', method: 'POST', json: { tags: [{ name: 'a' }] } })

    expect(res.status).toBe(404)
  })
})

describe('PATCH /api/admin/tag-groups/:id', () => {
  it('PATCH group – rename – 200, renamed, pending, one edit_tag item', async () => {
    const deps = setup()
    seedLibrary(deps.db, { groups: [makeGroup()] })

    const res = await call(deps, '/api/admin/tag-groups/etG1', { as: 'boss', method: 'PATCH', json: { name: '购买意愿' } })

    expect(res.status).toBe(200)
    expect(LibraryGroup.parse(await res.json())).toMatchObject({ name: '购买意愿', pending: true })
    expect(items(deps)).toMatchObject([{ kind: 'edit_tag', key: 'etG1' }])
  })

  it('PATCH group – console-made, renamed – 403 TAG_READ_ONLY with the message', async () => {
    const deps = setup()
    seedLibrary(deps.db, { groups: [makeGroup({ origin: 'console' })] })

    const res = await call(deps, '/api/admin/tag-groups/etG1', { as: 'boss', method: 'PATCH', json: { name: '新名' } })

    expect(res.status).toBe(403)
    expect(await errorOf(res)).toMatchObject({ code: 'TAG_READ_ONLY', message: '该标签在企业微信后台创建，应用无权修改' })
    expect(deps.db.select().from(tagGroups).get()?.name).toBe('意向程度')
  })

  it('PATCH group – console-made, colour, description, 互斥 and its own name – 200, no outbox item', async () => {
    const deps = setup()
    seedLibrary(deps.db, { groups: [makeGroup({ origin: 'console' })] })

    const json = { name: '意向程度', color: 'orange', description: '销售判断', exclusive: true }
    const res = await call(deps, '/api/admin/tag-groups/etG1', { as: 'boss', method: 'PATCH', json })

    expect(res.status).toBe(200)
    expect(LibraryGroup.parse(await res.json())).toMatchObject({ color: 'orange', description: '销售判断', exclusive: true, pending: false })
    expect(items(deps)).toEqual([])
  })

  it('PATCH group – name of another group – 409 NAME_TAKEN', async () => {
    const deps = setup()
    seedLibrary(deps.db, { groups: [makeGroup(), makeGroup({ id: 'etG2', name: '行业' })] })

    const res = await call(deps, '/api/admin/tag-groups/etG1', { as: 'boss', method: 'PATCH', json: { name: '行业' } })

    expect(res.status).toBe(409)
    expect((await errorOf(res)).code).toBe('NAME_TAKEN')
  })

  it('PATCH group – unknown id, bad colour – 404, 400', async () => {
    const deps = setup()
    seedLibrary(deps.db, { groups: [makeGroup()] })

    const unknown = await call(deps, '/api/admin/tag-groups/etNope', { as: 'boss', method: 'PATCH', json: { color: 'green' } })
    const bad = await call(deps, '/api/admin/tag-groups/etG1', { as: 'boss', method: 'PATCH', json: { color: 'red' } })

    expect([unknown.status, bad.status]).toEqual([404, 400])
  })

  it('PATCH group – 互斥 on while customers carry two of its tags – 409 MUTEX_CONFLICT listing them, nothing changed', async () => {
    const deps = setup()
    seedTwoTagsOnCustomers(deps)

    const res = await call(deps, '/api/admin/tag-groups/etG1', { as: 'boss', method: 'PATCH', json: { exclusive: true } })

    expect(res.status).toBe(409)
    const error = await errorOf(res)
    expect(error.code).toBe('MUTEX_CONFLICT')
    expect(error.details).toEqual({ customers: [{ externalUserId: 'wmCUST0001', name: '王小明', tagNames: ['高意向', '低意向'] }], count: 1 })
    expect(deps.db.select().from(tagGroups).get()?.exclusive).toBe(false)
    expect(deps.db.select().from(relationTags).all()).toHaveLength(3)
  })

  it('PATCH group – 互斥 on with keep_latest – latest tag kept, the other taken off with admin history and a mark_tag item', async () => {
    const deps = setup()
    seedTwoTagsOnCustomers(deps)

    const json = { exclusive: true, resolve: 'keep_latest' }
    const res = await call(deps, '/api/admin/tag-groups/etG1', { as: 'boss', method: 'PATCH', json })

    expect(res.status).toBe(200)
    expect(LibraryGroup.parse(await res.json()).exclusive).toBe(true)
    const left = deps.db.select().from(relationTags).where(eq(relationTags.externalUserid, 'wmCUST0001')).all()
    expect(left.map((r) => [r.userid, r.tagId])).toEqual([['boss', 'etT2']])
    expect(deps.db.select().from(tagEvents).all()).toMatchObject([
      { externalUserid: 'wmCUST0001', userid: 'lisi', tagId: 'etT1', action: 'remove', source: 'admin', operatorUserid: 'boss' },
    ])
    expect(items(deps)).toMatchObject([{ kind: 'mark_tag', key: 'wmCUST0001/lisi' }])
  })
})

describe('PATCH /api/admin/tags/:id', () => {
  it('PATCH tag – rename and colour back to the group’s – 200, one edit_tag item', async () => {
    const deps = setup()
    seedLibrary(deps.db, { groups: [makeGroup({ color: 'cyan' })], tags: [makeTag({ color: 'pink' })] })

    const res = await call(deps, '/api/admin/tags/etT1', { as: 'boss', method: 'PATCH', json: { name: '极高意向', color: null } })

    expect(res.status).toBe(200)
    expect(LibraryTag.parse(await res.json())).toMatchObject({ name: '极高意向', color: 'cyan', ownColor: null, pending: true })
    expect(items(deps)).toMatchObject([{ kind: 'edit_tag', key: 'etT1' }])
  })

  it('PATCH tag – console-made: rename, then colour – 403 TAG_READ_ONLY, then 200', async () => {
    const deps = setup()
    seedLibrary(deps.db, { groups: [makeGroup()], tags: [makeTag({ origin: 'console' })] })

    const rename = await call(deps, '/api/admin/tags/etT1', { as: 'boss', method: 'PATCH', json: { name: '新名' } })
    const colour = await call(deps, '/api/admin/tags/etT1', { as: 'boss', method: 'PATCH', json: { color: 'gold', description: '说明' } })

    expect(rename.status).toBe(403)
    expect((await errorOf(rename)).code).toBe('TAG_READ_ONLY')
    expect(colour.status).toBe(200)
    expect(LibraryTag.parse(await colour.json())).toMatchObject({ name: '高意向', color: 'gold', description: '说明' })
  })

  it('PATCH tag – name of a tag in the same group, of one in another group – 409 NAME_TAKEN, 200', async () => {
    const deps = setup()
    seedLibrary(deps.db, {
      groups: [makeGroup(), makeGroup({ id: 'etG2', name: '行业' })],
      tags: [makeTag(), makeTag({ id: 'etT2', name: '低意向' }), makeTag({ id: 'etT3', groupId: 'etG2', name: '教育' })],
    })

    const same = await call(deps, '/api/admin/tags/etT1', { as: 'boss', method: 'PATCH', json: { name: '低意向' } })
    const other = await call(deps, '/api/admin/tags/etT1', { as: 'boss', method: 'PATCH', json: { name: '教育' } })

    expect(same.status).toBe(409)
    expect((await errorOf(same)).code).toBe('NAME_TAKEN')
    expect(other.status).toBe(200)
  })

  it('PATCH tag – unknown id, empty name – 404, 400', async () => {
    const deps = setup()
    seedLibrary(deps.db, { groups: [makeGroup()], tags: [makeTag()] })

    const unknown = await call(deps, '/api/admin/tags/etNope', { as: 'boss', method: 'PATCH', json: { color: 'gold' } })
    const empty = await call(deps, '/api/admin/tags/etT1', { as: 'boss', method: 'PATCH', json: { name: '  ' } })

    expect([unknown.status, empty.status]).toEqual([404, 400])
  })

  it('PATCH tag – staff – 403', async () => {
    const deps = setup()
    seedLibrary(deps.db, { groups: [makeGroup()], tags: [makeTag()] })

    expect((await call(deps, '/api/admin/tags/etT1', { as: 'lisi', method: 'PATCH', json: { color: 'gold' } })).status).toBe(403)
  })
})

describe('PUT /api/admin/tag-groups/order', () => {
  it('PUT group order – new sequence – 200 library in that order, edit_tag per changed group', async () => {
    const deps = setup()
    seedLibrary(deps.db, { groups: [makeGroup({ id: 'a', name: 'A', order: 3 }), makeGroup({ id: 'b', name: 'B', order: 2 }), makeGroup({ id: 'c', name: 'C', order: 1 })] })

    const res = await call(deps, '/api/admin/tag-groups/order', { as: 'boss', method: 'PUT', json: { ids: ['a', 'c', 'b'] } })

    expect(res.status).toBe(200)
    expect(TagLibrary.parse(await res.json()).groups.map((g) => g.id)).toEqual(['a', 'c', 'b'])
    expect(items(deps).map((i) => [i.kind, i.key]).sort()).toEqual([['edit_tag', 'b'], ['edit_tag', 'c']])
  })

  it('PUT group order – console groups around a moved app group – 200, console orders unchanged', async () => {
    const deps = setup()
    seedLibrary(deps.db, {
      groups: [
        makeGroup({ id: 'x', name: 'X', order: 500, origin: 'console' }),
        makeGroup({ id: 'a', name: 'A', order: 400 }),
        makeGroup({ id: 'y', name: 'Y', order: 300, origin: 'console' }),
      ],
    })

    const res = await call(deps, '/api/admin/tag-groups/order', { as: 'boss', method: 'PUT', json: { ids: ['x', 'y', 'a'] } })

    expect(res.status).toBe(200)
    expect(TagLibrary.parse(await res.json()).groups.map((g) => [g.id, g.order])).toEqual([['x', 500], ['y', 300], ['a', expect.any(Number)]])
    expect(items(deps).map((i) => i.key)).toEqual(['a'])
  })

  it('PUT group order – two console groups swapped – 403 TAG_READ_ONLY, nothing changed', async () => {
    const deps = setup()
    seedLibrary(deps.db, {
      groups: [makeGroup({ id: 'x', name: 'X', order: 2, origin: 'console' }), makeGroup({ id: 'y', name: 'Y', order: 1, origin: 'console' })],
    })

    const res = await call(deps, '/api/admin/tag-groups/order', { as: 'boss', method: 'PUT', json: { ids: ['y', 'x'] } })

    expect(res.status).toBe(403)
    expect((await errorOf(res)).code).toBe('TAG_READ_ONLY')
    expect(items(deps)).toEqual([])
  })

  it('PUT group order – a group left out, an unknown id – 400 both', async () => {
    const deps = setup()
    seedLibrary(deps.db, { groups: [makeGroup({ id: 'a', name: 'A' }), makeGroup({ id: 'b', name: 'B' })] })

    const missing = await call(deps, '/api/admin/tag-groups/order', { as: 'boss', method: 'PUT', json: { ids: ['a'] } })
    const unknown = await call(deps, '/api/admin/tag-groups/order', { as: 'boss', method: 'PUT', json: { ids: ['a', 'zz'] } })

    expect([missing.status, unknown.status]).toEqual([400, 400])
  })
})

describe('PUT /api/admin/tag-groups/:id/order', () => {
  it('PUT tag order – new sequence – 200 group in that order, edit_tag per changed tag', async () => {
    const deps = setup()
    seedLibrary(deps.db, { groups: [makeGroup()], tags: [makeTag({ order: 2 }), makeTag({ id: 'etT2', name: '低意向', order: 1 })] })

    const res = await call(deps, '/api/admin/tag-groups/etG1/order', { as: 'boss', method: 'PUT', json: { ids: ['etT2', 'etT1'] } })

    expect(res.status).toBe(200)
    expect(LibraryGroup.parse(await res.json()).tags.map((t) => t.id)).toEqual(['etT2', 'etT1'])
    expect(items(deps).map((i) => i.key).sort()).toEqual(['etT1', 'etT2'])
  })

  it('PUT tag order – unknown group, a tag of another group – 404, 400', async () => {
    const deps = setup()
    seedLibrary(deps.db, { groups: [makeGroup(), makeGroup({ id: 'etG2', name: '行业' })], tags: [makeTag(), makeTag({ id: 'etT9', groupId: 'etG2' })] })

    const unknown = await call(deps, '/api/admin/tag-groups/etNope/order', { as: 'boss', method: 'PUT', json: { ids: ['etT1'] } })
    const foreign = await call(deps, '/api/admin/tag-groups/etG1/order', { as: 'boss', method: 'PUT', json: { ids: ['etT9'] } })

    expect([unknown.status, foreign.status]).toEqual([404, 400])
  })
})

describe('DELETE /api/admin/tags/:id', () => {
  it('DELETE tag – WeCom tag nobody carries – 204, gone, one delete_tags item naming it', async () => {
    const deps = setup()
    seedLibrary(deps.db, { groups: [makeGroup()], tags: [makeTag()] })

    const res = await call(deps, '/api/admin/tags/etT1', { as: 'boss', method: 'DELETE' })

    expect(res.status).toBe(204)
    expect(deps.db.select().from(tags).all()).toEqual([])
    expect(items(deps)).toMatchObject([{ kind: 'delete_tags', payload: { tagIds: ['etT1'], groupIds: [] } }])
  })

  it('DELETE tag – carried by two customers – 409 TAG_IN_USE with the count, still there', async () => {
    const deps = setup()
    seedTwoTagsOnCustomers(deps)

    const res = await call(deps, '/api/admin/tags/etT1', { as: 'boss', method: 'DELETE' })

    expect(res.status).toBe(409)
    expect(await errorOf(res)).toMatchObject({ code: 'TAG_IN_USE', details: { customers: 2 } })
    expect(deps.db.select().from(tags).where(eq(tags.id, 'etT1')).get()).toBeDefined()
  })

  it('DELETE tag – console-made – 403 TAG_READ_ONLY', async () => {
    const deps = setup()
    seedLibrary(deps.db, { groups: [makeGroup()], tags: [makeTag({ origin: 'console' })] })

    const res = await call(deps, '/api/admin/tags/etT1', { as: 'boss', method: 'DELETE' })

    expect(res.status).toBe(403)
    expect((await errorOf(res)).code).toBe('TAG_READ_ONLY')
  })

  it('DELETE tag – the only tag WeCom has not created yet – 204, its create_tags item dropped, nothing to delete in WeCom', async () => {
    const deps = setup()
    seedLibrary(deps.db, { groups: [makeGroup()] })
    const added = await call(deps, '/api/admin/tag-groups/etG1/tags', { as: 'boss', method: 'POST', json: { tags: [{ name: '新' }] } })
    const localId = LibraryGroup.parse(await added.json()).tags[0]!.id

    const res = await call(deps, `/api/admin/tags/${localId}`, { as: 'boss', method: 'DELETE' })

    expect(res.status).toBe(204)
    expect(items(deps)).toEqual([])
  })

  it('DELETE tag – unknown id, manager – 404, 403', async () => {
    const deps = setup()
    seedLibrary(deps.db, { groups: [makeGroup()], tags: [makeTag()] })

    const unknown = await call(deps, '/api/admin/tags/etNope', { as: 'boss', method: 'DELETE' })
    const manager = await call(deps, '/api/admin/tags/etT1', { as: 'wang', method: 'DELETE' })

    expect([unknown.status, manager.status]).toEqual([404, 403])
  })
})

describe('DELETE /api/admin/tag-groups/:id', () => {
  it('DELETE group – still has tags – 409 GROUP_NOT_EMPTY', async () => {
    const deps = setup()
    seedLibrary(deps.db, { groups: [makeGroup()], tags: [makeTag()] })

    const res = await call(deps, '/api/admin/tag-groups/etG1', { as: 'boss', method: 'DELETE' })

    expect(res.status).toBe(409)
    expect((await errorOf(res)).code).toBe('GROUP_NOT_EMPTY')
  })

  it('DELETE group – empty – 204, gone, one delete_tags item naming it', async () => {
    const deps = setup()
    seedLibrary(deps.db, { groups: [makeGroup()] })

    const res = await call(deps, '/api/admin/tag-groups/etG1', { as: 'boss', method: 'DELETE' })

    expect(res.status).toBe(204)
    expect(deps.db.select().from(tagGroups).all()).toEqual([])
    expect(items(deps)).toMatchObject([{ kind: 'delete_tags', payload: { tagIds: [], groupIds: ['etG1'] } }])
  })

  it('DELETE group – console-made, unknown id, staff – 403, 404, 403', async () => {
    const deps = setup()
    seedLibrary(deps.db, { groups: [makeGroup({ origin: 'console' }), makeGroup({ id: 'etG2', name: '行业' })] })

    const consoleMade = await call(deps, '/api/admin/tag-groups/etG1', { as: 'boss', method: 'DELETE' })
    const unknown = await call(deps, '/api/admin/tag-groups/etNope', { as: 'boss', method: 'DELETE' })
    const staff = await call(deps, '/api/admin/tag-groups/etG2', { as: 'lisi', method: 'DELETE' })

    expect([consoleMade.status, unknown.status, staff.status]).toEqual([403, 404, 403])
    expect(deps.db.select().from(tagGroups).where(and(eq(tagGroups.id, 'etG2'))).get()).toBeDefined()
  })
})
