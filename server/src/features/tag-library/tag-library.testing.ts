/**
 * Test helpers for the tag library: the app with the library's routes mounted where app.ts
 * mounts them (mounting them again once app.ts does is harmless: the first match answers),
 * signed-in calls, and one-line factories for groups and tags.
 */
import { createApp } from '../../app'
import type { Db } from '../../db/client'
import { tagGroups, tags } from '../../db/schema'
import type { Deps } from '../../deps'
import { TEST_CORP_ID } from '../../test/helpers'
import { SESSION_COOKIE } from '../auth/auth.domain'
import { createSession } from '../auth/auth.service'
import { tagLibraryRoutes, tagsRoutes } from './tag-library.routes'

/**
 * Calls the app in-process as `as` (a session is created for them; anonymous without),
 * with `json` sent as a JSON body.
 *
 * @example const res = await call(deps, '/api/admin/tag-groups', { as: 'boss', method: 'POST', json: { … } })
 */
export function call(deps: Deps, path: string, init: { as?: string; method?: string; json?: unknown } = {}) {
  const headers = new Headers()
  if (init.as) headers.set('cookie', `${SESSION_COOKIE}=${createSession(deps, init.as)}`)
  if (init.json !== undefined) headers.set('content-type', 'application/json')
  const app = createApp(deps).route('/api/admin', tagLibraryRoutes).route('/api/tags', tagsRoutes)
  const body = init.json === undefined ? undefined : JSON.stringify(init.json)
  return app.request(path, { method: init.method ?? 'GET', headers, body })
}

/** A tag group row (WeCom id, origin 'app') in the default test corp. */
export const makeGroup = (o: Partial<typeof tagGroups.$inferInsert> = {}): typeof tagGroups.$inferInsert => ({
  corpId: TEST_CORP_ID, id: 'etG1', name: '意向程度', order: 1, createTime: 1_700_000_000, origin: 'app', ...o,
})

/** A tag row (WeCom id, origin 'app') of group etG1. */
export const makeTag = (o: Partial<typeof tags.$inferInsert> = {}): typeof tags.$inferInsert => ({
  corpId: TEST_CORP_ID, id: 'etT1', groupId: 'etG1', name: '高意向', order: 1, createTime: 1_700_000_000, origin: 'app', ...o,
})

/** Inserts groups and tags built with the factories above. */
export function seedLibrary(db: Db, rows: { groups?: (typeof tagGroups.$inferInsert)[]; tags?: (typeof tags.$inferInsert)[] }): void {
  if (rows.groups?.length) db.insert(tagGroups).values(rows.groups).run()
  if (rows.tags?.length) db.insert(tags).values(rows.tags).run()
}
