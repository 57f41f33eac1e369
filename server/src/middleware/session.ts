import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import type { Role } from '@kelan/shared'
import type { AppEnv, Viewer } from '../app-env'
import type { StaffPermission } from '../db/schema'
import { hashToken, permissionsOf, SESSION_COOKIE } from '../features/auth/auth.domain'
import { findGrants, findSessionStaff } from '../features/auth/auth.repo'
import { AppError, forbidden } from '../lib/errors'

/** Routes reachable without a session: health, the WeCom callback, sign-in and out, JS-SDK config. */
const PUBLIC_PATHS = ['/api/health', '/api/wecom/callback', '/api/auth/login', '/api/auth/callback', '/api/auth/config', '/api/auth/logout']

/** Resolves the session cookie into `c.var.viewer`, or answers 401 for every other /api route. */
export function sessionMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.req.path.startsWith('/api/') || PUBLIC_PATHS.includes(c.req.path)) return next()
    const token = getCookie(c, SESSION_COOKIE)
    const { db, clock } = c.var.deps
    const row = token ? findSessionStaff(db, hashToken(token), clock.now()) : undefined
    if (!row || row.status !== 1) throw new AppError('UNAUTHENTICATED', 401, '登录已过期，请重新打开')
    c.set('viewer', { corpId: row.corpId, userid: row.userid, role: row.role })
    return next()
  }
}

const RANK: Record<Role, number> = { staff: 0, manager: 1, admin: 2 }

/** Throws 403 unless the viewer's role is at least `role`. */
export function requireRole(c: Context<AppEnv>, role: Role): Viewer {
  const viewer = c.var.viewer
  if (RANK[viewer.role] < RANK[role]) throw forbidden()
  return viewer
}

/**
 * Middleware that answers 403 unless the viewer's role is at least `role`. Put it before any
 * `validate(...)` so a caller without the role gets 403 whatever they send.
 */
export function roleGuard(role: Role): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    requireRole(c, role)
    await next()
  }
}

/** Whether the viewer holds `permission`: admins hold all, others by an admin's grant. */
export function hasPermission(c: Context<AppEnv>, permission: StaffPermission): boolean {
  const { viewer, deps } = c.var
  const granted = viewer.role === 'admin' ? [] : findGrants(deps.db, viewer.corpId, viewer.userid)
  return permissionsOf(viewer.role, granted).includes(permission)
}

/**
 * Middleware that answers 403 unless the viewer is an admin or was granted `permission`
 * (staff_grants), e.g. 'marks' for 客户标记管理. Like roleGuard, put it before any validation.
 */
export function permissionGuard(permission: StaffPermission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!hasPermission(c, permission)) throw forbidden()
    await next()
  }
}
