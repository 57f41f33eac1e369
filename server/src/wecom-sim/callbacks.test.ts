import { decrypt, getSignature } from '@wecom/crypto'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { fakeClock } from '../lib/clock'
import { createCallbackPusher, eventXml, MAX_ATTEMPTS } from './callbacks'
import { DEMO_CORP, jsonInit, makeTestSim, wecomCaller } from './testing'

const CALLBACK_URL = 'http://kelan.test/api/wecom/callback'

/** A deliver function that records each request and answers with `statuses` in turn (then 200). */
function recorder(statuses: number[] = []) {
  const requests: { url: string; method: string; body: string }[] = []
  const deliver = async (req: Request) => {
    requests.push({ url: req.url, method: req.method, body: await req.text() })
    return new Response('success', { status: statuses.shift() ?? 200 })
  }
  return { deliver, requests }
}

/** Checks signature and receiveid of a recorded POST and returns its decrypted inner XML. */
function open(req: { url: string; body: string }): string {
  const q = new URL(req.url).searchParams
  const encrypted = /<Encrypt><!\[CDATA\[(.*?)\]\]><\/Encrypt>/.exec(req.body)?.[1] ?? ''
  expect(getSignature(DEMO_CORP.callbackToken, q.get('timestamp')!, q.get('nonce')!, encrypted)).toBe(q.get('msg_signature'))
  const { message, id } = decrypt(DEMO_CORP.callbackAesKey, encrypted)
  expect(id).toBe(DEMO_CORP.corpId)
  return message
}

function pusherWith(deliver: (req: Request) => Promise<Response>, url: string | null = CALLBACK_URL) {
  return createCallbackPusher({
    corpId: DEMO_CORP.corpId, agentId: DEMO_CORP.agentId, token: DEMO_CORP.callbackToken, aesKey: DEMO_CORP.callbackAesKey,
    url: url ?? undefined, deliver, clock: fakeClock(1_700_000_000), retryDelayMs: 0, timeoutMs: 1000,
  })
}

describe('eventXml', () => {
  it('eventXml – add_external_contact – fields in WeCom order, CDATA, bare CreateTime', () => {
    const xml = eventXml(
      { event: 'change_external_contact', changeType: 'add_external_contact', userid: 'lina', externalUserid: 'wmX', state: 'demo', welcomeCode: 'W' },
      'wwcorp', 1_700_000_000,
    )

    expect(xml).toBe(
      '<xml><ToUserName><![CDATA[wwcorp]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>' +
        '<CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType>' +
        '<Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[add_external_contact]]></ChangeType>' +
        '<UserID><![CDATA[lina]]></UserID><ExternalUserID><![CDATA[wmX]]></ExternalUserID>' +
        '<State><![CDATA[demo]]></State><WelcomeCode><![CDATA[W]]></WelcomeCode></xml>',
    )
  })

  it('eventXml – tag create and shuffle – TagType only when not shuffle', () => {
    const create = eventXml({ event: 'change_external_tag', changeType: 'create', tagType: 'tag', id: 'et1' }, 'ww', 1)
    const shuffle = eventXml({ event: 'change_external_tag', changeType: 'shuffle', id: 'etG' }, 'ww', 1)

    expect(create).toContain('<Event><![CDATA[change_external_tag]]></Event><Id><![CDATA[et1]]></Id><TagType><![CDATA[tag]]></TagType><ChangeType><![CDATA[create]]></ChangeType></xml>')
    expect(shuffle).toContain('<Id><![CDATA[etG]]></Id><ChangeType><![CDATA[shuffle]]></ChangeType></xml>')
    expect(shuffle).not.toContain('TagType')
  })

  it('eventXml – value containing ]]> – stays well-formed CDATA', () => {
    const xml = eventXml({ event: 'change_external_contact', changeType: 'edit_external_contact', userid: 'a', externalUserid: 'b', state: 'x]]>y' }, 'ww', 1)

    expect(xml).toContain('<State><![CDATA[x]]]]><![CDATA[>y]]></State>')
  })
})

describe('callback pusher', () => {
  it('push – one event – POSTs the signed envelope; it decrypts with @wecom/crypto to the event, receiveid = corp', async () => {
    const { deliver, requests } = recorder()
    const pusher = pusherWith(deliver)
    const event = { event: 'change_external_tag', changeType: 'delete', tagType: 'tag', id: 'etA' } as const

    const delivery = await pusher.push(event)

    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1 })
    expect(requests).toHaveLength(1)
    const url = new URL(requests[0]!.url)
    expect(`${url.origin}${url.pathname}`).toBe(CALLBACK_URL)
    expect(requests[0]!.method).toBe('POST')
    expect(requests[0]!.body).toMatch(/^<xml><ToUserName><!\[CDATA\[wwdemo8c1e0f5a2b\]\]><\/ToUserName><AgentID><!\[CDATA\[1000002\]\]><\/AgentID><Encrypt>/)
    expect(open(requests[0]!)).toBe(eventXml(event, DEMO_CORP.corpId, 1_700_000_000))
  })

  it('push – receiver fails twice – third attempt delivers', async () => {
    const { deliver, requests } = recorder([500, 503])

    const delivery = await pusherWith(deliver).push({ event: 'change_external_tag', changeType: 'shuffle', id: '' })

    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3 })
    expect(requests).toHaveLength(3)
  })

  it('push – receiver always fails – gives up after 3 attempts', async () => {
    const { deliver, requests } = recorder([500, 500, 500, 500])

    const delivery = await pusherWith(deliver).push({ event: 'change_external_tag', changeType: 'shuffle', id: '' })

    expect(MAX_ATTEMPTS).toBe(3)
    expect(delivery).toMatchObject({ status: 'failed', attempts: 3 })
    expect(requests).toHaveLength(3)
  })

  it('push – no callback URL – logged as skipped, nothing sent', async () => {
    const { deliver, requests } = recorder()

    const delivery = await pusherWith(deliver, null).push({ event: 'change_external_tag', changeType: 'shuffle', id: '' })

    expect(delivery.status).toBe('skipped')
    expect(requests).toHaveLength(0)
  })

  it('push – several events – delivered one at a time in order', async () => {
    const { deliver, requests } = recorder()
    const pusher = pusherWith(deliver)

    for (const id of ['et1', 'et2', 'et3']) void pusher.push({ event: 'change_external_tag', changeType: 'create', tagType: 'tag', id })
    await pusher.idle()

    expect(requests.map((r) => /<Id><!\[CDATA\[(\w+)/.exec(open(r))?.[1])).toEqual(['et1', 'et2', 'et3'])
  })
})

describe('verifyCallbackUrl', () => {
  /** A receiver doing what WeCom asks of one: check the signature, decrypt, echo the plaintext. */
  const receiver = new Hono().get('/api/wecom/callback', (c) => {
    const { msg_signature, timestamp, nonce, echostr } = c.req.query()
    if (getSignature(DEMO_CORP.callbackToken, timestamp!, nonce!, echostr!) !== msg_signature) return c.text('bad signature', 401)
    return c.text(decrypt(DEMO_CORP.callbackAesKey, echostr!).message)
  })

  it('verifyCallbackUrl – correct receiver – ok, echostr percent-encoded in the query', async () => {
    const urls: string[] = []
    const { sim } = makeTestSim({ callbackUrl: CALLBACK_URL, deliver: (req) => (urls.push(req.url), receiver.fetch(req)) })

    const result = await sim.verifyCallbackUrl()

    expect(result).toMatchObject({ ok: true, status: 200 })
    expect(result.body).toBe(result.expected)
    const raw = /[?&]echostr=([^&]*)/.exec(urls[0]!)?.[1] ?? ''
    expect(raw).toMatch(/%3D/)
    expect(raw).not.toMatch(/[+/=]/)
  })

  it('verifyCallbackUrl – receiver answers something else – not ok', async () => {
    const wrong = new Hono().get('*', (c) => c.text('success'))
    const { sim } = makeTestSim({ callbackUrl: CALLBACK_URL, deliver: (req) => wrong.fetch(req) })

    const result = await sim.verifyCallbackUrl()

    expect(result.ok).toBe(false)
    expect(result.body).toBe('success')
  })
})

describe('state changes push callbacks', () => {
  it('add-customer – staff lina – pushes add_external_contact with State demo and a WelcomeCode', async () => {
    const { deliver, requests } = recorder()
    const { sim } = makeTestSim({ callbackUrl: CALLBACK_URL, deliver })

    const res = await sim.app.request('/_control/add-customer', jsonInit({ userid: 'lina' }))
    const added = (await res.json()) as { external_contact: { external_userid: string } }
    await sim.callbacks.idle()

    const xml = open(requests[0]!)
    expect(xml).toContain('<ChangeType><![CDATA[add_external_contact]]></ChangeType><UserID><![CDATA[lina]]></UserID>')
    expect(xml).toContain(`<ExternalUserID><![CDATA[${added.external_contact.external_userid}]]></ExternalUserID><State><![CDATA[demo]]></State><WelcomeCode>`)
  })

  it('API reply – receiver still busy – answers before the callback is delivered', async () => {
    let release = () => {}
    const gate = new Promise<void>((r) => (release = r))
    let delivered = false
    const deliver = async () => {
      await gate
      delivered = true
      return new Response('success')
    }
    const { sim } = makeTestSim({ callbackUrl: CALLBACK_URL, deliver })
    const call = await wecomCaller(sim)

    const res = await call('/cgi-bin/externalcontact/add_corp_tag', { group_name: '新组', tag: [{ name: 't' }] })

    expect(res.errcode).toBe(0)
    expect(delivered).toBe(false)
    release()
    await sim.callbacks.idle()
    expect(delivered).toBe(true)
  })

  it('mark_tag via API – switch off, then on – edit_external_contact only when on', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)
    const rel = sim.db.prepare('SELECT userid, external_userid FROM relations LIMIT 1').get() as { userid: string; external_userid: string }
    const list = await call('/cgi-bin/externalcontact/get_corp_tag_list', {})
    const tag = list.tag_group[0].tag[0].id as string

    await call('/cgi-bin/externalcontact/mark_tag', { ...rel, add_tag: [tag] })
    const whenOff = sim.callbacks.log().length
    sim.settings.apiEditsTriggerCallbacks = true
    await call('/cgi-bin/externalcontact/remark', { ...rel, remark: '新备注' })

    expect(whenOff).toBe(0)
    expect(sim.callbacks.log().map((d) => d.event)).toEqual([
      expect.objectContaining({ changeType: 'edit_external_contact', userid: rel.userid, externalUserid: rel.external_userid }),
    ])
  })

  it('control deletes – customer deletes staff, staff deletes customer – del_follow_user, del_external_contact', async () => {
    const { sim } = makeTestSim()
    const rels = sim.db.prepare('SELECT userid, external_userid FROM relations LIMIT 2').all() as { userid: string; external_userid: string }[]

    const a = await sim.app.request('/_control/customer-deletes-staff', jsonInit(rels[0]))
    const b = await sim.app.request('/_control/staff-deletes-customer', jsonInit(rels[1]))

    expect([a.status, b.status]).toEqual([200, 200])
    expect(sim.callbacks.log().map((d) => d.event)).toEqual([
      { event: 'change_external_contact', changeType: 'del_follow_user', userid: rels[0]!.userid, externalUserid: rels[0]!.external_userid },
      { event: 'change_external_contact', changeType: 'del_external_contact', userid: rels[1]!.userid, externalUserid: rels[1]!.external_userid },
    ])
  })
})
