import { describe, expect, it } from 'vitest'
import { ADMIN_PAGES, adminPage, canOpen, menuFor } from './admin-access'

describe('admin access', () => {
  it('menuFor – admin – every page, 客户标记管理 right after 客户', () => {
    const labels = menuFor({ role: 'admin', permissions: [] }).map((p) => p.label)
    expect(labels).toEqual(ADMIN_PAGES.map((p) => p.label))
    expect(labels.slice(0, 3)).toEqual(['标签库', '客户', '客户标记管理'])
  })

  it.each([
    ['manager', ['客户']],
    ['staff', []],
  ] as const)('menuFor – %s without permissions – %j', (role, labels) => {
    expect(menuFor({ role, permissions: [] }).map((p) => p.label)).toEqual(labels)
  })

  it('menuFor – staff granted marks – only 客户标记管理', () => {
    expect(menuFor({ role: 'staff', permissions: ['marks'] }).map((p) => p.label)).toEqual(['客户标记管理'])
  })

  it('menuFor – manager granted marks – 客户 then 客户标记管理', () => {
    expect(menuFor({ role: 'manager', permissions: ['marks'] }).map((p) => p.label)).toEqual(['客户', '客户标记管理'])
  })

  it('canOpen – the tag library – admin only, a permission does not open it', () => {
    const page = adminPage('admin-tags')
    const viewers = [
      { role: 'admin', permissions: [] },
      { role: 'manager', permissions: ['marks'] },
      { role: 'staff', permissions: ['marks'] },
    ] as const
    expect(viewers.map((v) => canOpen(page, v))).toEqual([true, false, false])
  })

  it('canOpen – the marks page – admin or the marks permission', () => {
    const page = adminPage('admin-marks')
    expect(canOpen(page, { role: 'admin', permissions: [] })).toBe(true)
    expect(canOpen(page, { role: 'staff', permissions: ['marks'] })).toBe(true)
    expect(canOpen(page, { role: 'manager', permissions: [] })).toBe(false)
  })

  it('canOpen – no roles on the route – anyone', () => {
    expect(canOpen({}, { role: 'staff', permissions: [] })).toBe(true)
  })
})
