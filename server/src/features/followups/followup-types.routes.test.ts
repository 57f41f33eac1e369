import { describe, expect, it } from 'vitest'
import { ErrorBody, FollowupType, FollowupTypeList } from '@kelan/shared'
import { followupTypes } from '../../db/schema'
import { addType, call, followupBody, followupsPath, LISI_CUSTOMER, noteTypeId, setup } from './followups.testing'

const ADMIN_TYPES = '/api/admin/followup-types'
const errorOf = async (res: Response) => ErrorBody.parse(await res.json()).error

async function adminList(deps: ReturnType<typeof setup>) {
  const res = await call(deps, ADMIN_TYPES, { as: 'admin' })
  expect(res.status).toBe(200)
  return FollowupTypeList.parse(await res.json()).items
}

describe('follow-up types – admin list', () => {
  it('GET – empty corp – 笔记 created on first read, first and builtin', async () => {
    const deps = setup()

    const items = await adminList(deps)

    expect(items).toEqual([{ id: expect.any(Number), name: '笔记', enabled: true, builtin: true, usage: 0 }])
    expect(await adminList(deps)).toHaveLength(1)
  })

  it('POST – new name – 201, added after 笔记', async () => {
    const deps = setup()

    const res = await call(deps, ADMIN_TYPES, { as: 'admin', method: 'POST', json: { name: ' 电话回访 ' } })

    expect(res.status).toBe(201)
    expect(FollowupType.parse(await res.json())).toMatchObject({ name: '电话回访', enabled: true, builtin: false })
    expect((await adminList(deps)).map((t) => t.name)).toEqual(['笔记', '电话回访'])
  })

  it('POST – a name already used (笔记) – 409 NAME_TAKEN', async () => {
    const deps = setup()

    const res = await call(deps, ADMIN_TYPES, { as: 'admin', method: 'POST', json: { name: '笔记' } })

    expect(res.status).toBe(409)
    expect((await errorOf(res)).code).toBe('NAME_TAKEN')
  })

  it.each([
    ['an empty name', { name: '  ' }],
    ['a 21-character name', { name: '类'.repeat(21) }],
    ['no name', {}],
  ])('POST – %s – 400 VALIDATION_FAILED', async (_what, json) => {
    const deps = setup()

    const res = await call(deps, ADMIN_TYPES, { as: 'admin', method: 'POST', json })

    expect(res.status).toBe(400)
    expect((await errorOf(res)).code).toBe('VALIDATION_FAILED')
  })

  it.each([
    ['GET', ADMIN_TYPES, undefined],
    ['POST', ADMIN_TYPES, { name: '上门拜访' }],
    ['PATCH', `${ADMIN_TYPES}/1`, { enabled: false }],
    ['PUT', `${ADMIN_TYPES}/order`, { ids: [1] }],
    ['DELETE', `${ADMIN_TYPES}/1`, undefined],
  ])('%s %s – staff member or manager – 403', async (method, path, json) => {
    const deps = setup()

    const res = [await call(deps, path, { as: 'lisi', method, json }), await call(deps, path, { as: 'boss', method, json })]

    expect(res.map((r) => r.status)).toEqual([403, 403])
  })

  it('GET – no session – 401', async () => {
    expect((await call(setup(), ADMIN_TYPES)).status).toBe(401)
  })
})

describe('follow-up types – edit, order, delete', () => {
  it('PATCH – disable a type – 200; the form no longer offers it', async () => {
    const deps = setup()
    const id = addType(deps.db, '微信沟通')

    const res = await call(deps, `${ADMIN_TYPES}/${id}`, { as: 'admin', method: 'PATCH', json: { enabled: false } })

    expect(res.status).toBe(200)
    const form = FollowupTypeList.parse(await (await call(deps, '/api/followup-types', { as: 'lisi' })).json()).items
    expect(form.map((t) => t.name)).toEqual(['笔记'])
  })

  it('PATCH – disable 笔记 – 403, still enabled', async () => {
    const deps = setup()
    const note = noteTypeId(deps)

    const res = await call(deps, `${ADMIN_TYPES}/${note}`, { as: 'admin', method: 'PATCH', json: { enabled: false } })

    expect(res.status).toBe(403)
    expect((await adminList(deps))[0]).toMatchObject({ builtin: true, enabled: true })
  })

  it('PATCH – rename to a taken name – 409 NAME_TAKEN', async () => {
    const deps = setup()
    const id = addType(deps.db, '微信沟通')
    addType(deps.db, '上门拜访')

    const res = await call(deps, `${ADMIN_TYPES}/${id}`, { as: 'admin', method: 'PATCH', json: { name: '上门拜访' } })

    expect(res.status).toBe(409)
  })

  it('PATCH – an empty body – 400; an unknown id – 404', async () => {
    const deps = setup()
    const id = addType(deps.db, '微信沟通')

    expect((await call(deps, `${ADMIN_TYPES}/${id}`, { as: 'admin', method: 'PATCH', json: {} })).status).toBe(400)
    expect((await call(deps, `${ADMIN_TYPES}/9999`, { as: 'admin', method: 'PATCH', json: { enabled: false } })).status).toBe(404)
  })

  it('PUT order – 笔记 first, others swapped – 200 in the new order', async () => {
    const deps = setup()
    const note = noteTypeId(deps)
    const a = addType(deps.db, '电话回访', { sort: 1 })
    const b = addType(deps.db, '上门拜访', { sort: 2 })

    const res = await call(deps, `${ADMIN_TYPES}/order`, { as: 'admin', method: 'PUT', json: { ids: [note, b, a] } })

    expect(res.status).toBe(200)
    expect(FollowupTypeList.parse(await res.json()).items.map((t) => t.name)).toEqual(['笔记', '上门拜访', '电话回访'])
  })

  it.each([
    ['笔记 not first', (n: number, a: number, b: number) => [a, n, b]],
    ['a type missing', (n: number, a: number) => [n, a]],
    ['a duplicate', (n: number, a: number) => [n, a, a]],
  ])('PUT order – %s – 400, order unchanged', async (_what, ids) => {
    const deps = setup()
    const note = noteTypeId(deps)
    const a = addType(deps.db, '电话回访', { sort: 1 })
    const b = addType(deps.db, '上门拜访', { sort: 2 })

    const res = await call(deps, `${ADMIN_TYPES}/order`, { as: 'admin', method: 'PUT', json: { ids: ids(note, a, b) } })

    expect(res.status).toBe(400)
    expect((await adminList(deps)).map((t) => t.name)).toEqual(['笔记', '电话回访', '上门拜访'])
  })

  it('DELETE – unused type – 204, gone', async () => {
    const deps = setup()
    const id = addType(deps.db, '会议记录')

    const res = await call(deps, `${ADMIN_TYPES}/${id}`, { as: 'admin', method: 'DELETE' })

    expect(res.status).toBe(204)
    expect(deps.db.select().from(followupTypes).all().map((t) => t.name)).not.toContain('会议记录')
  })

  it('DELETE – 笔记 – 403, still there', async () => {
    const deps = setup()
    const note = noteTypeId(deps)

    const res = await call(deps, `${ADMIN_TYPES}/${note}`, { as: 'admin', method: 'DELETE' })

    expect(res.status).toBe(403)
    expect((await adminList(deps)).map((t) => t.name)).toEqual(['笔记'])
  })

  it('DELETE – a type with a follow-up – 409 TYPE_IN_USE with the count; disabling still works', async () => {
    const deps = setup()
    const id = addType(deps.db, '电话回访')
    const created = await call(deps, followupsPath(LISI_CUSTOMER), { as: 'lisi', method: 'POST', json: followupBody(id) })
    expect(created.status).toBe(201)

    const res = await call(deps, `${ADMIN_TYPES}/${id}`, { as: 'admin', method: 'DELETE' })

    expect(res.status).toBe(409)
    expect(await errorOf(res)).toMatchObject({ code: 'TYPE_IN_USE', details: { followups: 1 } })
    const disable = await call(deps, `${ADMIN_TYPES}/${id}`, { as: 'admin', method: 'PATCH', json: { enabled: false } })
    expect(FollowupType.parse(await disable.json())).toMatchObject({ enabled: false, usage: 1 })
  })

  it('DELETE – an id that is not a number – 400', async () => {
    expect((await call(setup(), `${ADMIN_TYPES}/abc`, { as: 'admin', method: 'DELETE' })).status).toBe(400)
  })
})
