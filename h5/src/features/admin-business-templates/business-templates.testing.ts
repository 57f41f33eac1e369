import type { BusinessField, BusinessScopeOptions, BusinessTemplate } from '@kelan/shared'

// One-line factories for the template screen's tests.

export const makeField = (id: string, name: string, over: Partial<BusinessField> = {}): BusinessField => ({ id, name, type: 'text', required: false, ...over })

export const makeTemplate = (id: number, name: string, over: Partial<BusinessTemplate> = {}): BusinessTemplate => ({
  id,
  name,
  description: '',
  departments: [],
  users: [],
  fields: [makeField('a1', '备注')],
  enabled: true,
  sort: id,
  recordCount: 0,
  createdAt: 1_700_000_000,
  updatedAt: 1_700_000_000,
  ...over,
})

export const makeScopeOptions = (): BusinessScopeOptions => ({
  departments: [
    { id: 1, name: '总部', parentId: 0 },
    { id: 2, name: '销售部', parentId: 1 },
    { id: 3, name: '华东销售组', parentId: 2 },
  ],
  staff: [
    { userid: 'zhangsan', name: '张三' },
    { userid: 'lisi', name: '李四' },
  ],
})
