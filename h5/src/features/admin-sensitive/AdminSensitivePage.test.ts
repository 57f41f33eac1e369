import type { Role } from '@kelan/shared'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import { ADMIN_PAGES } from '@/features/admin/admin-access'
import AdminSensitivePage from '@/pages/admin/AdminSensitivePage.vue'
import { makeMe } from '@/test/admin-factories'
import { json, stubFetch } from '@/test/fetch-stub'
import { makeWord, WORDS } from './sensitive.testing'

// The page as the router is to open it (/admin/sensitive-words, admins only): its route is
// declared here with the meta the lead adds to router.ts, so the layout's role gate is real.
// The other admin pages are blank stand-ins: the menu links to them.
const blank = { render: () => null }

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

async function openAs(role: Role) {
  const fetchMock = stubFetch({
    '/api/me': () => json(200, makeMe(role)),
    [WORDS]: () => json(200, { items: [makeWord(1, '微信')] }),
  })
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/admin/sensitive-words', component: AdminSensitivePage, meta: { roles: ['admin'] } },
      ...ADMIN_PAGES.map((p) => ({ path: p.path, component: blank })),
    ],
  })
  await router.push('/admin/sensitive-words')
  const w = mount(RouterView, { global: { plugins: [router, createPinia()] }, attachTo: document.body })
  await flushPromises()
  return { w, fetchMock }
}

describe('AdminSensitivePage', () => {
  it('AdminSensitivePage – admin – the 敏感词 page with the list', async () => {
    const { w } = await openAs('admin')

    expect(w.get('.page-title').text()).toBe('敏感词')
    expect(w.findAll('[data-test="sensitive-word-text"]').map((e) => e.text())).toEqual(['微信'])
  })

  it('AdminSensitivePage – manager – the 403 screen naming the page, the list never asked for', async () => {
    const { w, fetchMock } = await openAs('manager')

    expect(w.find('[data-test="admin-forbidden"]').text()).toContain('「敏感词」仅限企业管理员使用')
    expect(w.find('[data-test="sensitive-words"]').exists()).toBe(false)
    expect(fetchMock.mock.calls.some(([url]) => String(url).includes(WORDS))).toBe(false)
  })
})
