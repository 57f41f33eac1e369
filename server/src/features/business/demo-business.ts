import { CreateBusinessTemplateInput } from '@kelan/shared'
import type { Viewer } from '../../app-env'
import { IMMEDIATE } from '../../db/client'
import type { Deps } from '../../deps'
import { DEMO_CORP } from '../../wecom-sim/demo-config'
import * as repo from './business.repo'
import { createTemplate } from './business.service'

/*
 * The demo corp starts with one business-record template an admin would have made, so the
 * sidebar's 业务记录 tab has something to fill in from the first visit.
 */

/** The demo corp's template: open to everyone (no departments, no members). */
export const DEMO_BUSINESS_TEMPLATE: CreateBusinessTemplateInput = {
  name: '客户需求登记',
  description: '了解到客户的购买意向时登记，便于后续跟进',
  fields: [
    { name: '意向产品', type: 'select', required: true, options: ['年卡', '季卡', '次卡'] },
    { name: '预算（元）', type: 'integer' },
    { name: '期望联系时间', type: 'date' },
    { name: '备注', type: 'textarea' },
  ],
}

/**
 * Adds the demo corp's business-record template through the service (field ids made there),
 * written as the first Kelan admin. A template of the same name is left as it is, so a second
 * run adds nothing. index.ts runs it after the first demo sync.
 */
export function seedDemoBusinessTemplates(deps: Deps): void {
  const input = CreateBusinessTemplateInput.parse(DEMO_BUSINESS_TEMPLATE)
  const viewer: Viewer = { corpId: deps.corpId, userid: deps.env.adminUserids[0] ?? DEMO_CORP.adminUserid, role: 'admin' }
  deps.db.transaction(() => {
    if (repo.nameTaken(deps.db, deps.corpId, input.name)) return
    createTemplate(deps, viewer, input)
    // Immediate: whether to add is decided on what was read, so no other writer may come in between.
  }, IMMEDIATE)
}
