import type { Role } from '@kelan/shared'

// Who may open which admin page. The router puts `roles` in each route's meta; the admin
// layout reads it to show the page or a 403 screen, and builds its menu from this list. The
// server enforces the same rules: this only keeps people away from pages that would fail.

export interface AdminPage {
  name: 'admin-tags' | 'admin-customers' | 'admin-knowledge' | 'admin-sensitive-words' | 'admin-sync'
  path: string
  label: string
  /** Vant icon name. */
  icon: string
  roles: readonly Role[]
}

/** The admin pages in menu order. */
export const ADMIN_PAGES: readonly AdminPage[] = [
  { name: 'admin-tags', path: '/admin/tags', label: '标签库', icon: 'label-o', roles: ['admin'] },
  { name: 'admin-customers', path: '/admin/customers', label: '客户', icon: 'friends-o', roles: ['admin', 'manager'] },
  { name: 'admin-knowledge', path: '/admin/knowledge', label: '知识库', icon: 'description', roles: ['admin'] },
  { name: 'admin-sensitive-words', path: '/admin/sensitive-words', label: '敏感词', icon: 'warning-o', roles: ['admin'] },
  { name: 'admin-sync', path: '/admin/sync', label: '同步与失败', icon: 'exchange', roles: ['admin'] },
]

/** The page entry by route name (throws on a typo: a programming error). */
export function adminPage(name: AdminPage['name']): AdminPage {
  const page = ADMIN_PAGES.find((p) => p.name === name)
  if (!page) throw new Error(`unknown admin page ${name}`)
  return page
}

/** True when `role` may open a page limited to `roles` (no list: anyone signed in). */
export const canOpen = (roles: readonly Role[] | undefined, role: Role): boolean => !roles || roles.includes(role)

/** The menu for a role: only the pages it may open. */
export const menuFor = (role: Role): AdminPage[] => ADMIN_PAGES.filter((p) => canOpen(p.roles, role))
