import { getSignature } from '@wecom/crypto'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../app'
import { callbackEvents, followRelations } from '../../db/schema'
import { createCallbackWorker } from '../../jobs/callback-worker'
import { fakeClock } from '../../lib/clock'
import type { WecomClient } from '../../wecom/client'
import type { CallbackConfig } from '../../wecom/crypto'
import { createFakeWecom, emptyCorp, fakeContact, fakeFollow } from '../../test/fake-wecom'
import { makeTestDeps, makeTestEnv } from '../../test/helpers'
import { callbackPost, eventXml } from '../../test/wecom-callback'

/** WeCom's published callback test vector. */
const VECTOR = {
  token: 'QDG6eK',
  aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  corpId: 'wx5823bf96d3bd56c7',
  timestamp: '1409659589',
  nonce: '263014780',
  echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
  msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
  plaintext: '1616140317555161061',
}
const CFG: CallbackConfig = { token: VECTOR.token, aesKey: VECTOR.aesKey, corpId: VECTOR.corpId }

/** A Kelan configured with the vector's corp; `wecom` defaults to one that must not be called. */
function setup(wecom?: WecomClient) {
  const env = makeTestEnv({
    KELAN_MODE: 'wecom',
    WECOM_CORP_ID: VECTOR.corpId,
    WECOM_AGENT_ID: '1000002',
    WECOM_AGENT_SECRET: 'test-secret',
    WECOM_CALLBACK_TOKEN: VECTOR.token,
    WECOM_CALLBACK_AES_KEY: VECTOR.aesKey,
    KELAN_SESSION_SECRET: 'a-session-secret-of-at-least-32-characters',
    PUBLIC_URL: 'https://kelan.example.com',
  })
  const deps = makeTestDeps({ env, wecom, clock: fakeClock() })
  return { deps, app: createApp(deps) }
}

const verifyQuery = (overrides: Record<string, string> = {}) =>
  new URLSearchParams({
    msg_signature: VECTOR.msgSignature,
    timestamp: VECTOR.timestamp,
    nonce: VECTOR.nonce,
    echostr: VECTOR.echostr,
    ...overrides,
  })

const addEvent = {
  ToUserName: VECTOR.corpId,
  FromUserName: 'sys',
  CreateTime: 1700000000,
  MsgType: 'event',
  Event: 'change_external_contact',
  ChangeType: 'add_external_contact',
  UserID: 'lisi',
  ExternalUserID: 'wmNEW',
  State: 'exhibition',
}

describe('GET /api/wecom/callback', () => {
  it('GET /api/wecom/callback – official echostr vector – 200 with the bare plaintext', async () => {
    const { app } = setup()

    const res = await app.request(`/api/wecom/callback?${verifyQuery()}`)

    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(await res.text()).toBe(VECTOR.plaintext)
  })

  it('GET /api/wecom/callback – signature of another request – 401 BAD_SIGNATURE', async () => {
    const { app } = setup()

    const res = await app.request(`/api/wecom/callback?${verifyQuery({ nonce: '263014781' })}`)

    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ error: { code: 'BAD_SIGNATURE' } })
  })

  it('GET /api/wecom/callback – no echostr – 400 VALIDATION_FAILED', async () => {
    const { app } = setup()
    const query = verifyQuery()
    query.delete('echostr')

    const res = await app.request(`/api/wecom/callback?${query}`)

    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } })
  })
})

describe('POST /api/wecom/callback', () => {
  it('POST /api/wecom/callback – valid event – 200 success, stored pending, no WeCom call', async () => {
    const { deps, app } = setup()
    const { path, init } = callbackPost(CFG, addEvent)

    const res = await app.request(path, init)

    expect(res.status).toBe(200)
    expect(await res.text()).toBe('success')
    const rows = deps.db.select().from(callbackEvents).all()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      corpId: VECTOR.corpId,
      event: 'change_external_contact',
      changeType: 'add_external_contact',
      status: 'pending',
      attempts: 0,
      payload: { ExternalUserID: 'wmNEW', UserID: 'lisi', CreateTime: '1700000000', State: 'exhibition' },
    })
  })

  it('POST /api/wecom/callback – same event delivered 3 times – one row, applied once', async () => {
    const corp = emptyCorp()
    corp.contacts.set('wmNEW', { contact: fakeContact('wmNEW'), follows: [fakeFollow('lisi')] })
    const wecom = createFakeWecom(corp)
    const { deps, app } = setup(wecom)

    for (const nonce of ['n1', 'n2', 'n3']) {
      const { path, init } = callbackPost(CFG, addEvent, { nonce })
      expect((await app.request(path, init)).status).toBe(200)
    }
    await createCallbackWorker(deps, { pollMs: 10 }).drain()

    expect(deps.db.select().from(callbackEvents).all()).toHaveLength(1)
    expect(wecom.calls.getExternalContact).toBe(1)
    expect(deps.db.select().from(followRelations).all()).toMatchObject([{ externalUserid: 'wmNEW', userid: 'lisi', status: 'active' }])
  })

  it('POST /api/wecom/callback – signed with another token – 401 and nothing stored', async () => {
    const { deps, app } = setup()
    const { path, init } = callbackPost({ ...CFG, token: 'WrongToken' }, addEvent)

    const res = await app.request(path, init)

    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ error: { code: 'BAD_SIGNATURE' } })
    expect(deps.db.select().from(callbackEvents).all()).toEqual([])
  })

  it('POST /api/wecom/callback – encrypted for another corp (receiveid) – 400 BAD_CALLBACK, nothing stored', async () => {
    const { deps, app } = setup()
    const { path, init } = callbackPost({ ...CFG, corpId: 'wwOTHERCORP' }, addEvent, { toUserName: VECTOR.corpId })

    const res = await app.request(path, init)

    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: { code: 'BAD_CALLBACK' } })
    expect(deps.db.select().from(callbackEvents).all()).toEqual([])
  })

  it('POST /api/wecom/callback – ToUserName of another corp – 400 BAD_CALLBACK', async () => {
    const { deps, app } = setup()
    const { path, init } = callbackPost(CFG, addEvent, { toUserName: 'wwOTHERCORP' })

    expect((await app.request(path, init)).status).toBe(400)
    expect(deps.db.select().from(callbackEvents).all()).toEqual([])
  })

  it('POST /api/wecom/callback – correctly signed but undecryptable Encrypt – 400 BAD_CALLBACK', async () => {
    const { deps, app } = setup()
    const garbage = 'A'.repeat(64)
    const query = new URLSearchParams({ msg_signature: getSignature(CFG.token, '1', 'n', garbage), timestamp: '1', nonce: 'n' })
    const body = eventXml({ ToUserName: VECTOR.corpId, Encrypt: garbage })

    const res = await app.request(`/api/wecom/callback?${query}`, { method: 'POST', body })

    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: { code: 'BAD_CALLBACK' } })
    expect(deps.db.select().from(callbackEvents).all()).toEqual([])
  })

  it('POST /api/wecom/callback – body is not XML – 400 BAD_CALLBACK', async () => {
    const { app } = setup()
    const { path } = callbackPost(CFG, addEvent)

    const res = await app.request(path, { method: 'POST', body: '{"json":true}' })

    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: { code: 'BAD_CALLBACK' } })
  })

  it('POST /api/wecom/callback – no signature in the query – 400 VALIDATION_FAILED', async () => {
    const { app } = setup()
    const { init } = callbackPost(CFG, addEvent)

    const res = await app.request('/api/wecom/callback?timestamp=1&nonce=2', init)

    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } })
  })

  it('POST /api/wecom/callback – body over 64 KB – 413 PAYLOAD_TOO_LARGE, nothing stored', async () => {
    const { deps, app } = setup()
    const { path } = callbackPost(CFG, addEvent)
    const body = eventXml({ ToUserName: VECTOR.corpId, Encrypt: 'A'.repeat(70 * 1024) })

    const res = await app.request(path, { method: 'POST', body })

    expect(res.status).toBe(413)
    expect(await res.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } })
    expect(deps.db.select().from(callbackEvents).all()).toEqual([])
  })

  it('POST /api/wecom/callback – unknown event type – stored, then done without a WeCom call', async () => {
    const { deps, app } = setup()
    const { path, init } = callbackPost(CFG, { ToUserName: VECTOR.corpId, CreateTime: 1, MsgType: 'event', Event: 'enter_agent' })
    const logged: string[] = []

    expect((await app.request(path, init)).status).toBe(200)
    await createCallbackWorker(deps, { pollMs: 10, logger: { ...console, info: (m: string) => logged.push(m) } }).drain()

    expect(deps.db.select().from(callbackEvents).get()).toMatchObject({ event: 'enter_agent', status: 'done', attempts: 0 })
    expect(logged.join()).toContain('enter_agent')
  })
})
