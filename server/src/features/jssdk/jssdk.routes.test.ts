import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { ErrorBody, Signature } from '@kelan/shared'
import type { Deps } from '../../deps'
import { createFakeWecom } from '../../test/fake-wecom'
import { makeStaff, makeTestDeps, seed } from '../../test/helpers'
import { request } from '../../test/http'

function jssdkDeps(): Deps {
  const wecom = createFakeWecom()
  wecom.getAgentTicket = async () => ({ ticket: 'agent-ticket', expires_in: 7200 })
  wecom.getJsapiTicket = async () => ({ ticket: 'corp-ticket', expires_in: 7200 })
  const deps = makeTestDeps({ wecom })
  seed(deps.db, { staff: [makeStaff({ userid: 'lisi' })] })
  return deps
}

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex')
const page = 'http://localhost:8787/?from=chat'

describe('GET /api/jssdk/*-signature', () => {
  it.each([
    ['agent-signature', 'agent-ticket'],
    ['config-signature', 'corp-ticket'],
  ])('%s signs our page with the %s, in seconds', async (endpoint, ticket) => {
    const res = await request(jssdkDeps(), `/api/jssdk/${endpoint}?url=${encodeURIComponent(page)}`, { as: 'lisi' })
    expect(res.status).toBe(200)
    const sig = (await res.json()) as Signature
    expect(String(sig.timestamp)).toMatch(/^\d{10}$/)
    expect(sig.signature).toBe(sha1(`jsapi_ticket=${ticket}&noncestr=${sig.nonceStr}&timestamp=${sig.timestamp}&url=${page}`))
  })

  it.each([
    ['another origin', 'https://evil.example.com/'],
    ['another port', 'http://localhost:9999/'],
    ['a URL with its hash', 'http://localhost:8787/#/sidebar'],
  ])('refuses to sign %s with 400', async (_what, url) => {
    const res = await request(jssdkDeps(), `/api/jssdk/agent-signature?url=${encodeURIComponent(url)}`, { as: 'lisi' })
    expect(res.status).toBe(400)
    expect(((await res.json()) as ErrorBody).error.code).toBe('VALIDATION_FAILED')
  })

  it('needs a session', async () => {
    expect((await request(jssdkDeps(), `/api/jssdk/agent-signature?url=${encodeURIComponent(page)}`)).status).toBe(401)
  })
})

describe('GET /api/auth/config', () => {
  it('tells the page the corp and agent to register with, without a session', async () => {
    const res = await request(jssdkDeps(), '/api/auth/config')
    expect(await res.json()).toEqual({ corpId: 'wwdemo8c1e0f5a2b', agentId: '1000002', mode: 'demo' })
  })
})
