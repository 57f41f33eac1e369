import type { Role } from '@kelan/shared'
import { createRouter, createWebHashHistory, type RouteRecordRaw, type RouteRecordSingleView } from 'vue-router'
import { adminPage, type Permission } from '@/features/admin/admin-access'

declare module 'vue-router' {
  interface RouteMeta {
    title?: string
    /** Roles that may open the page; the page's layout shows a 403 screen to anyone else. */
    roles?: readonly Role[]
    /** Also open to anyone granted this permission (客户标记管理), whatever their role. */
    permission?: Permission
  }
}

/** An admin desktop route: path, title, roles and permission from the one list the menu is built from. */
function adminRoute(name: Parameters<typeof adminPage>[0], component: RouteRecordSingleView['component']): RouteRecordSingleView {
  const page = adminPage(name)
  return { path: page.path, name, component, meta: { title: `${page.label} · 客栏管理后台`, roles: page.roles, permission: page.permission } }
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
    path: '/sidebar/reminders',
    name: 'reminders',
    component: () => import('@/pages/manager/ManagerRemindersPage.vue'),
    meta: { title: '我的提醒' },
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
  adminRoute('admin-marks', () => import('@/pages/admin/AdminMarksPage.vue')),
  adminRoute('admin-knowledge', () => import('@/pages/admin/AdminKnowledgePage.vue')),
  adminRoute('admin-sensitive-words', () => import('@/pages/admin/AdminSensitivePage.vue')),
  adminRoute('admin-sync', () => import('@/pages/admin/AdminSyncPage.vue')),
  adminRoute('admin-followup-types', () => import('@/features/admin-followup-types/AdminFollowupTypesPage.vue')),
  adminRoute('admin-business-templates', () => import('@/features/admin-business-templates/AdminBusinessTemplatesPage.vue')),
  {
    // Not in the menu: opened from a row of 客户, so it is open to the same roles.
    path: '/admin/customers/:id',
    name: 'admin-customer',
    component: () => import('@/features/admin-customer/AdminCustomerPage.vue'),
    props: true,
    meta: { title: '客户详情 · 客栏管理后台', roles: adminPage('admin-customers').roles },
  },
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
