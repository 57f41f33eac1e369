/**
 * Test helpers for sensitive words: signed-in calls, and a corp with an admin, a manager and
 * a staff member.
 */
import type { Role } from '@kelan/shared'
import type { Viewer } from '../../app-env'
import type { Deps } from '../../deps'
import { fakeClock } from '../../lib/clock'
import { makeStaff, makeTestDeps, seed, TEST_CORP_ID } from '../../test/helpers'
import { request } from '../../test/http'

export const WORDS = '/api/admin/sensitive-words'
export const CHECK = '/api/knowledge/check'
export const SEND_LOG = '/api/knowledge/send-log'

/**
 * Calls the app in-process as `as` (a session is created for them; anonymous without), with
 * `json` sent as a JSON body and `body` sent raw as JSON.
 *
 * @example const res = await call(deps, WORDS, { as: 'boss', method: 'POST', json: { words: ['微信'] } })
 */
export function call(deps: Deps, path: string, init: { as?: string; method?: string; json?: unknown; body?: string } = {}) {
  // A raw body is JSON too (tests of malformed JSON send one).
  const headers = init.body !== undefined ? { 'content-type': 'application/json' } : undefined
  return request(deps, path, { ...init, headers })
}

/** A corp with an admin (boss 老板), a manager (zhao 赵六) and a staff member (lisi 李四), on a fake clock. */
export function setupCorp(): Deps & { clock: ReturnType<typeof fakeClock> } {
  const clock = fakeClock(1_750_000_000)
  const deps = { ...makeTestDeps({ clock }), clock }
  seed(deps.db, {
    staff: [
      makeStaff({ userid: 'boss', name: '老板', role: 'admin' }),
      makeStaff({ userid: 'zhao', name: '赵六', role: 'manager' }),
      makeStaff({ userid: 'lisi', name: '李四' }),
    ],
  })
  return deps
}

/** The viewer the session middleware would make for `userid`. */
export const viewerOf = (userid: string, role: Role = 'staff'): Viewer => ({ corpId: TEST_CORP_ID, userid, role })

export const ADMIN = viewerOf('boss', 'admin')
export const LISI = viewerOf('lisi')
