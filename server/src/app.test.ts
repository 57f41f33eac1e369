import { describe, expect, it } from 'vitest'
import { ErrorBody } from '@kelan/shared'
import { createApp } from './app'
import { createFakeWecom } from './test/fake-wecom'
import { makeStaff, makeTestDeps, seed } from './test/helpers'
import { request } from './test/http'

function sweepDeps() {
  const deps = makeTestDeps({ wecom: createFakeWecom() })
  seed(deps.db, { staff: [makeStaff({ userid: 'lisi', role: 'staff' })] })
  return deps
}

/** Every route with input it must refuse, and who asks. A 4xx with the error shape, never a 500. */
const badRequests: [string, number, string, RequestInit & { as?: string }][] = [
  ['login with a foreign returnTo', 400, '/api/auth/login?returnTo=//evil.example.com', {}],
  ['callback without code', 400, '/api/auth/callback?state=abc', {}],
  ['callback with a bad state', 400, '/api/auth/callback?code=c&state=not-alnum!', {}],
  ['me without a session', 401, '/api/me', {}],
  ['me with a forged cookie', 401, '/api/me', { headers: { cookie: 'kelan_sid=forged' } }],
  ['signature without url', 400, '/api/jssdk/agent-signature', { as: 'lisi' }],
  ['signature of a non-URL', 400, '/api/jssdk/config-signature?url=hello', { as: 'lisi' }],
  ['customer card with a bad id', 400, '/api/sidebar/customers/%F0%9F%98%80', { as: 'lisi' }],
  ['customer card with an overlong id', 400, `/api/sidebar/customers/wm${'x'.repeat(100)}`, { as: 'lisi' }],
  ['group card with a bad id', 400, '/api/sidebar/group-chats/a%20b', { as: 'lisi' }],
  ['customer list page 0', 400, '/api/customers?page=0', { as: 'lisi' }],
  ['customer list page abc', 400, '/api/customers?page=abc', { as: 'lisi' }],
  ['customer list with an overlong query', 400, `/api/customers?q=${'客'.repeat(60)}`, { as: 'lisi' }],
  ['sync started by staff', 403, '/api/sync', { method: 'POST', as: 'lisi' }],
  ['last sync read by staff', 403, '/api/sync/last', { as: 'lisi' }],
  ['callback verification without params', 400, '/api/wecom/callback', {}],
  ['callback event with a garbage body', 400, '/api/wecom/callback?msg_signature=a&timestamp=1&nonce=2', { method: 'POST', body: 'not xml' }],
  ['an unknown API path', 404, '/api/nope', { as: 'lisi' }],
  ['a known path with the wrong method', 404, '/api/customers', { method: 'DELETE', as: 'lisi' }],
  // Tagging, knowledge base and sensitive words: the mounts refuse through the app as a whole.
  ['tag library without a session', 401, '/api/tags', {}],
  ['tag change with an empty body', 400, '/api/customers/wmX/tags', { method: 'PUT', body: '{}', headers: { 'content-type': 'application/json' }, as: 'lisi' }],
  ['tag history with a bad cursor', 400, '/api/customers/wmX/tag-history?cursor=-1', { as: 'lisi' }],
  ['admin tag library read by staff', 403, '/api/admin/tags', { as: 'lisi' }],
  ['tag group created by staff', 403, '/api/admin/tag-groups', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' }, as: 'lisi' }],
  ['admin customer list read by staff', 403, '/api/admin/customers', { as: 'lisi' }],
  ['batch started by staff', 403, '/api/admin/tag-batches', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' }, as: 'lisi' }],
  ['outbox failures read by staff', 403, '/api/admin/outbox/failures', { as: 'lisi' }],
  ['knowledge search with an overlong query', 400, `/api/knowledge/search?q=${'话'.repeat(120)}`, { as: 'lisi' }],
  ['knowledge import template read by staff', 403, '/api/knowledge/import/template?kind=script', { as: 'lisi' }],
  ['sensitive check without a body', 400, '/api/knowledge/check', { method: 'POST', body: 'nope', headers: { 'content-type': 'application/json' }, as: 'lisi' }],
  ['sensitive words read by staff', 403, '/api/admin/sensitive-words', { as: 'lisi' }],
  // Special marks: staff without the 客户标记管理 grant are refused before anything is read.
  ['mark list read by staff', 403, '/api/admin/marks', { as: 'lisi' }],
  ['mark created by staff', 403, '/api/admin/marks', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' }, as: 'lisi' }],
  ['mark import by staff', 403, '/api/admin/marks/import', { method: 'POST', body: 'x', as: 'lisi' }],
  ['mark list without a session', 401, '/api/admin/marks', {}],
  ['remark change with an overlong remark', 400, '/api/customers/wmX/remark', { method: 'PUT', body: JSON.stringify({ remark: '备'.repeat(21) }), headers: { 'content-type': 'application/json' }, as: 'lisi' }],
  // Follow-ups, reminders, timeline, business records and attachments.
  ['follow-up types administered by staff', 403, '/api/admin/followup-types', { as: 'lisi' }],
  ['follow-up with an empty body', 400, '/api/customers/wmX/followups', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' }, as: 'lisi' }],
  ['reminders with an unknown status', 400, '/api/reminders/mine?status=x', { as: 'lisi' }],
  ['timeline with an unknown kind', 400, '/api/customers/wmX/timeline?kinds=chat', { as: 'lisi' }],
  ['business templates administered by staff', 403, '/api/admin/business-templates', { as: 'lisi' }],
  ['business records with a bad cursor', 400, '/api/customers/wmX/business-records?cursor=%24%24', { as: 'lisi' }],
  ['attachment upload of an unknown kind', 400, '/api/attachments?purpose=followup&kind=exe&name=a.exe', { method: 'POST', body: 'x', as: 'lisi' }],
  ['attachment read with a bad id', 400, '/api/attachments/..%2Fetc', { as: 'lisi' }],
]

describe('bad input on every route', () => {
  it.each(badRequests)('%s → %i with { error: { code, message } }', async (_name, status, path, init) => {
    const res = await request(sweepDeps(), path, init)
    expect(res.status).toBe(status)
    const body = ErrorBody.safeParse(await res.json())
    expect(body.success).toBe(true)
  })
})

describe('GET /api/health', () => {
  it('answers { ok: true, mode } without a session', async () => {
    const res = await createApp(sweepDeps()).request('/api/health')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true, mode: 'demo' })
  })
})
