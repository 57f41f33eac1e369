import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'

/**
 * Every page is a lazy chunk: the sidebar must open fast inside WeCom, and it must not pay
 * for the manager pages or the simulated desktop.
 */
export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('@/pages/desktop/HomePage.vue'), meta: { title: '客栏' } },
  { path: '/sidebar', name: 'sidebar', component: () => import('@/pages/sidebar/SidebarPage.vue'), meta: { title: '客户信息' } },
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
