import { describe, expect, it } from 'vitest'
import { SyncRun } from '@kelan/shared'
import { createApp } from '../../app'
import { syncRuns } from '../../db/schema'
import type { Deps } from '../../deps'
import { fakeClock } from '../../lib/clock'
import { createFakeWecom, emptyCorp, fakeUser } from '../../test/fake-wecom'
import { makeStaff, makeTestDeps, seed, TEST_CORP_ID } from '../../test/helpers'
import { SESSION_COOKIE } from '../auth/auth.domain'
import { createSession } from '../auth/auth.service'

/** Deps with one signed-in member of `role`; returns the cookie header to send. */
function signedIn(role: 'admin' | 'manager' | 'staff') {
  const corp = emptyCorp()
  corp.users.push(fakeUser('me'))
  const deps = makeTestDeps({ wecom: createFakeWecom(corp), clock: fakeClock() })
  seed(deps.db, { staff: [makeStaff({ userid: 'me', role })] })
  const cookie = `${SESSION_COOKIE}=${createSession(deps, 'me')}`
  return { deps, app: createApp(deps), headers: { cookie } }
}

const waitForRun = async (deps: Deps) => {
  for (let i = 0; i < 100; i++) {
    const row = deps.db.select().from(syncRuns).get()
    if (row?.status !== 'running') return row
    await new Promise((r) => setTimeout(r, 5))
  }
  throw new Error('sync did not finish')
}

describe('POST /api/sync', () => {
  it('POST /api/sync – admin – 202 with the running run, which then finishes', async () => {
    const { deps, app, headers } = signedIn('admin')

    const res = await app.request('/api/sync', { method: 'POST', headers })

    expect(res.status).toBe(202)
    const body = (await res.json()) as { run: SyncRun }
    expect(SyncRun.parse(body.run)).toMatchObject({ status: 'running', finishedAt: null, counts: null })
    expect((await waitForRun(deps))?.status).toBe('done')
  })

  it('POST /api/sync – a run in progress – 409 SYNC_RUNNING', async () => {
    const { deps, app, headers } = signedIn('admin')
    deps.db.insert(syncRuns).values({ corpId: TEST_CORP_ID, status: 'running', startedAt: deps.clock.now() }).run()

    const res = await app.request('/api/sync', { method: 'POST', headers })

    expect(res.status).toBe(409)
    expect(await res.json()).toEqual({ error: { code: 'SYNC_RUNNING', message: '同步正在进行中' } })
  })

  it('POST /api/sync – manager – 403 and no run', async () => {
    const { deps, app, headers } = signedIn('manager')

    const res = await app.request('/api/sync', { method: 'POST', headers })

    expect(res.status).toBe(403)
    expect(deps.db.select().from(syncRuns).all()).toEqual([])
  })

  it('POST /api/sync – no session – 401', async () => {
    const { app } = signedIn('admin')

    expect((await app.request('/api/sync', { method: 'POST' })).status).toBe(401)
  })
})

describe('GET /api/sync/last', () => {
  it('GET /api/sync/last – never synced – run null', async () => {
    const { app, headers } = signedIn('admin')

    const res = await app.request('/api/sync/last', { headers })

    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ run: null })
  })

  it('GET /api/sync/last – two runs – the latest, in the shared shape', async () => {
    const { deps, app, headers } = signedIn('admin')
    const counts = { departments: 1, staff: 2, tagGroups: 3, tags: 4, customers: 5, relations: 6 }
    deps.db.insert(syncRuns).values({ corpId: TEST_CORP_ID, status: 'failed', startedAt: 1, finishedAt: 2, error: 'x' }).run()
    deps.db.insert(syncRuns).values({ corpId: TEST_CORP_ID, status: 'done', startedAt: 3, finishedAt: 4, counts }).run()

    const res = await app.request('/api/sync/last', { headers })

    expect(SyncRun.parse(((await res.json()) as { run: unknown }).run)).toEqual({
      id: 2, status: 'done', startedAt: 3, finishedAt: 4, counts, error: null,
    })
  })

  it('GET /api/sync/last – staff – 403', async () => {
    const { app, headers } = signedIn('staff')

    expect((await app.request('/api/sync/last', { headers })).status).toBe(403)
  })
})
