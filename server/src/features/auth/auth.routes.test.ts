import { describe, expect, it } from 'vitest'
import type { ErrorBody, Me } from '@kelan/shared'
import { createApp } from '../../app'
import type { Deps } from '../../deps'
import { fakeClock } from '../../lib/clock'
import { WecomError } from '../../wecom/errors'
import { createFakeWecom, emptyCorp, fakeUser } from '../../test/fake-wecom'
import { makeStaff, makeTestDeps, seed } from '../../test/helpers'
import { request } from '../../test/http'
import { SESSION_TTL_SECONDS, STATE_COOKIE } from './auth.domain'
import { createSession } from './auth.service'

/** Deps whose WeCom turns code 'good' into lisi, 'outsider' into a customer, anything else into 40029. */
function authDeps(clock = fakeClock()): Deps {
  const wecom = createFakeWecom({ ...emptyCorp(), users: [fakeUser('lisi', { name: '李四' })] })
  wecom.getUserInfo = async (code) => {
    if (code === 'good') return { userid: 'lisi' }
    if (code === 'outsider') return { external_userid: 'wmX', openid: 'o1' }
    throw new WecomError({ errcode: 40029, path: '/cgi-bin/auth/getuserinfo', message: 'invalid code' })
  }
  return makeTestDeps({ wecom, clock })
}

/** Runs /login and returns the state it sent to WeCom plus the cookie it set. */
async function startLogin(deps: Deps, returnTo = '#/sidebar') {
  const res = await createApp(deps).request(`/api/auth/login?returnTo=${encodeURIComponent(returnTo)}`)
  const location = new URL(res.headers.get('location')!.replace('#wechat_redirect', ''))
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!
  return { res, location, state: location.searchParams.get('state')!, cookie }
}

const callback = (deps: Deps, code: string, state: string, cookie?: string) =>
  createApp(deps).request(`/api/auth/callback?code=${code}&state=${state}`, { headers: cookie ? { cookie } : {} })

describe('GET /api/auth/login', () => {
  it('redirects to the OAuth authorize page with our callback and agent id', async () => {
    const { res, location } = await startLogin(authDeps())
    expect(res.status).toBe(302)
    expect(location.pathname).toBe('/sim/connect/oauth2/authorize')
    expect(location.searchParams.get('redirect_uri')).toBe('http://localhost:8787/api/auth/callback')
    expect(location.searchParams.get('scope')).toBe('snsapi_base')
    expect(location.searchParams.get('agentid')).toBe('1000002')
  })

  it('refuses a returnTo that leaves the app', async () => {
    const res = await createApp(authDeps()).request('/api/auth/login?returnTo=https://evil.example.com')
    expect(res.status).toBe(400)
  })
})

describe('GET /api/auth/callback', () => {
  it('signs a member in with an httpOnly session cookie and returns to where they were', async () => {
    const deps = authDeps()
    const { state, cookie } = await startLogin(deps, '#/manager')
    const res = await callback(deps, 'good', state, cookie)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/#/manager')
    const session = res.headers.getSetCookie().find((c) => c.startsWith('kelan_sid='))!
    expect(session).toMatch(/HttpOnly/)
    const me = await createApp(deps).request('/api/me', { headers: { cookie: session.split(';')[0]! } })
    expect(((await me.json()) as Me)).toMatchObject({ userid: 'lisi', name: '李四', role: 'staff' })
  })

  it('rejects a state that does not match the browser’s cookie (login CSRF)', async () => {
    const deps = authDeps()
    const { state } = await startLogin(deps)
    const res = await callback(deps, 'good', state, `${STATE_COOKIE}=ffffffffffffffffffffffff|#/sidebar`)
    expect(res.status).toBe(401)
  })

  it('answers 401 for a used or expired code', async () => {
    const deps = authDeps()
    const { state, cookie } = await startLogin(deps)
    const res = await callback(deps, 'stale', state, cookie)
    expect(res.status).toBe(401)
    expect(((await res.json()) as ErrorBody).error.message).toContain('重新打开')
  })

  it('signs in a member marked left who has since rejoined the corp', async () => {
    const deps = authDeps()
    seed(deps.db, { staff: [makeStaff({ userid: 'lisi', status: 5 })] })
    const { state, cookie } = await startLogin(deps)
    expect((await callback(deps, 'good', state, cookie)).status).toBe(302)
  })

  it('answers 403 for someone who is not a corp member', async () => {
    const deps = authDeps()
    const { state, cookie } = await startLogin(deps)
    expect((await callback(deps, 'outsider', state, cookie)).status).toBe(403)
  })

  it('answers 400 without a code', async () => {
    expect((await createApp(authDeps()).request('/api/auth/callback?state=abc')).status).toBe(400)
  })
})

describe('sessions', () => {
  it('stop working once the member has left the corp', async () => {
    const deps = authDeps()
    seed(deps.db, { staff: [makeStaff({ userid: 'gone', status: 5 })] })
    expect((await request(deps, '/api/me', { as: 'gone' })).status).toBe(401)
  })

  it('end with logout', async () => {
    const deps = authDeps()
    seed(deps.db, { staff: [makeStaff({ userid: 'lisi' })] })
    const cookie = `kelan_sid=${createSession(deps, 'lisi')}`
    await createApp(deps).request('/api/auth/logout', { method: 'POST', headers: { cookie } })
    expect((await createApp(deps).request('/api/me', { headers: { cookie } })).status).toBe(401)
  })

  it('are refused once past expiry', async () => {
    const clock = fakeClock()
    const deps = authDeps(clock)
    seed(deps.db, { staff: [makeStaff({ userid: 'lisi' })] })
    const cookie = `kelan_sid=${createSession(deps, 'lisi')}`
    clock.advance(SESSION_TTL_SECONDS + 1)
    expect((await createApp(deps).request('/api/me', { headers: { cookie } })).status).toBe(401)
  })
})

describe('GET /api/health', () => {
  it('answers without a session and names the mode', async () => {
    const res = await createApp(authDeps()).request('/api/health')
    expect(await res.json()).toEqual({ ok: true, mode: 'demo' })
  })
})
