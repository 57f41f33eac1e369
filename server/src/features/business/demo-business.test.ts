import { describe, expect, it } from 'vitest'
import type { Viewer } from '../../app-env'
import type { Deps } from '../../deps'
import { TEST_CORP_ID } from '../../test/helpers'
import { listTemplates, usableTemplates } from './business.service'
import { seedDemoBusinessTemplates } from './demo-business'
import { createTemplate, setupOrg } from './business.testing'

const as = (userid: string, role: Viewer['role'] = 'staff'): Viewer => ({ corpId: TEST_CORP_ID, userid, role })
const templates = (deps: Deps) => listTemplates(deps, as('admin', 'admin')).items

describe('seedDemoBusinessTemplates', () => {
  it('seedDemoBusinessTemplates – empty corp – 客户需求登记 with its four fields, enabled, open to everyone', () => {
    const deps = setupOrg()

    seedDemoBusinessTemplates(deps)

    const [template, ...rest] = templates(deps)
    expect(rest).toEqual([])
    expect(template).toMatchObject({ name: '客户需求登记', enabled: true, departments: [], users: [], recordCount: 0 })
    expect(template?.fields.map((f) => [f.name, f.type, f.required, f.options])).toEqual([
      ['意向产品', 'select', true, ['年卡', '季卡', '次卡']],
      ['预算（元）', 'integer', false, undefined],
      ['期望联系时间', 'date', false, undefined],
      ['备注', 'textarea', false, undefined],
    ])
    // Staff of two unrelated departments may both use it.
    expect(usableTemplates(deps, as('lisi')).items.map((t) => t.name)).toEqual(['客户需求登记'])
    expect(usableTemplates(deps, as('wangwu')).items.map((t) => t.name)).toEqual(['客户需求登记'])
  })

  it('seedDemoBusinessTemplates – called a second time – adds nothing', () => {
    const deps = setupOrg()
    seedDemoBusinessTemplates(deps)
    const before = templates(deps)

    seedDemoBusinessTemplates(deps)

    expect(templates(deps)).toEqual(before)
  })

  it('seedDemoBusinessTemplates – the admin already has a 客户需求登记 – left as it is, no second one', async () => {
    const deps = setupOrg()
    const own = await createTemplate(deps, { name: '客户需求登记', fields: [{ name: '来源', type: 'text' }], departmentIds: [3] })

    seedDemoBusinessTemplates(deps)

    expect(templates(deps)).toEqual([own])
  })

  it('seedDemoBusinessTemplates – the admin has a template of another name – kept first, the demo one after it', async () => {
    const deps = setupOrg()
    await createTemplate(deps, { name: '意向登记' })

    seedDemoBusinessTemplates(deps)

    expect(templates(deps).map((t) => t.name)).toEqual(['意向登记', '客户需求登记'])
  })
})
