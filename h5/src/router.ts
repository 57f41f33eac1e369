import type { Role } from '@kelan/shared'
import { createRouter, createWebHashHistory, type RouteRecordRaw, type RouteRecordSingleView } from 'vue-router'
import { adminPage } from '@/features/admin/admin-access'

declare module 'vue-router' {
  interface RouteMeta {
    title?: string
    /** Roles that may open the page; the page's layout shows a 403 screen to anyone else. */
    roles?: readonly Role[]
  }
}

/** An admin desktop route: path, title and roles from the one list the menu is built from. */
function adminRoute(name: Parameters<typeof adminPage>[0], component: RouteRecordSingleView['component']): RouteRecordSingleView {
  const page = adminPage(name)
  return { path: page.path, name, component, meta: { title: `${page.label} · 客栏管理后台`, roles: page.roles } }
}

/**
 * Every page is a lazy chunk: the sidebar must open fast inside WeCom, and it must not pay
 * for the manager pages or the simulated desktop.
 */
export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('@/pages/desktop/HomePage.vue'), meta: { title: '客栏' } },
  { path: '/sidebar', name: 'sidebar', component: () => import('@/pages/sidebar/SidebarPage.vue'), meta: { title: '客户信息' } },
  {
    path: '/sidebar/knowledge',
    name: 'sidebar-knowledge',
    component: () => import('@/pages/sidebar/SidebarKnowledgePage.vue'),
    meta: { title: '知识库' },
  },
  {
    path: '/manager',
    name: 'manager',
    component: () => import('@/pages/manager/ManagerCustomersPage.vue'),
    meta: { title: '团队客户' },
  },
  {
    path: '/manager/customers/:id',
    name: 'manager-customer',
    component: () => import('@/pages/manager/ManagerCustomerPage.vue'),
    props: true,
    meta: { title: '客户详情' },
  },
  { path: '/admin', redirect: '/admin/tags' },
  adminRoute('admin-tags', () => import('@/pages/admin/AdminTagsPage.vue')),
  adminRoute('admin-customers', () => import('@/pages/admin/AdminCustomersPage.vue')),
  adminRoute('admin-knowledge', () => import('@/pages/admin/AdminKnowledgePage.vue')),
  adminRoute('admin-sensitive-words', () => import('@/pages/admin/AdminSensitivePage.vue')),
  adminRoute('admin-sync', () => import('@/pages/admin/AdminSyncPage.vue')),
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/pages/NotFoundPage.vue'), meta: { title: '页面不存在' } },
]

/**
 * Hash history: the URL WeCom signs for the JS-SDK (everything before `#`) never changes
 * while the user moves around the app.
 */
export function createAppRouter() {
  const router = createRouter({ history: createWebHashHistory(), routes })
  router.afterEach((to) => {
    if (typeof to.meta.title === 'string') document.title = to.meta.title
  })
  return router
}
