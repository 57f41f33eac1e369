import type { Me, Role } from '@kelan/shared'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import { routes } from '@/router'
import { makeMe } from '@/test/admin-factories'
import { makeCustomerCard } from '@/test/factories'
import { json, stubFetch } from '@/test/fetch-stub'

// The routes of 跟进方式, 业务记录模版 and the admin customer page, with their menu entries and
// who may open them, through the app's real router and admin layout.

beforeAll(async () => {
  await Promise.all([
    import('@/features/admin-followup-types/AdminFollowupTypesPage.vue'),
    import('@/features/admin-business-templates/AdminBusinessTemplatesPage.vue'),
    import('./AdminCustomerPage.vue'),
  ])
}, 60_000)

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

async function openAs(role: Role, path: string, me: Partial<Me> = {}) {
  stubFetch({
    '/api/me': () => json(200, makeMe(role, me)),
    '/api/admin/followup-types': () => json(200, { items: [{ id: 1, name: '笔记', enabled: true, builtin: true, usage: 0 }] }),
    '/api/admin/business-templates': () => json(200, { items: [] }),
    '/api/sidebar/customers/wm1': () => json(200, makeCustomerCard({ externalUserId: 'wm1', name: '赵六', mine: null })),
    '/api/customers/wm1/followups': () => json(200, { items: [], nextCursor: null }),
  })
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push(path)
  const w = mount(RouterView, { global: { plugins: [router, createPinia()] }, attachTo: document.body })
  await flushPromises()
  await vi.dynamicImportSettled()
  await flushPromises()
  return { w, router }
}

const menu = (w: ReturnType<typeof mount>) => w.findAll('[data-test="admin-menu"] a').map((a) => a.attributes('data-page'))

describe('admin routes – follow-ups and business records', () => {
  it('admin routes – admin opens 跟进方式 – the page, with both new entries in the menu', async () => {
    const { w, router } = await openAs('admin', '/admin/followup-types')
    expect(w.find('[data-test="followup-types"]').exists()).toBe(true)
    expect(router.currentRoute.value.meta.title).toBe('跟进方式 · 客栏管理后台')
    expect(menu(w)).toEqual(expect.arrayContaining(['admin-followup-types', 'admin-business-templates']))
    expect(w.get('[data-test="admin-menu"] a.active').text()).toBe('跟进方式')
  })

  it('admin routes – admin opens 业务记录模版 – the page', async () => {
    const { w } = await openAs('admin', '/admin/business-templates')
    expect(w.find('[data-test="business-templates"]').exists()).toBe(true)
    expect(w.get('.page-title').text()).toBe('业务记录模版')
  })

  it('admin routes – manager – neither entry in the menu, 403 on 业务记录模版', async () => {
    const { w } = await openAs('manager', '/admin/business-templates')
    expect(menu(w)).not.toContain('admin-followup-types')
    expect(menu(w)).not.toContain('admin-business-templates')
    expect(w.find('[data-test="admin-forbidden"]').exists()).toBe(true)
    expect(w.find('[data-test="business-templates"]').exists()).toBe(false)
  })

  it('admin routes – manager opens a customer – the admin customer page', async () => {
    const { w } = await openAs('manager', '/admin/customers/wm1')
    expect(w.get('[data-test="admin-customer"]').attributes('data-id')).toBe('wm1')
    expect(w.get('.page-title').text()).toBe('客户详情')
  })

  it('admin routes – staff opens a customer – 403, no page', async () => {
    const { w } = await openAs('staff', '/admin/customers/wm1')
    expect(w.find('[data-test="admin-forbidden"]').exists()).toBe(true)
    expect(w.find('[data-test="admin-customer"]').exists()).toBe(false)
  })
})
