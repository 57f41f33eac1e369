import type { Me, Role } from '@kelan/shared'

// Who may open which admin page. The router puts `roles` (and `permission`) in each route's
// meta; the admin layout reads them to show the page or a 403 screen, and builds its menu
// from this list. The server enforces the same rules: this only keeps people away from pages
// that would fail.

/** A permission granted beyond the role (客户标记管理 = 'marks'). */
export type Permission = Me['permissions'][number]

/** What the access rules need to know about the signed-in user. */
export interface Viewer {
  role: Role
  permissions: readonly Permission[]
}

export interface AdminPage {
  name:
    | 'admin-tags'
    | 'admin-customers'
    | 'admin-marks'
    | 'admin-knowledge'
    | 'admin-sensitive-words'
    | 'admin-followup-types'
    | 'admin-business-templates'
    | 'admin-sync'
  path: string
  label: string
  /** Vant icon name. */
  icon: string
  roles: readonly Role[]
  /** Also open to anyone granted this permission, whatever their role. */
  permission?: Permission
}

/** The admin pages in menu order. */
export const ADMIN_PAGES: readonly AdminPage[] = [
  { name: 'admin-tags', path: '/admin/tags', label: '标签库', icon: 'label-o', roles: ['admin'] },
  { name: 'admin-customers', path: '/admin/customers', label: '客户', icon: 'friends-o', roles: ['admin', 'manager'] },
  { name: 'admin-marks', path: '/admin/marks', label: '客户标记管理', icon: 'flag-o', roles: ['admin'], permission: 'marks' },
  { name: 'admin-knowledge', path: '/admin/knowledge', label: '知识库', icon: 'description', roles: ['admin'] },
  { name: 'admin-sensitive-words', path: '/admin/sensitive-words', label: '敏感词', icon: 'warning-o', roles: ['admin'] },
  { name: 'admin-followup-types', path: '/admin/followup-types', label: '跟进方式', icon: 'records-o', roles: ['admin'] },
  { name: 'admin-business-templates', path: '/admin/business-templates', label: '业务记录模版', icon: 'todo-list-o', roles: ['admin'] },
  { name: 'admin-sync', path: '/admin/sync', label: '同步与失败', icon: 'exchange', roles: ['admin'] },
]

/** The page entry by route name (throws on a typo: a programming error). */
export function adminPage(name: AdminPage['name']): AdminPage {
  const page = ADMIN_PAGES.find((p) => p.name === name)
  if (!page) throw new Error(`unknown admin page ${name}`)
  return page
}

/** The limits of a page or route: no roles means anyone signed in. */
export interface Access {
  roles?: readonly Role[]
  permission?: Permission
}

/**
 * True when `viewer` may open a page limited to `access`: their role is listed, or they hold
 * the page's permission (a staff member granted 客户标记管理).
 *
 * @example canOpen({ roles: ['admin'], permission: 'marks' }, { role: 'staff', permissions: ['marks'] }) // true
 */
export function canOpen(access: Access, viewer: Viewer): boolean {
  if (!access.roles) return true
  if (access.roles.includes(viewer.role)) return true
  return access.permission !== undefined && viewer.permissions.includes(access.permission)
}

/** The menu for a viewer: only the pages they may open. */
export const menuFor = (viewer: Viewer): AdminPage[] => ADMIN_PAGES.filter((p) => canOpen(p, viewer))
