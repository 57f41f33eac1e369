import { describe, expect, it } from 'vitest'
import { BusinessRecord, BusinessRecordPage } from '@kelan/shared'
import { businessRecords, businessTemplates } from '../../db/schema'
import type { Deps } from '../../deps'
import { request } from '../../test/http'
import {
  ADMIN_TEMPLATES,
  addRecord,
  createTemplate,
  errorOf,
  fieldId,
  LISI_CUSTOMER,
  newKey,
  records,
  setupOrg,
  WANG_CUSTOMER,
} from './business.testing'

const post = (deps: Deps, json: unknown, { as = 'lisi', customer = LISI_CUSTOMER } = {}) =>
  request(deps, records(customer), { as, method: 'POST', json })

async function page(deps: Deps, query = '', as = 'lisi') {
  const res = await request(deps, `${records(LISI_CUSTOMER)}${query}`, { as })
  expect(res.status).toBe(200)
  return BusinessRecordPage.parse(await res.json())
}

const storedCount = (deps: Deps) => deps.db.select().from(businessRecords).all().length

describe('POST /api/customers/:id/business-records – create', () => {
  it('valid values – 201 with template name, author, values and summary', async () => {
    const deps = setupOrg()
    const t = await createTemplate(deps)

    const res = await post(deps, {
      templateId: t.id,
      values: { [fieldId(t, '意向产品')]: '年卡', [fieldId(t, '预算')]: '5000', [fieldId(t, '联系电话')]: '' },
      clientKey: newKey(),
    })

    expect(res.status).toBe(201)
    const record = BusinessRecord.parse(await res.json())
    expect(record).toMatchObject({
      externalUserId: LISI_CUSTOMER,
      templateId: t.id,
      templateName: '意向登记',
      fields: t.fields,
      values: { [fieldId(t, '意向产品')]: '年卡', [fieldId(t, '预算')]: 5000 },
      summary: '意向产品：年卡；预算：5000',
      author: { userid: 'lisi', name: '李四' },
      source: 'sidebar',
      createdAt: 1_750_000_000,
    })
  })

  it('bad values – 400 with one issue per field id, nothing stored', async () => {
    const deps = setupOrg()
    const t = await createTemplate(deps)

    const res = await post(deps, { templateId: t.id, values: { [fieldId(t, '预算')]: '12.5', [fieldId(t, '联系电话')]: '12345' }, clientKey: newKey() })

    expect(res.status).toBe(400)
    const error = await errorOf(res)
    expect(error.code).toBe('VALIDATION_FAILED')
    expect(error.message).toBe('业务记录填写有误：请选择意向产品')
    expect(error.issues).toEqual([
      { path: fieldId(t, '意向产品'), message: '请选择意向产品' },
      { path: fieldId(t, '预算'), message: '请填写整数' },
      { path: fieldId(t, '联系电话'), message: '请填写正确的手机号或带区号的座机号' },
    ])
    expect(storedCount(deps)).toBe(0)
  })

  it.each([
    ['no clientKey', (id: number) => ({ templateId: id, values: {} })],
    ['no templateId', () => ({ values: {}, clientKey: newKey() })],
    ['values not an object', (id: number) => ({ templateId: id, values: ['年卡'], clientKey: newKey() })],
    ['an unknown source', (id: number) => ({ templateId: id, values: {}, clientKey: newKey(), source: 'api' })],
  ])('malformed body (%s) – 400', async (_, body) => {
    const deps = setupOrg()
    const t = await createTemplate(deps)

    const res = await post(deps, body(t.id))

    expect(res.status).toBe(400)
    expect((await errorOf(res)).code).toBe('VALIDATION_FAILED')
  })

  it('the same clientKey twice – one record; the second answer is 200 with the first', async () => {
    const deps = setupOrg()
    const t = await createTemplate(deps)
    const body = { templateId: t.id, values: { [fieldId(t, '意向产品')]: '年卡' }, clientKey: newKey() }

    const first = await post(deps, body)
    deps.clock.advance(5)
    const second = await post(deps, { ...body, values: { [fieldId(t, '意向产品')]: '季卡' } })

    expect([first.status, second.status]).toEqual([201, 200])
    expect(await second.json()).toEqual(await first.json())
    expect(storedCount(deps)).toBe(1)
  })

  it('a double tap (two submits at once) – one record', async () => {
    const deps = setupOrg()
    const t = await createTemplate(deps)
    const body = { templateId: t.id, values: { [fieldId(t, '意向产品')]: '年卡' }, clientKey: newKey() }

    const statuses = (await Promise.all([post(deps, body), post(deps, body)])).map((r) => r.status).sort()

    expect(statuses).toEqual([200, 201])
    expect(storedCount(deps)).toBe(1)
  })

  it('a repeated clientKey after the template was disabled – still answers the first record', async () => {
    const deps = setupOrg()
    const t = await createTemplate(deps)
    const body = { templateId: t.id, values: { [fieldId(t, '意向产品')]: '年卡' }, clientKey: newKey() }
    await post(deps, body)
    await request(deps, `${ADMIN_TEMPLATES}/${t.id}/disable`, { as: 'admin', method: 'POST' })

    const res = await post(deps, body)

    expect(res.status).toBe(200)
  })

  it('a clientKey already used on another customer – 409 CONFLICT', async () => {
    const deps = setupOrg()
    const t = await createTemplate(deps)
    const clientKey = newKey()
    await post(deps, { templateId: t.id, values: { [fieldId(t, '意向产品')]: '年卡' }, clientKey }, { as: 'admin' })

    const res = await post(deps, { templateId: t.id, values: { [fieldId(t, '意向产品')]: '年卡' }, clientKey }, { as: 'admin', customer: WANG_CUSTOMER })

    expect(res.status).toBe(409)
    expect((await errorOf(res)).code).toBe('CONFLICT')
  })

  it('a customer outside the viewer\'s data scope, or unknown – 404, nothing stored', async () => {
    const deps = setupOrg()
    const t = await createTemplate(deps)
    const body = () => ({ templateId: t.id, values: { [fieldId(t, '意向产品')]: '年卡' }, clientKey: newKey() })

    const res = [await post(deps, body(), { customer: WANG_CUSTOMER }), await post(deps, body(), { customer: 'wmNOBODY' })]

    expect(res.map((r) => r.status)).toEqual([404, 404])
    expect((await errorOf(res[0]!)).code).toBe('NOT_FOUND')
    expect(storedCount(deps)).toBe(0)
  })

  it('a template the viewer may not use – 403', async () => {
    const deps = setupOrg()
    const t = await createTemplate(deps, { departmentIds: [2] })

    const res = await post(deps, { templateId: t.id, values: { [fieldId(t, '意向产品')]: '年卡' }, clientKey: newKey() }, { as: 'wangwu', customer: WANG_CUSTOMER })

    expect(res.status).toBe(403)
    expect(await errorOf(res)).toMatchObject({ code: 'FORBIDDEN', message: '你不在该业务记录模板的使用范围内' })
  })

  it('a disabled template – 409 TEMPLATE_DISABLED', async () => {
    const deps = setupOrg()
    const t = await createTemplate(deps, { enabled: false })

    const res = await post(deps, { templateId: t.id, values: { [fieldId(t, '意向产品')]: '年卡' }, clientKey: newKey() })

    expect(res.status).toBe(409)
    expect(await errorOf(res)).toMatchObject({ code: 'TEMPLATE_DISABLED', message: '模板「意向登记」已停用，请选择其他模板' })
  })

  it('an unknown template – 404', async () => {
    const deps = setupOrg()

    const res = await post(deps, { templateId: 999, values: {}, clientKey: newKey() })

    expect(res.status).toBe(404)
  })

  it('a manager on a customer of his department, a template of his department – 201', async () => {
    const deps = setupOrg()
    const t = await createTemplate(deps, { departmentIds: [2] })

    const record = await addRecord(deps, { as: 'boss', template: t, values: { [fieldId(t, '意向产品')]: '年卡' } })

    expect(record.author.userid).toBe('boss')
  })

  it('an admin from the admin customer page, on anyone\'s customer – 201 with source admin', async () => {
    const deps = setupOrg()
    const t = await createTemplate(deps, { departmentIds: [4] })

    const res = await post(deps, { templateId: t.id, values: { [fieldId(t, '意向产品')]: '年卡' }, clientKey: newKey(), source: 'admin' }, { as: 'admin' })

    expect(res.status).toBe(201)
    expect(BusinessRecord.parse(await res.json())).toMatchObject({ source: 'admin', author: { userid: 'admin', name: '管理员' } })
  })

  it('no session – 401', async () => {
    const deps = setupOrg()

    const res = await request(deps, records(LISI_CUSTOMER), { method: 'POST', json: {} })

    expect(res.status).toBe(401)
  })
})

describe('GET /api/customers/:id/business-records – list', () => {
  it('records newest first, paged by cursor until nextCursor is null', async () => {
    const deps = setupOrg()
    const t = await createTemplate(deps)
    const made: number[] = []
    for (const product of ['年卡', '季卡', '年卡']) {
      made.push((await addRecord(deps, { template: t, values: { [fieldId(t, '意向产品')]: product } })).id)
      deps.clock.advance(60)
    }
    // Same second as the last one: the id breaks the tie.
    deps.clock.advance(-60)
    made.push((await addRecord(deps, { template: t, values: { [fieldId(t, '意向产品')]: '季卡' } })).id)

    const first = await page(deps, '?limit=3')
    const second = await page(deps, `?limit=3&cursor=${first.nextCursor}`)

    expect(first.items.map((r) => r.id)).toEqual([made[3], made[2], made[1]])
    expect(second.items.map((r) => r.id)).toEqual([made[0]])
    expect(second.nextCursor).toBeNull()
  })

  it('records of colleagues on the customer – listed too, with their author', async () => {
    const deps = setupOrg()
    const t = await createTemplate(deps)
    await addRecord(deps, { as: 'admin', template: t, values: { [fieldId(t, '意向产品')]: '年卡' } })

    const { items } = await page(deps)

    expect(items.map((r) => r.author.name)).toEqual(['管理员'])
  })

  it('a record keeps its template\'s name and fields after the template is renamed', async () => {
    const deps = setupOrg()
    const t = await createTemplate(deps)
    await addRecord(deps, { template: t, values: { [fieldId(t, '意向产品')]: '年卡' } })
    // Straight into the table: the API refuses renaming a template in use.
    deps.db.update(businessTemplates).set({ name: '改过的名字', fields: [] }).run()

    const { items } = await page(deps)

    expect(items[0]).toMatchObject({ templateName: '意向登记', fields: t.fields })
  })

  it('a customer outside the viewer\'s data scope – 404', async () => {
    const deps = setupOrg()

    const res = await request(deps, records(WANG_CUSTOMER), { as: 'lisi' })

    expect(res.status).toBe(404)
  })

  it.each(['?cursor=abc', '?limit=0', '?limit=51'])('bad query %s – 400', async (query) => {
    const deps = setupOrg()

    const res = await request(deps, `${records(LISI_CUSTOMER)}${query}`, { as: 'lisi' })

    expect(res.status).toBe(400)
  })

  it('no session – 401', async () => {
    const deps = setupOrg()

    expect((await request(deps, records(LISI_CUSTOMER))).status).toBe(401)
  })
})
