import { describe, expect, it } from 'vitest'
import { CODE_TTL } from './credentials'
import { DEMO_CORP, jsonInit, makeTestSim, wecomCaller } from './testing'

const REDIRECT = 'http://localhost:8787/api/auth/callback?from=sidebar'

function authorizePath(over: Record<string, string> = {}): string {
  const q = new URLSearchParams({
    appid: DEMO_CORP.corpId, redirect_uri: REDIRECT, response_type: 'code', scope: 'snsapi_base',
    state: 'abc123', agentid: DEMO_CORP.agentId, ...over,
  })
  return `/connect/oauth2/authorize?${q}`
}

/** The `kelan_sim_user=...` pair from a Set-Cookie header. */
const cookieOf = (res: Response) => res.headers.get('set-cookie')?.split(';')[0] ?? ''

describe('oauth authorize', () => {
  it('authorize – no desktop user chosen – Chinese picker listing staff with continue links', async () => {
    const { sim } = makeTestSim()

    const res = await sim.app.request(authorizePath())
    const html = await res.text()

    expect(res.status).toBe(200)
    expect(html).toContain('选择')
    expect(html).toContain('李娜')
    expect(html).toMatch(/href="\?[^"]*pick=lina/)
  })

  it('authorize – picking lina – sets the cookie and redirects with code and state', async () => {
    const { sim } = makeTestSim()

    const res = await sim.app.request(authorizePath({ pick: 'lina' }))
    const target = new URL(res.headers.get('location')!)

    expect(res.status).toBe(302)
    expect(cookieOf(res)).toBe('kelan_sim_user=lina')
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/i)
    expect(`${target.origin}${target.pathname}`).toBe('http://localhost:8787/api/auth/callback')
    expect(target.searchParams.get('from')).toBe('sidebar')
    expect(target.searchParams.get('state')).toBe('abc123')
    expect(target.searchParams.get('code')).toEqual(expect.any(String))
  })

  it('authorize then getuserinfo – code used twice – userid once, then 40029', async () => {
    const { sim } = makeTestSim()
    await sim.app.request('/_control/session', jsonInit({ userid: 'wangfang' }))
    const call = await wecomCaller(sim)

    const res = await sim.app.request(authorizePath(), { headers: { cookie: 'kelan_sim_user=wangfang' } })
    const code = new URL(res.headers.get('location')!).searchParams.get('code')!
    const first = await call(`/cgi-bin/auth/getuserinfo?code=${code}`)
    const second = await call(`/cgi-bin/auth/getuserinfo?code=${code}`)

    expect(first).toMatchObject({ errcode: 0, userid: 'wangfang' })
    expect(second.errcode).toBe(40029)
  })

  it('getuserinfo – code older than 5 minutes, unknown code – 40029', async () => {
    const { sim, clock } = makeTestSim()
    const call = await wecomCaller(sim)
    const res = await sim.app.request(authorizePath({ pick: 'lina' }))
    const code = new URL(res.headers.get('location')!).searchParams.get('code')!

    clock.advance(CODE_TTL)
    const expired = await call(`/cgi-bin/auth/getuserinfo?code=${code}`)
    const unknown = await call('/cgi-bin/auth/getuserinfo?code=nope')

    expect([expired.errcode, unknown.errcode]).toEqual([40029, 40029])
  })

  it('authorize – wrong appid, bad state, non-http redirect – 400 error page, no code', async () => {
    const { sim } = makeTestSim()
    const headers = { cookie: 'kelan_sim_user=lina' }

    const cases: Record<string, string>[] = [{ appid: 'wwother' }, { state: 'has-dash' }, { redirect_uri: 'javascript:alert(1)' }]
    const statuses = await Promise.all(
      cases.map(
        async (over) => (await sim.app.request(authorizePath(over), { headers })).status,
      ),
    )

    expect(statuses).toEqual([400, 400, 400])
  })
})
