import type { Deps } from '../deps'
import { createApp } from '../app'
import { createSession } from '../features/auth/auth.service'
import { SESSION_COOKIE } from '../features/auth/auth.domain'

/**
 * Calls the app in-process as `userid` (a session is created for them), or anonymously.
 *
 * @example const res = await request(deps, '/api/me', { as: 'lisi' })
 */
export function request(deps: Deps, path: string, init: RequestInit & { as?: string } = {}) {
  const { as, ...rest } = init
  const headers = new Headers(rest.headers)
  if (as) headers.set('cookie', `${SESSION_COOKIE}=${createSession(deps, as)}`)
  return createApp(deps).request(path, { ...rest, headers })
}
