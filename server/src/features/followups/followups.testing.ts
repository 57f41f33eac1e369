/**
 * Test helpers for follow-ups, reminders and the timeline: signed-in calls, an org with
 * customers, and one-line factories. Each test builds its own data with these.
 */
import { randomUUID } from 'node:crypto'
import type { Db } from '../../db/client'
import { attachments, followRelations, followupTypes } from '../../db/schema'
import type { Deps } from '../../deps'
import { fakeClock } from '../../lib/clock'
import { makeCustomer, makeRelation, seed, TEST_CORP_ID, type TestDepsOptions } from '../../test/helpers'
import { request } from '../../test/http'
import { makeOrgDeps } from '../../test/org-fixture'
import { ensureNoteType } from './followup-types.repo'

export const T0 = 1_750_000_000

/** lisi's customer (wmLISI01) and wangwu's (wmWANG01): boss sees the first, not the second. */
export const LISI_CUSTOMER = 'wmLISI01'
export const WANGWU_CUSTOMER = 'wmWANG01'

export type TestDeps = Deps & { clock: ReturnType<typeof fakeClock> }

/**
 * The org of `makeOrgDeps` (admin, boss the manager of lisi, lisi and wangwu the staff) on a
 * fake clock at T0, with one customer each for lisi and wangwu.
 */
export function setup(options: Omit<TestDepsOptions, 'clock'> = {}): TestDeps {
  const clock = fakeClock(T0)
  const deps = { ...makeOrgDeps({ ...options, clock }), clock }
  seed(deps.db, {
    customers: [makeCustomer({ externalUserid: LISI_CUSTOMER, name: '王小明' }), makeCustomer({ externalUserid: WANGWU_CUSTOMER, name: '赵大海' })],
    relations: [
      makeRelation({ externalUserid: LISI_CUSTOMER, userid: 'lisi', createtime: T0 - 86_400, addWay: 1, state: 'expo' }),
      makeRelation({ externalUserid: WANGWU_CUSTOMER, userid: 'wangwu', createtime: T0 - 86_400 }),
    ],
  })
  return deps
}

/**
 * Gives `userid` an active relation with `customer` (lisi's by default), so they may see it
 * and be @mentioned on it. Harmless when they already follow.
 */
export function alsoFollows(deps: Deps, userid: string, customer = LISI_CUSTOMER): void {
  deps.db.insert(followRelations).values(makeRelation({ externalUserid: customer, userid, createtime: T0 - 3600 })).onConflictDoNothing().run()
}

/**
 * Calls the app in-process as `as` (anonymous without), `json` sent as a JSON body.
 *
 * @example const res = await call(deps, `/api/customers/${LISI_CUSTOMER}/followups`, { as: 'lisi', method: 'POST', json: body })
 */
export function call(deps: Deps, path: string, init: { as?: string; method?: string; json?: unknown; body?: string } = {}) {
  // A raw body is JSON too (tests of malformed JSON send one).
  const headers = init.body !== undefined ? { 'content-type': 'application/json' } : undefined
  return request(deps, path, { ...init, headers })
}

/** The id of the corp's 笔记 (created if missing). */
export function noteTypeId(deps: Deps): number {
  ensureNoteType(deps.db, TEST_CORP_ID, T0)
  return deps.db.select({ id: followupTypes.id, builtin: followupTypes.builtin }).from(followupTypes).all().find((t) => t.builtin === 'note')!.id
}

/** Adds a type straight into the table; returns its id. */
export function addType(db: Db, name: string, o: Partial<typeof followupTypes.$inferInsert> = {}): number {
  return db
    .insert(followupTypes)
    .values({ corpId: TEST_CORP_ID, name, sort: 10, enabled: true, createdAt: T0, updatedAt: T0, ...o })
    .returning({ id: followupTypes.id })
    .get().id
}

/** An uploaded file row (an image lisi uploaded for follow-ups unless overridden). */
export function addAttachment(db: Db, o: Partial<typeof attachments.$inferInsert> = {}): string {
  const row = {
    id: `att${Math.random().toString(36).slice(2, 10)}`,
    corpId: TEST_CORP_ID,
    sha256: 'a'.repeat(64),
    size: 1234,
    mime: 'image/png',
    kind: 'image' as const,
    filename: '现场照片.png',
    purpose: 'followup' as const,
    owner: 'lisi',
    createdAt: T0,
    ...o,
  }
  db.insert(attachments).values(row).run()
  return row.id
}

/** A follow-up body of type `typeId`; each call gets a fresh clientKey unless given one. */
export const followupBody = (typeId: number, o: Record<string, unknown> = {}) => ({
  typeId,
  text: '电话沟通了报价，客户下周回复',
  clientKey: `form-${randomUUID()}`,
  ...o,
})

/** The path of a customer's follow-ups. */
export const followupsPath = (externalUserid: string) => `/api/customers/${externalUserid}/followups`
