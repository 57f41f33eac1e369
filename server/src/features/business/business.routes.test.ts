import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { BusinessScopeOptions, BusinessTemplate, BusinessTemplateList, UsableBusinessTemplateList } from '@kelan/shared'
import { businessTemplates, departments } from '../../db/schema'
import type { Deps } from '../../deps'
import { request } from '../../test/http'
import { ADMIN_TEMPLATES, addRecord, createTemplate, errorOf, fieldId, setupOrg, TEMPLATES, templateInput } from './business.testing'

async function adminList(deps: Deps) {
  const res = await request(deps, ADMIN_TEMPLATES, { as: 'admin' })
  expect(res.status).toBe(200)
  return BusinessTemplateList.parse(await res.json()).items
}

async function usable(deps: Deps, as: string) {
  const res = await request(deps, TEMPLATES, { as })
  expect(res.status).toBe(200)
  return UsableBusinessTemplateList.parse(await res.json()).items.map((t) => t.name)
}

const patch = (deps: Deps, id: number, json: unknown) => request(deps, `${ADMIN_TEMPLATES}/${id}`, { as: 'admin', method: 'PATCH', json })

describe('business templates admin – sign-in and role', () => {
  const routes: [string, string, unknown][] = [
    ['GET', ADMIN_TEMPLATES, undefined],
    ['POST', ADMIN_TEMPLATES, templateInput()],
    ['GET', `${ADMIN_TEMPLATES}/scope-options`, undefined],
    ['PUT', `${ADMIN_TEMPLATES}/order`, { ids: [] }],
    ['GET', `${ADMIN_TEMPLATES}/1`, undefined],
    ['PATCH', `${ADMIN_TEMPLATES}/1`, { description: 'x' }],
    ['POST', `${ADMIN_TEMPLATES}/1/enable`, undefined],
    ['POST', `${ADMIN_TEMPLATES}/1/disable`, undefined],
    ['DELETE', `${ADMIN_TEMPLATES}/1`, undefined],
  ]

  it.each(routes)('%s %s – no session – 401', async (method, path, json) => {
    const deps = setupOrg()

    const res = await request(deps, path, { method, json })

    expect(res.status).toBe(401)
  })

  it.each(routes)('%s %s – staff member or manager – 403, template unchanged', async (method, path, json) => {
    const deps = setupOrg()
    const before = await createTemplate(deps, { name: '甲' })

    const res = [await request(deps, path, { as: 'lisi', method, json }), await request(deps, path, { as: 'boss', method, json })]

    expect(res.map((r) => r.status)).toEqual([403, 403])
    expect((await errorOf(res[0]!)).code).toBe('FORBIDDEN')
    expect(await adminList(deps)).toEqual([before])
  })
})

describe('business templates admin – create', () => {
  it('POST – valid template – 201 with field ids, scope names and the next sort', async () => {
    const deps = setupOrg()
    await createTemplate(deps, { name: '先建的' })

    const t = await createTemplate(deps, { departmentIds: [2], userids: ['wangwu'], description: '记录客户意向' })

    expect(t).toMatchObject({
      name: '意向登记',
      description: '记录客户意向',
      departments: [{ id: 2, name: '销售部' }],
      users: [{ userid: 'wangwu', name: '王五' }],
      enabled: true,
      sort: 1,
      recordCount: 0,
    })
    expect(t.fields.map((f) => [f.name, f.type, f.required])).toEqual([
      ['意向产品', 'select', true],
      ['预算', 'integer', false],
      ['联系电话', 'phone', false],
    ])
    expect(new Set(t.fields.map((f) => f.id)).size).toBe(3)
    expect((await adminList(deps)).map((x) => x.name)).toEqual(['先建的', '意向登记'])
  })

  it('POST – the name of another template – 409 NAME_TAKEN', async () => {
    const deps = setupOrg()
    await createTemplate(deps)

    const res = await request(deps, ADMIN_TEMPLATES, { as: 'admin', method: 'POST', json: templateInput({ name: ' 意向登记 ' }) })

    expect(res.status).toBe(409)
    expect(await errorOf(res)).toMatchObject({ code: 'NAME_TAKEN', message: '模板名称「意向登记」已存在' })
  })

  it.each([
    ['a select without options', { fields: [{ name: '意向', type: 'select', options: [] }] }],
    ['repeated options', { fields: [{ name: '意向', type: 'multiselect', options: ['年卡', '年卡'] }] }],
    ['two fields with one name', { fields: [{ name: '预算', type: 'integer' }, { name: '预算', type: 'text' }] }],
    ['no fields', { fields: [] }],
    ['an unknown field type', { fields: [{ name: '附件', type: 'file' }] }],
    ['a blank name', { name: '  ' }],
    ['a name over 30 characters', { name: '名'.repeat(31) }],
    ['a repeated department', { departmentIds: [2, 2] }],
  ])('POST – %s – 400 VALIDATION_FAILED, nothing stored', async (_, o) => {
    const deps = setupOrg()

    const res = await request(deps, ADMIN_TEMPLATES, { as: 'admin', method: 'POST', json: { ...templateInput(), ...o } })

    expect(res.status).toBe(400)
    expect((await errorOf(res)).code).toBe('VALIDATION_FAILED')
    expect(deps.db.select().from(businessTemplates).all()).toEqual([])
  })

  it('POST – a department and a member that do not exist – 400 naming both', async () => {
    const deps = setupOrg()

    const res = await request(deps, ADMIN_TEMPLATES, { as: 'admin', method: 'POST', json: templateInput({ departmentIds: [99], userids: ['ghost'] }) })

    expect(res.status).toBe(400)
    expect((await errorOf(res)).issues).toEqual([
      { path: 'json.departmentIds', message: '部门不存在：99' },
      { path: 'json.userids', message: '成员不存在：ghost' },
    ])
  })

  it('GET /:id – unknown id or another corp\'s template – 404', async () => {
    const deps = setupOrg()
    const other = deps.db
      .insert(businessTemplates)
      .values({ corpId: 'wwOTHER', name: '别家', fields: [], createdBy: 'x', createdAt: 1, updatedAt: 1 })
      .returning()
      .get()

    const res = [await request(deps, `${ADMIN_TEMPLATES}/999`, { as: 'admin' }), await request(deps, `${ADMIN_TEMPLATES}/${other.id}`, { as: 'admin' })]

    expect(res.map((r) => r.status)).toEqual([404, 404])
    expect((await errorOf(res[1]!)).code).toBe('NOT_FOUND')
  })

  it('GET /:id – not a number – 400', async () => {
    const deps = setupOrg()

    const res = await request(deps, `${ADMIN_TEMPLATES}/abc`, { as: 'admin' })

    expect(res.status).toBe(400)
  })

  it('GET /scope-options – departments and active staff', async () => {
    const deps = setupOrg()

    const res = await request(deps, `${ADMIN_TEMPLATES}/scope-options`, { as: 'admin' })

    expect(res.status).toBe(200)
    const options = BusinessScopeOptions.parse(await res.json())
    expect(options.departments.map((d) => d.name).sort()).toEqual(['客服部', '总部', '销售一组', '销售部'].sort())
    expect(options.staff.map((s) => s.userid).sort()).toEqual(['admin', 'boss', 'lisi', 'wangwu'])
  })
})

describe('business templates admin – edit, enable, delete', () => {
  it('PATCH – no records yet – fields, name and scope change', async () => {
    const deps = setupOrg()
    const t = await createTemplate(deps)

    const res = await patch(deps, t.id, { name: '意向登记（新）', userids: ['lisi'], fields: [{ id: t.fields[0]!.id, name: '产品', type: 'text' }] })

    expect(res.status).toBe(200)
    const after = BusinessTemplate.parse(await res.json())
    expect(after).toMatchObject({ name: '意向登记（新）', users: [{ userid: 'lisi', name: '李四' }] })
    expect(after.fields).toEqual([{ id: t.fields[0]!.id, name: '产品', type: 'text', required: false }])
  })

  it('PATCH – renamed to another template\'s name – 409 NAME_TAKEN', async () => {
    const deps = setupOrg()
    await createTemplate(deps, { name: '甲' })
    const t = await createTemplate(deps, { name: '乙' })

    const res = await patch(deps, t.id, { name: '甲' })

    expect(res.status).toBe(409)
    expect((await errorOf(res)).code).toBe('NAME_TAKEN')
  })

  it('PATCH – unknown id – 404; bad body – 400', async () => {
    const deps = setupOrg()
    const t = await createTemplate(deps)

    const res = [await patch(deps, 999, { description: 'x' }), await patch(deps, t.id, { fields: [{ name: '意向', type: 'select' }] })]

    expect(res.map((r) => r.status)).toEqual([404, 400])
  })

  it.each([
    ['name', { name: '改名' }, '名称'],
    ['fields', { fields: [{ name: '意向产品', type: 'text' }] }, '字段'],
    ['scope', { departmentIds: [2] }, '使用范围'],
  ])('PATCH – template with records, %s changed – 409 TEMPLATE_IN_USE telling to disable', async (_, body, label) => {
    const deps = setupOrg()
    const t = await createTemplate(deps)
    await addRecord(deps, { template: t, values: { [fieldId(t, '意向产品')]: '年卡' } })

    const res = await patch(deps, t.id, body)

    expect(res.status).toBe(409)
    const error = await errorOf(res)
    expect(error.code).toBe('TEMPLATE_IN_USE')
    expect(error.message).toBe(`该模板已有 1 条业务记录，不能修改${label}，如不再使用请停用`)
    expect((await adminList(deps))[0]).toMatchObject({ name: '意向登记', fields: t.fields, departments: [] })
  })

  it('PATCH – template with records, description and enabled, the rest sent back unchanged – 200', async () => {
    const deps = setupOrg()
    const t = await createTemplate(deps)
    await addRecord(deps, { template: t, values: { [fieldId(t, '意向产品')]: '年卡' } })

    const res = await patch(deps, t.id, { name: t.name, fields: t.fields, departmentIds: [], userids: [], description: '新说明', enabled: false })

    expect(res.status).toBe(200)
    expect(BusinessTemplate.parse(await res.json())).toMatchObject({ description: '新说明', enabled: false, recordCount: 1, fields: t.fields })
  })

  it('PATCH – template with records, fields sent back without their ids – 200, stored ids kept', async () => {
    const deps = setupOrg()
    const t = await createTemplate(deps)
    await addRecord(deps, { template: t, values: { [fieldId(t, '意向产品')]: '年卡' } })

    const res = await patch(deps, t.id, { fields: t.fields.map(({ id: _id, ...f }) => f) })

    expect(res.status).toBe(200)
    expect(BusinessTemplate.parse(await res.json()).fields).toEqual(t.fields)
  })

  it('PATCH – a department the template already names has gone, scope sent back – 200; a new unknown one – 400', async () => {
    const deps = setupOrg()
    const t = await createTemplate(deps, { departmentIds: [4] })
    deps.db.delete(departments).where(eq(departments.id, 4)).run()

    const kept = await patch(deps, t.id, { departmentIds: [4], description: '说明' })
    const added = await patch(deps, t.id, { departmentIds: [4, 98] })

    expect([kept.status, added.status]).toEqual([200, 400])
    expect(BusinessTemplate.parse(await kept.json()).departments).toEqual([{ id: 4, name: '4' }])
    expect((await errorOf(added)).issues).toEqual([{ path: 'json.departmentIds', message: '部门不存在：98' }])
  })

  it('POST enable / disable – flips enabled, also with records; unknown id – 404', async () => {
    const deps = setupOrg()
    const t = await createTemplate(deps)
    await addRecord(deps, { template: t, values: { [fieldId(t, '意向产品')]: '季卡' } })

    const off = await request(deps, `${ADMIN_TEMPLATES}/${t.id}/disable`, { as: 'admin', method: 'POST' })
    const offState = BusinessTemplate.parse(await off.json()).enabled
    const on = await request(deps, `${ADMIN_TEMPLATES}/${t.id}/enable`, { as: 'admin', method: 'POST' })
    const missing = await request(deps, `${ADMIN_TEMPLATES}/999/enable`, { as: 'admin', method: 'POST' })

    expect([off.status, on.status, missing.status]).toEqual([200, 200, 404])
    expect([offState, BusinessTemplate.parse(await on.json()).enabled]).toEqual([false, true])
  })

  it('DELETE – template without records – 204 and gone', async () => {
    const deps = setupOrg()
    const t = await createTemplate(deps)

    const res = await request(deps, `${ADMIN_TEMPLATES}/${t.id}`, { as: 'admin', method: 'DELETE' })

    expect(res.status).toBe(204)
    expect((await request(deps, `${ADMIN_TEMPLATES}/${t.id}`, { as: 'admin' })).status).toBe(404)
  })

  it('DELETE – template with records – 409 TEMPLATE_IN_USE, still there', async () => {
    const deps = setupOrg()
    const t = await createTemplate(deps)
    await addRecord(deps, { template: t, values: { [fieldId(t, '意向产品')]: '年卡' } })

    const res = await request(deps, `${ADMIN_TEMPLATES}/${t.id}`, { as: 'admin', method: 'DELETE' })

    expect(res.status).toBe(409)
    expect(await errorOf(res)).toMatchObject({ code: 'TEMPLATE_IN_USE', message: '该模板已有 1 条业务记录，不能删除，如不再使用请停用' })
    expect(await adminList(deps)).toHaveLength(1)
  })

  it('DELETE – unknown id – 404', async () => {
    const deps = setupOrg()

    const res = await request(deps, `${ADMIN_TEMPLATES}/999`, { as: 'admin', method: 'DELETE' })

    expect(res.status).toBe(404)
  })
})

describe('business templates admin – order', () => {
  it('PUT /order – every template in a new order – 200 and listed so', async () => {
    const deps = setupOrg()
    const [a, b, c] = [await createTemplate(deps, { name: 'A' }), await createTemplate(deps, { name: 'B' }), await createTemplate(deps, { name: 'C' })]

    const res = await request(deps, `${ADMIN_TEMPLATES}/order`, { as: 'admin', method: 'PUT', json: { ids: [c.id, a.id, b.id] } })

    expect(res.status).toBe(200)
    expect(BusinessTemplateList.parse(await res.json()).items.map((t) => t.name)).toEqual(['C', 'A', 'B'])
    expect((await adminList(deps)).map((t) => [t.name, t.sort])).toEqual([['C', 0], ['A', 1], ['B', 2]])
  })

  it('PUT /order – a template left out or unknown – 409 CONFLICT, order unchanged', async () => {
    const deps = setupOrg()
    const [a, b] = [await createTemplate(deps, { name: 'A' }), await createTemplate(deps, { name: 'B' })]

    const res = [
      await request(deps, `${ADMIN_TEMPLATES}/order`, { as: 'admin', method: 'PUT', json: { ids: [b.id] } }),
      await request(deps, `${ADMIN_TEMPLATES}/order`, { as: 'admin', method: 'PUT', json: { ids: [b.id, a.id, 999] } }),
    ]

    expect(res.map((r) => r.status)).toEqual([409, 409])
    expect((await errorOf(res[0]!)).code).toBe('CONFLICT')
    expect((await adminList(deps)).map((t) => t.name)).toEqual(['A', 'B'])
  })

  it('PUT /order – an id twice – 400', async () => {
    const deps = setupOrg()
    const a = await createTemplate(deps, { name: 'A' })

    const res = await request(deps, `${ADMIN_TEMPLATES}/order`, { as: 'admin', method: 'PUT', json: { ids: [a.id, a.id] } })

    expect(res.status).toBe(400)
  })
})

describe('GET /api/business-templates – the templates the viewer may use', () => {
  it('no session – 401', async () => {
    const deps = setupOrg()

    expect((await request(deps, TEMPLATES)).status).toBe(401)
  })

  it('staff – enabled ones in scope (sub-departments included), in the admin\'s order', async () => {
    const deps = setupOrg()
    await createTemplate(deps, { name: '全员' })
    await createTemplate(deps, { name: '销售部', departmentIds: [2] })
    await createTemplate(deps, { name: '客服部', departmentIds: [4] })
    await createTemplate(deps, { name: '点名王五', userids: ['wangwu'] })
    await createTemplate(deps, { name: '已停用', enabled: false })
    const last = (await adminList(deps)).map((t) => t.id)
    await request(deps, `${ADMIN_TEMPLATES}/order`, { as: 'admin', method: 'PUT', json: { ids: [...last].reverse() } })

    expect(await usable(deps, 'lisi')).toEqual(['销售部', '全员'])
    expect(await usable(deps, 'wangwu')).toEqual(['点名王五', '客服部', '全员'])
    expect(await usable(deps, 'boss')).toEqual(['销售部', '全员'])
  })

  it('admin – every enabled template, whatever its scope', async () => {
    const deps = setupOrg()
    await createTemplate(deps, { name: '客服部', departmentIds: [4] })
    await createTemplate(deps, { name: '已停用', enabled: false })

    expect(await usable(deps, 'admin')).toEqual(['客服部'])
  })

  it('nothing usable – empty list (the form shows 暂无业务记录模板)', async () => {
    const deps = setupOrg()
    await createTemplate(deps, { name: '客服部', departmentIds: [4] })

    expect(await usable(deps, 'lisi')).toEqual([])
  })
})
