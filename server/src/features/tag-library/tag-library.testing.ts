/**
 * Test helpers for the tag library: signed-in calls, and one-line factories for groups and tags.
 */
import type { Db } from '../../db/client'
import { tagGroups, tags } from '../../db/schema'
import type { Deps } from '../../deps'
import { TEST_CORP_ID } from '../../test/helpers'
import { request } from '../../test/http'

/**
 * Calls the app in-process as `as` (a session is created for them; anonymous without),
 * with `json` sent as a JSON body.
 *
 * @example const res = await call(deps, '/api/admin/tag-groups', { as: 'boss', method: 'POST', json: { … } })
 */
export function call(deps: Deps, path: string, init: { as?: string; method?: string; json?: unknown } = {}) {
  return request(deps, path, init)
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
