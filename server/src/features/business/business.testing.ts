/**
 * Test helpers for business records: the org of `makeOrgDeps` with one customer each for
 * lisi (销售一组) and wangwu (客服部), a template factory and signed-in JSON calls.
 */
import { expect } from 'vitest'
import { BusinessRecord, BusinessTemplate, ErrorBody, type CreateBusinessTemplateInput } from '@kelan/shared'
import type { Deps } from '../../deps'
import { fakeClock } from '../../lib/clock'
import { makeCustomer, makeRelation, seed } from '../../test/helpers'
import { request } from '../../test/http'
import { makeOrgDeps } from '../../test/org-fixture'

export const ADMIN_TEMPLATES = '/api/admin/business-templates'
export const TEMPLATES = '/api/business-templates'
export const records = (externalUserid: string) => `/api/customers/${externalUserid}/business-records`

/** lisi's customer 王小明 and wangwu's customer 陈大文. */
export const LISI_CUSTOMER = 'wmLISI01'
export const WANG_CUSTOMER = 'wmWANG01'

/**
 * The org (总部 > 销售部 > 销售一组, 总部 > 客服部; boss leads 销售部, lisi in 销售一组, wangwu
 * in 客服部, admin in 总部) with a customer each for lisi and wangwu, on a fake clock.
 */
export function setupOrg(): Deps & { clock: ReturnType<typeof fakeClock> } {
  const clock = fakeClock(1_750_000_000)
  const deps = { ...makeOrgDeps({ clock }), clock }
  seed(deps.db, {
    customers: [makeCustomer({ externalUserid: LISI_CUSTOMER, name: '王小明' }), makeCustomer({ externalUserid: WANG_CUSTOMER, name: '陈大文' })],
    relations: [makeRelation({ externalUserid: LISI_CUSTOMER, userid: 'lisi' }), makeRelation({ externalUserid: WANG_CUSTOMER, userid: 'wangwu' })],
  })
  return deps
}

/** A template input: 意向登记 with a required select, an integer and a phone. */
export const templateInput = (o: Partial<CreateBusinessTemplateInput> = {}): CreateBusinessTemplateInput => ({
  name: '意向登记',
  fields: [
    { name: '意向产品', type: 'select', required: true, options: ['年卡', '季卡'] },
    { name: '预算', type: 'integer' },
    { name: '联系电话', type: 'phone' },
  ],
  ...o,
})

/** Creates a template as the admin; fails the test unless 201. */
export async function createTemplate(deps: Deps, o: Partial<CreateBusinessTemplateInput> = {}): Promise<BusinessTemplate> {
  const res = await request(deps, ADMIN_TEMPLATES, { as: 'admin', method: 'POST', json: templateInput(o) })
  expect(res.status).toBe(201)
  return BusinessTemplate.parse(await res.json())
}

/** Field id by name. */
export const fieldId = (t: { fields: { id: string; name: string }[] }, name: string) => t.fields.find((f) => f.name === name)!.id

let keys = 0
/** A fresh clientKey. */
export const newKey = () => `key-${Date.now()}-${++keys}`

/** Adds a record as `as`; fails the test unless 201. */
export async function addRecord(
  deps: Deps,
  o: { as?: string; customer?: string; template: BusinessTemplate; values: Record<string, unknown>; clientKey?: string },
): Promise<BusinessRecord> {
  const res = await request(deps, records(o.customer ?? LISI_CUSTOMER), {
    as: o.as ?? 'lisi',
    method: 'POST',
    json: { templateId: o.template.id, values: o.values, clientKey: o.clientKey ?? newKey() },
  })
  expect(res.status).toBe(201)
  return BusinessRecord.parse(await res.json())
}

export const errorOf = async (res: Response) => ErrorBody.parse(await res.json()).error
