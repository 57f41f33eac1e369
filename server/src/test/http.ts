import type { Deps } from '../deps'
import { createApp } from '../app'
import { createSession } from '../features/auth/auth.service'
import { SESSION_COOKIE } from '../features/auth/auth.domain'

/**
 * Calls the app in-process as `as` (a session is created for them), or anonymously; `json`
 * becomes a JSON body with its Content-Type.
 *
 * @example const res = await request(deps, '/api/me', { as: 'lisi' })
 * @example await request(deps, '/api/admin/tag-batches', { as: 'admin', method: 'POST', json: { … } })
 */
export function request(deps: Deps, path: string, init: RequestInit & { as?: string; json?: unknown } = {}) {
  const { as, json, ...rest } = init
  const headers = new Headers(rest.headers)
  if (as) headers.set('cookie', `${SESSION_COOKIE}=${createSession(deps, as)}`)
  if (json !== undefined) headers.set('content-type', 'application/json')
  return createApp(deps).request(path, { ...rest, headers, body: json === undefined ? rest.body : JSON.stringify(json) })
}
