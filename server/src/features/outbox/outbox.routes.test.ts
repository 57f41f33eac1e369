import { eq } from 'drizzle-orm'
import { describe, expect, it, vi } from 'vitest'
import { OutboxFailureList } from '@kelan/shared'
import { createApp } from '../../app'
import { outbox } from '../../db/schema'
import type { Deps } from '../../deps'
import { fakeClock } from '../../lib/clock'
import { makeCustomer, makeStaff, makeTagGroup, makeTestDeps, seed, TEST_CORP_ID } from '../../test/helpers'
import { SESSION_COOKIE } from '../auth/auth.domain'
import { createSession } from '../auth/auth.service'
import { enqueue, findOpenItem, markItemFailed } from './outbox.repo'
import { outboxRoutes } from './outbox.routes'

const T = 1_700_000_000

/**
 * The app with the outbox routes mounted where the lead mounts them, and a signed-in member
 * 'me' of `role`; `wake` records the worker being woken.
 */
function signedIn(role: 'admin' | 'manager' | 'staff') {
  const wake = vi.fn()
  const deps: Deps = { ...makeTestDeps({ clock: fakeClock(T) }), wake }
  seed(deps.db, { staff: [makeStaff({ userid: 'me', name: '管理员', role })] })
  const app = createApp(deps).route('/api/admin/outbox', outboxRoutes)
  return { deps, app, wake, headers: { cookie: `${SESSION_COOKIE}=${createSession(deps, 'me')}` } }
}

/** An item of `kind`/`key`, failed with `errcode` at `at` unless `errcode` is null (left pending). */
function item(deps: Deps, kind: 'mark_tag' | 'edit_tag' | 'delete_tags', key: string, errcode: number | null, at = T) {
  enqueue(deps.db, { corpId: TEST_CORP_ID, kind, key, payload: kind === 'delete_tags' ? { tagIds: ['a'] } : {}, createdBy: 'me', now: at })
  const row = findOpenItem(deps.db, TEST_CORP_ID, kind, key)!
  if (errcode !== null) markItemFailed(deps.db, row.id, { now: at, errcode, error: `企业微信拒绝（错误码 ${errcode}）` })
  return row.id
}

const statusOf = (deps: Deps, id: number) => deps.db.select().from(outbox).where(eq(outbox.id, id)).get()

describe('GET /api/admin/outbox/failures', () => {
  it('GET failures – admin – failed items newest first, described in Chinese, customer only for mark_tag', async () => {
    const { deps, app, headers } = signedIn('admin')
    seed(deps.db, {
      staff: [makeStaff({ userid: 'lisi', name: '李四' })],
      customers: [makeCustomer({ externalUserid: 'wmWANG', name: '王小明' })],
      tagGroups: [makeTagGroup({ id: 'etG', name: '意向程度' })],
    })
    const relationItem = item(deps, 'mark_tag', 'wmWANG/lisi', 84061, T + 10)
    const groupItem = item(deps, 'edit_tag', 'etG', 301002, T + 20)
    item(deps, 'mark_tag', 'wmPENDING/lisi', null)

    const res = await app.request('/api/admin/outbox/failures', { headers })

    expect(res.status).toBe(200)
    const body = OutboxFailureList.parse(await res.json())
    expect(body.items).toEqual([
      {
        id: groupItem, kind: 'edit_tag', summary: '修改标签组「意向程度」', errcode: 301002,
        error: '企业微信拒绝（错误码 301002）', attempts: 1, updatedAt: T + 20, customer: null,
      },
      {
        id: relationItem, kind: 'mark_tag', summary: '为客户「王小明」（跟进人：李四）同步标签', errcode: 84061,
        error: '企业微信拒绝（错误码 84061）', attempts: 1, updatedAt: T + 10,
        customer: { externalUserId: 'wmWANG', name: '王小明' },
      },
    ])
  })

  it('GET failures – nothing failed – empty list', async () => {
    const { app, headers } = signedIn('admin')

    const res = await app.request('/api/admin/outbox/failures', { headers })

    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ items: [] })
  })

  it.each(['manager', 'staff'] as const)('GET failures – %s – 403 FORBIDDEN', async (role) => {
    const { deps, app, headers } = signedIn(role)
    item(deps, 'mark_tag', 'wmWANG/lisi', 84061)

    const res = await app.request('/api/admin/outbox/failures', { headers })

    expect(res.status).toBe(403)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN')
  })

  it('GET failures – no session – 401 UNAUTHENTICATED', async () => {
    const { app } = signedIn('admin')

    const res = await app.request('/api/admin/outbox/failures')

    expect(res.status).toBe(401)
  })
})

describe('POST /api/admin/outbox/:id/retry', () => {
  it('POST retry – a failed item – 204, pending again from zero and due now, worker woken', async () => {
    const { deps, app, headers, wake } = signedIn('admin')
    const id = item(deps, 'mark_tag', 'wmWANG/lisi', 84061)

    const res = await app.request(`/api/admin/outbox/${id}/retry`, { method: 'POST', headers })

    expect(res.status).toBe(204)
    expect(await res.text()).toBe('')
    expect(statusOf(deps, id)).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: T, lastErrcode: null })
    expect(wake).toHaveBeenCalledWith('outbox')
  })

  it('POST retry – a pending item – 404 NOT_FOUND, item untouched', async () => {
    const { deps, app, headers, wake } = signedIn('admin')
    const id = item(deps, 'mark_tag', 'wmWANG/lisi', null)

    const res = await app.request(`/api/admin/outbox/${id}/retry`, { method: 'POST', headers })

    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND')
    expect(statusOf(deps, id)?.status).toBe('pending')
    expect(wake).not.toHaveBeenCalled()
  })

  it('POST retry – unknown id – 404 NOT_FOUND', async () => {
    const { app, headers } = signedIn('admin')

    const res = await app.request('/api/admin/outbox/9999/retry', { method: 'POST', headers })

    expect(res.status).toBe(404)
  })

  it('POST retry – another corp’s failed item – 404 NOT_FOUND, item untouched', async () => {
    const { deps, app, headers } = signedIn('admin')
    const [{ id }] = deps.db
      .insert(outbox)
      .values({ corpId: 'wwOTHERCORP', kind: 'mark_tag', key: 'x/y', status: 'failed', nextAttemptAt: T, createdAt: T, updatedAt: T })
      .returning({ id: outbox.id })
      .all() as [{ id: number }]

    const res = await app.request(`/api/admin/outbox/${id}/retry`, { method: 'POST', headers })

    expect(res.status).toBe(404)
    expect(statusOf(deps, id)?.status).toBe('failed')
  })

  it.each(['abc', '0', '1.5'])('POST retry – id %j – 400 VALIDATION_FAILED', async (id) => {
    const { app, headers } = signedIn('admin')

    const res = await app.request(`/api/admin/outbox/${id}/retry`, { method: 'POST', headers })

    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED')
  })

  it('POST retry – manager, even with a malformed id – 403, item untouched', async () => {
    const { deps, app, headers } = signedIn('manager')
    const id = item(deps, 'mark_tag', 'wmWANG/lisi', 84061)

    const bad = await app.request('/api/admin/outbox/abc/retry', { method: 'POST', headers })
    const good = await app.request(`/api/admin/outbox/${id}/retry`, { method: 'POST', headers })

    expect([bad.status, good.status]).toEqual([403, 403])
    expect(statusOf(deps, id)?.status).toBe('failed')
  })
})
