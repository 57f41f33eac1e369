import type { Me, Role } from '@kelan/shared'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import { ADMIN_PAGES } from '@/features/admin/admin-access'
import { routes } from '@/router'
import { makeMe } from '@/test/admin-factories'
import { json, stubFetch } from '@/test/fetch-stub'

// The routes load their pages lazily; compiling them the first time can take longer than a
// test's budget on a busy machine, so it happens once here.
beforeAll(async () => {
  await Promise.all([import('./AdminTagsPage.vue'), import('./AdminCustomersPage.vue'), import('./AdminSyncPage.vue'), import('./AdminMarksPage.vue')])
}, 60_000)

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

/** The app's real routes and a signed-in user of `role`, opened at `path`. */
async function openAs(role: Role, path: string, me: Partial<Me> = {}) {
  stubFetch({
    '/api/me': () => json(200, makeMe(role, me)),
    '/api/admin/marks': () => json(200, { items: [], total: 0 }),
    '/api/admin/marks/settings': () => json(200, { tags: [], managers: [] }),
    '/api/admin/tags': () => json(200, { groups: [] }),
    '/api/tags': () => json(200, { groups: [] }),
    '/api/sync/last': () => json(200, { run: null }),
    '/api/admin/customers': () => json(200, { items: [], total: 0 }),
    '/api/admin/tag-batches': () => json(200, { items: [] }),
    '/api/admin/outbox/failures': () => json(200, { items: [] }),
  })
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push(path)
  const w = mount(RouterView, { global: { plugins: [router, createPinia()] }, attachTo: document.body })
  await flushPromises()
  await vi.dynamicImportSettled()
  await flushPromises()
  return { w, router }
}

const menuLabels = (w: ReturnType<typeof mount>) => w.findAll('[data-test="admin-menu"] a').map((a) => a.text())

describe('admin pages', () => {
  it('admin – /admin – lands on 标签库 with the full menu', async () => {
    const { w, router } = await openAs('admin', '/admin')
    expect(router.currentRoute.value.path).toBe('/admin/tags')
    expect(w.text()).toContain('客栏 · 管理后台')
    expect(menuLabels(w)).toEqual(ADMIN_PAGES.map((p) => p.label))
    expect(menuLabels(w).slice(0, 3)).toEqual(['标签库', '客户', '客户标记管理'])
    expect(w.find('[data-test="tag-library"]').exists()).toBe(true)
    expect(w.find('[data-test="admin-forbidden"]').exists()).toBe(false)
  })

  it('admin – menu links – point at the hash routes', async () => {
    const { w } = await openAs('admin', '/admin/sync')
    expect(w.findAll('[data-test="admin-menu"] a').map((a) => a.attributes('data-page'))).toEqual(ADMIN_PAGES.map((p) => p.name))
    expect(w.find('[data-test="admin-menu"] a.active').text()).toBe('同步与失败')
    expect(w.find('[data-test="outbox-failures"]').exists()).toBe(true)
  })

  it('admin – staff member opens the tag library – 403 screen, no page, no menu', async () => {
    const { w } = await openAs('staff', '/admin/tags')
    expect(w.get('[data-test="admin-forbidden"] [data-test="state-title"]').text()).toBe('无权访问')
    expect(w.find('[data-test="tag-library"]').exists()).toBe(false)
    expect(w.find('[data-test="admin-menu"]').exists()).toBe(false)
    expect(w.find('[data-test="forbidden-go"]').exists()).toBe(false)
  })

  it('admin – manager opens the tag library – 403 with a way to 客户', async () => {
    const { w } = await openAs('manager', '/admin/tags')
    expect(w.get('[data-test="admin-forbidden"]').text()).toContain('「标签库」仅限企业管理员使用')
    expect(w.get('[data-test="forbidden-go"]').text()).toBe('前往客户')
    expect(menuLabels(w)).toEqual(['客户'])
  })

  it('admin – manager opens 客户 – the customer list', async () => {
    const { w } = await openAs('manager', '/admin/customers')
    expect(w.find('[data-test="admin-forbidden"]').exists()).toBe(false)
    expect(w.find('[data-test="admin-customers"]').exists()).toBe(true)
  })

  it('admin – manager opens 同步与失败 – 403', async () => {
    const { w } = await openAs('manager', '/admin/sync')
    expect(w.find('[data-test="admin-forbidden"]').exists()).toBe(true)
    expect(w.find('[data-test="outbox-failures"]').exists()).toBe(false)
  })

  it('admin – opens 客户标记管理 – the marks page under its title', async () => {
    const { w } = await openAs('admin', '/admin/marks')
    expect(w.get('.page-title').text()).toBe('客户标记管理')
    expect(w.find('[data-test="admin-marks"]').exists()).toBe(true)
    expect(w.find('[data-test="admin-menu"] a.active').text()).toBe('客户标记管理')
  })

  it('admin – staff member granted marks – the marks page and a menu of just that', async () => {
    const { w } = await openAs('staff', '/admin/marks', { permissions: ['marks'] })
    expect(w.find('[data-test="admin-forbidden"]').exists()).toBe(false)
    expect(w.find('[data-test="admin-marks"]').exists()).toBe(true)
    expect(menuLabels(w)).toEqual(['客户标记管理'])
  })

  it('admin – manager without the permission opens 客户标记管理 – 403 naming who may', async () => {
    const { w } = await openAs('manager', '/admin/marks')
    expect(w.get('[data-test="admin-forbidden"]').text()).toContain('「客户标记管理」仅限企业管理员和获得授权的成员使用')
    expect(w.find('[data-test="admin-marks"]').exists()).toBe(false)
  })
})
