import { describe, expect, it } from 'vitest'
import { adminPage, canOpen, menuFor } from './admin-access'

describe('admin access', () => {
  it.each([
    ['admin', ['标签库', '客户', '知识库', '敏感词', '同步与失败']],
    ['manager', ['客户']],
    ['staff', []],
  ] as const)('menuFor – %s – %j', (role, labels) => {
    expect(menuFor(role).map((p) => p.label)).toEqual(labels)
  })

  it('canOpen – the tag library – admin only', () => {
    const { roles } = adminPage('admin-tags')
    expect([canOpen(roles, 'admin'), canOpen(roles, 'manager'), canOpen(roles, 'staff')]).toEqual([true, false, false])
  })

  it('canOpen – no roles on the route – anyone', () => {
    expect(canOpen(undefined, 'staff')).toBe(true)
  })
})
