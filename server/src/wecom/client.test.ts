import { createServer, type AddressInfo } from 'node:net'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { fakeClock } from '../lib/clock'
import { caughtWecomError as caught } from '../test/wecom-errors'
import { createWecomClient, type WecomClientOptions } from './client'
import { LocalErrcode } from './errors'

const SECRET = 'app-secret-never-shown'
const API = 'http://wecom.test'

/** A reply of the fake WeCom: the envelope plus fields. */
const ok = (fields: object = {}) => ({ errcode: 0, errmsg: 'ok', ...fields })
const fail = (errcode: number, errmsg = 'fail') => ({ errcode, errmsg })
const user = (userid: string) => ({ userid, name: `name-${userid}`, department: [1] })

/**
 * A small fake WeCom on Hono: gettoken issues tok-1, tok-2, ... (7200 s), every request is
 * recorded with its query and body, and each test adds the routes it needs.
 */
function fakeWecom(routes: (app: Hono, log: Hit[]) => void = () => {}) {
  const app = new Hono()
  const log: Hit[] = []
  let issued = 0
  app.use(async (c, next) => {
    const body = c.req.method === 'POST' ? await c.req.raw.clone().json() : undefined
    log.push({ path: c.req.path, query: c.req.query(), body })
    await next()
  })
  app.get('/cgi-bin/gettoken', (c) =>
    c.req.query('corpsecret') === SECRET
      ? c.json(ok({ access_token: `tok-${++issued}`, expires_in: 7200 }))
      : c.json(fail(40001, 'invalid credential')),
  )
  routes(app, log)
  const hits = (path: string) => log.filter((h) => h.path === path)
  return { app, log, hits }
}

interface Hit {
  path: string
  query: Record<string, string>
  body: unknown
}

/** A client on the fake, with a fake clock and an instant, recorded sleep. */
function clientOn(fake: { app: Hono }, over: Partial<WecomClientOptions> = {}) {
  const clock = fakeClock()
  const sleeps: number[] = []
  const client = createWecomClient({
    apiBase: API,
    corpId: 'wwcorp',
    agentId: '1000002',
    secret: SECRET,
    fetch: async (input, init) => fake.app.request(input, init),
    clock,
    timeoutMs: 1000,
    sleep: async (ms) => void sleeps.push(ms),
    ...over,
  })
  return { client, clock, sleeps }
}

/** Answers from `replies` in order, then repeats the last one. */
function sequence(replies: (object | number)[]) {
  let i = 0
  return (c: { json: (o: object, s?: number) => Response; body: (b: null, s: number) => Response }) => {
    const r = replies[Math.min(i++, replies.length - 1)]!
    return typeof r === 'number' ? c.body(null, r as 500) : c.json(r)
  }
}

/** A local port nothing listens on (fetch refuses well-known "bad" ports such as 1). */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  await new Promise((r) => server.close(r))
  return port
}

describe('createWecomClient – access token', () => {
  it('token – two calls within its lifetime – fetches it once and sends it in the query', async () => {
    const fake = fakeWecom((app) => app.get('/cgi-bin/user/get', (c) => c.json(ok(user(c.req.query('userid')!)))))
    const { client } = clientOn(fake)

    await client.getUser('lisi')
    await client.getUser('wangwu')

    expect(fake.hits('/cgi-bin/gettoken')).toHaveLength(1)
    expect(fake.hits('/cgi-bin/gettoken')[0]!.query).toEqual({ corpid: 'wwcorp', corpsecret: SECRET })
    expect(fake.hits('/cgi-bin/user/get').map((h) => h.query.access_token)).toEqual(['tok-1', 'tok-1'])
  })

  it('token – clock past expires_in minus 300 s – fetches a new one', async () => {
    const fake = fakeWecom((app) => app.get('/cgi-bin/user/get', (c) => c.json(ok(user('lisi')))))
    const { client, clock } = clientOn(fake)

    await client.getUser('lisi')
    clock.advance(7200 - 300 - 1)
    await client.getUser('lisi')
    clock.advance(1)
    await client.getUser('lisi')

    expect(fake.hits('/cgi-bin/user/get').map((h) => h.query.access_token)).toEqual(['tok-1', 'tok-1', 'tok-2'])
  })

  it('token – 10 concurrent calls on a cold cache – makes exactly one gettoken call', async () => {
    const fake = fakeWecom((app) => app.get('/cgi-bin/user/get', (c) => c.json(ok(user('lisi')))))
    const { client } = clientOn(fake)

    await Promise.all(Array.from({ length: 10 }, () => client.getUser('lisi')))

    expect(fake.hits('/cgi-bin/gettoken')).toHaveLength(1)
    expect(fake.hits('/cgi-bin/user/get')).toHaveLength(10)
  })

  it('token – 42001 once – refreshes the token and retries the call once, without backoff', async () => {
    const fake = fakeWecom((app) =>
      app.get('/cgi-bin/user/get', sequence([fail(42001, 'access_token expired'), ok(user('lisi'))])),
    )
    const { client, sleeps } = clientOn(fake)

    const got = await client.getUser('lisi')

    expect(got.userid).toBe('lisi')
    expect(fake.hits('/cgi-bin/gettoken')).toHaveLength(2)
    expect(fake.hits('/cgi-bin/user/get').map((h) => h.query.access_token)).toEqual(['tok-1', 'tok-2'])
    expect(sleeps).toEqual([])
  })

  it('token – 40014 on every call – gives up after one refresh with errcode 40014', async () => {
    const fake = fakeWecom((app) => app.get('/cgi-bin/user/get', (c) => c.json(fail(40014, 'invalid access_token'))))
    const { client } = clientOn(fake)

    const err = await caught(client.getUser('lisi'))

    expect(err).toMatchObject({ errcode: 40014, path: '/cgi-bin/user/get', retryable: false })
    expect(fake.hits('/cgi-bin/user/get')).toHaveLength(2)
    expect(fake.hits('/cgi-bin/gettoken')).toHaveLength(2)
  })

  it('token – 5 concurrent calls all rejected with 42001 – share one refresh', async () => {
    const fake = fakeWecom((app) =>
      app.get('/cgi-bin/user/get', (c) =>
        c.req.query('access_token') === 'tok-1' ? c.json(fail(42001)) : c.json(ok(user('lisi'))),
      ),
    )
    const { client } = clientOn(fake)

    await Promise.all(Array.from({ length: 5 }, () => client.getUser('lisi')))

    expect(fake.hits('/cgi-bin/gettoken')).toHaveLength(2)
    expect(fake.hits('/cgi-bin/user/get')).toHaveLength(10)
  })

  it('token – wrong secret (40001) – fails once with the gettoken path and no secret in the message', async () => {
    const fake = fakeWecom((app) => app.get('/cgi-bin/user/get', (c) => c.json(ok(user('lisi')))))
    const { client } = clientOn(fake, { secret: 'wrong-secret-value' })

    const err = await caught(client.getUser('lisi'))

    expect(err).toMatchObject({ errcode: 40001, path: '/cgi-bin/gettoken', retryable: false })
    expect(err.message).not.toContain('wrong-secret-value')
    expect(fake.hits('/cgi-bin/gettoken')).toHaveLength(1)
    expect(fake.hits('/cgi-bin/user/get')).toHaveLength(0)
  })

  it('errors – errmsg echoing the token or secret – are redacted', async () => {
    const fake = fakeWecom((app) =>
      app.get('/cgi-bin/user/get', (c) => c.json(fail(40003, `bad userid, token ${c.req.query('access_token')} ${SECRET}`))),
    )
    const { client } = clientOn(fake)

    const err = await caught(client.getUser('nobody'))

    expect(err.errcode).toBe(40003)
    expect(err.message).not.toContain('tok-1')
    expect(err.message).not.toContain(SECRET)
  })
})

describe('createWecomClient – retries', () => {
  it('retry – 45009 twice then success – backs off twice and returns the reply', async () => {
    const fake = fakeWecom((app) =>
      app.get('/cgi-bin/user/get', sequence([fail(45009, 'api freq out of limit'), fail(45009), ok(user('lisi'))])),
    )
    const { client, sleeps } = clientOn(fake, { retry: { attempts: 3, baseDelayMs: 200, maxDelayMs: 2000 } })

    const got = await client.getUser('lisi')

    expect(got.userid).toBe('lisi')
    expect(fake.hits('/cgi-bin/user/get')).toHaveLength(3)
    expect(sleeps).toHaveLength(2)
    expect(sleeps[0]).toBeGreaterThanOrEqual(100)
    expect(sleeps[0]).toBeLessThanOrEqual(200)
    expect(sleeps[1]).toBeGreaterThanOrEqual(200)
    expect(sleeps[1]).toBeLessThanOrEqual(400)
  })

  it('retry – 45009 forever – gives up after the bound with a retryable 45009, delays capped', async () => {
    const fake = fakeWecom((app) => app.get('/cgi-bin/user/get', (c) => c.json(fail(45009))))
    const { client, sleeps } = clientOn(fake, { retry: { attempts: 5, baseDelayMs: 200, maxDelayMs: 500 } })

    const err = await caught(client.getUser('lisi'))

    expect(err).toMatchObject({ errcode: 45009, path: '/cgi-bin/user/get', retryable: true })
    expect(fake.hits('/cgi-bin/user/get')).toHaveLength(6)
    expect(sleeps).toHaveLength(5)
    for (const ms of sleeps) expect(ms).toBeLessThanOrEqual(500)
    expect(sleeps.slice(2).every((ms) => ms >= 250)).toBe(true)
  })

  it('retry – default policy – retries 3 times', async () => {
    const fake = fakeWecom((app) => app.get('/cgi-bin/user/get', (c) => c.json(fail(-1, 'system busy'))))
    const { client, sleeps } = clientOn(fake)

    const err = await caught(client.getUser('lisi'))

    expect(err.errcode).toBe(-1)
    expect(fake.hits('/cgi-bin/user/get')).toHaveLength(4)
    expect(sleeps.every((ms) => ms <= 2000)).toBe(true)
  })

  it('retry – HTTP 500 then success – retries and returns the reply', async () => {
    const fake = fakeWecom((app) => app.get('/cgi-bin/user/get', sequence([500, ok(user('lisi'))])))
    const { client, sleeps } = clientOn(fake)

    const got = await client.getUser('lisi')

    expect(got.userid).toBe('lisi')
    expect(sleeps).toHaveLength(1)
  })

  it('retry – HTTP 502 forever – fails with httpStatus 502 and the http errcode', async () => {
    const fake = fakeWecom((app) => app.get('/cgi-bin/user/get', (c) => c.body(null, 502)))
    const { client } = clientOn(fake, { retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } })

    const err = await caught(client.getUser('lisi'))

    expect(err).toMatchObject({ errcode: LocalErrcode.http, httpStatus: 502, retryable: true })
    expect(fake.hits('/cgi-bin/user/get')).toHaveLength(2)
  })

  it('retry – HTTP 404 – is not retried', async () => {
    const fake = fakeWecom()
    const { client } = clientOn(fake)

    const err = await caught(client.getUser('lisi'))

    expect(err).toMatchObject({ errcode: LocalErrcode.http, httpStatus: 404, retryable: false })
    expect(fake.hits('/cgi-bin/user/get')).toHaveLength(1)
  })

  it('retry – first request hangs past the timeout – times out and the retry succeeds', async () => {
    let calls = 0
    const fake = fakeWecom((app) =>
      app.get('/cgi-bin/user/get', async (c) => {
        if (++calls === 1) await new Promise((r) => setTimeout(r, 1000))
        return c.json(ok(user('lisi')))
      }),
    )
    const { client, sleeps } = clientOn(fake, { timeoutMs: 100 })

    const got = await client.getUser('lisi')

    expect(got.userid).toBe('lisi')
    expect(calls).toBe(2)
    expect(sleeps).toHaveLength(1)
  })

  it('retry – every request hangs – fails with a retryable network errcode naming the timeout', async () => {
    const fake = fakeWecom((app) =>
      app.get('/cgi-bin/user/get', async (c) => {
        await new Promise((r) => setTimeout(r, 1000))
        return c.json(ok(user('lisi')))
      }),
    )
    const { client } = clientOn(fake, { timeoutMs: 30, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } })

    const err = await caught(client.getUser('lisi'))

    expect(err).toMatchObject({ errcode: LocalErrcode.network, path: '/cgi-bin/user/get', retryable: true })
    expect(err.message).toContain('timed out after 30 ms')
    expect(fake.hits('/cgi-bin/user/get')).toHaveLength(2)
  })

  it('retry – fetch rejects (connection refused) – retries, then fails without the URL in the message', async () => {
    const urls: string[] = []
    const { client } = clientOn(fakeWecom(), {
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
      fetch: async (input) => {
        urls.push(String(input))
        throw new TypeError(`fetch failed ${String(input)}`, { cause: { code: 'ECONNREFUSED' } })
      },
    })

    const err = await caught(client.getUser('lisi'))

    expect(err).toMatchObject({ errcode: LocalErrcode.network, path: '/cgi-bin/gettoken', retryable: true })
    expect(err.message).toContain('ECONNREFUSED')
    expect(err.message).not.toContain(SECRET)
    expect(urls).toHaveLength(3)
  })

  it('retry – real fetch to a closed port – fails with the network errcode', async () => {
    const port = await closedPort()
    const { client } = clientOn(fakeWecom(), {
      apiBase: `http://127.0.0.1:${port}`,
      fetch: undefined,
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    })

    const err = await caught(client.getUser('lisi'))

    expect(err).toMatchObject({ errcode: LocalErrcode.network, path: '/cgi-bin/gettoken', retryable: true })
    expect(err.message).toContain('ECONNREFUSED')
  })

  it.each([
    [40058, 'invalid parameter'],
    [84061, 'not external contact'],
    [48002, 'api forbidden'],
    [60020, 'not allow to access from your ip'],
  ])('retry – errcode %i – fails at once, not retried', async (errcode, errmsg) => {
    const fake = fakeWecom((app) => app.post('/cgi-bin/externalcontact/mark_tag', (c) => c.json(fail(errcode, errmsg))))
    const { client, sleeps } = clientOn(fake)

    const err = await caught(client.markTag({ userid: 'lisi', external_userid: 'wmA', add_tag: ['et1'] }))

    expect(err).toMatchObject({ errcode, path: '/cgi-bin/externalcontact/mark_tag', retryable: false })
    expect(err.message).toContain(errmsg)
    expect(fake.hits('/cgi-bin/externalcontact/mark_tag')).toHaveLength(1)
    expect(sleeps).toEqual([])
  })
})

describe('createWecomClient – reply validation', () => {
  it('validation – user/get with a numeric userid – fails as an invalid reply, not retried', async () => {
    const fake = fakeWecom((app) => app.get('/cgi-bin/user/get', (c) => c.json(ok({ userid: 123, name: 'x', department: [1] }))))
    const { client } = clientOn(fake)

    const err = await caught(client.getUser('lisi'))

    expect(err).toMatchObject({ errcode: LocalErrcode.invalidReply, path: '/cgi-bin/user/get', retryable: false })
    expect(err.message).toContain('userid')
    expect(fake.hits('/cgi-bin/user/get')).toHaveLength(1)
  })

  it('validation – a reply without errcode – fails as an invalid reply', async () => {
    const fake = fakeWecom((app) => app.get('/cgi-bin/department/list', (c) => c.json({ department: [] })))
    const { client } = clientOn(fake)

    const err = await caught(client.listDepartments())

    expect(err).toMatchObject({ errcode: LocalErrcode.invalidReply, retryable: false })
  })

  it('validation – an HTML page with status 200 – fails as an invalid reply', async () => {
    const fake = fakeWecom((app) => app.get('/cgi-bin/department/list', (c) => c.html('<html>proxy</html>')))
    const { client } = clientOn(fake)

    const err = await caught(client.listDepartments())

    expect(err).toMatchObject({ errcode: LocalErrcode.invalidReply, path: '/cgi-bin/department/list' })
  })

  it('validation – unknown extra fields – are accepted and stripped', async () => {
    const fake = fakeWecom((app) =>
      app.get('/cgi-bin/user/get', (c) => c.json(ok({ ...user('lisi'), mobile: '138', extattr: { attrs: [] } }))),
    )
    const { client } = clientOn(fake)

    const got = await client.getUser('lisi')

    expect(got).toEqual(user('lisi'))
  })
})

describe('createWecomClient – paging', () => {
  it('getExternalContact – follow_user over three pages – merges them in order', async () => {
    const contact = { external_userid: 'wmA', name: '王', type: 1 }
    const follow = (userid: string) => ({ userid, createtime: 1 })
    const pages: Record<string, object> = {
      '': ok({ external_contact: contact, follow_user: [follow('u1'), follow('u2')], next_cursor: 'c1' }),
      c1: ok({ external_contact: contact, follow_user: [follow('u3')], next_cursor: 'c2' }),
      c2: ok({ external_contact: contact, follow_user: [follow('u4')], next_cursor: '' }),
    }
    const fake = fakeWecom((app) =>
      app.get('/cgi-bin/externalcontact/get', (c) => c.json(pages[c.req.query('cursor') ?? '']!)),
    )
    const { client } = clientOn(fake)

    const got = await client.getExternalContact('wmA')

    expect(got.external_contact).toEqual(contact)
    expect(got.follow_user.map((f) => f.userid)).toEqual(['u1', 'u2', 'u3', 'u4'])
    const queries = fake.hits('/cgi-bin/externalcontact/get').map((h) => h.query)
    expect(queries.map((q) => [q.external_userid, q.cursor])).toEqual([['wmA', undefined], ['wmA', 'c1'], ['wmA', 'c2']])
  })

  it('getExternalContact – a cursor that repeats – fails instead of looping', async () => {
    const fake = fakeWecom((app) =>
      app.get('/cgi-bin/externalcontact/get', (c) =>
        c.json(ok({ external_contact: { external_userid: 'wmA', name: 'x', type: 1 }, follow_user: [], next_cursor: 'same' })),
      ),
    )
    const { client } = clientOn(fake)

    const err = await caught(client.getExternalContact('wmA'))

    expect(err).toMatchObject({ errcode: LocalErrcode.invalidReply, path: '/cgi-bin/externalcontact/get' })
    expect(fake.hits('/cgi-bin/externalcontact/get')).toHaveLength(2)
  })

  it('batchGetByUser – 250 userids, two pages each – chunks by 100 and collects every page', async () => {
    const userids = Array.from({ length: 250 }, (_, i) => `u${i}`)
    const item = (userid: string, n: number) => ({
      external_contact: { external_userid: `wm-${userid}-${n}`, name: 'c', type: 1 },
      follow_info: { userid, createtime: 1, tag_id: ['et1'] },
    })
    const fake = fakeWecom((app) =>
      app.post('/cgi-bin/externalcontact/batch/get_by_user', async (c) => {
        const body = (await c.req.json()) as { userid_list: string[]; cursor: string }
        const first = body.userid_list[0]!
        return c.json(
          body.cursor === ''
            ? ok({ external_contact_list: [item(first, 1)], next_cursor: `next-${first}` })
            : ok({ external_contact_list: [item(first, 2)], next_cursor: '' }),
        )
      }),
    )
    const { client } = clientOn(fake)

    const got = await client.batchGetByUser(userids)

    const bodies = fake.hits('/cgi-bin/externalcontact/batch/get_by_user').map((h) => h.body as Record<string, unknown>)
    expect(bodies.map((b) => [(b.userid_list as string[]).length, b.cursor, b.limit])).toEqual([
      [100, '', 100], [100, 'next-u0', 100],
      [100, '', 100], [100, 'next-u100', 100],
      [50, '', 100], [50, 'next-u200', 100],
    ])
    expect(got.items.map((i) => i.external_contact.external_userid)).toEqual([
      'wm-u0-1', 'wm-u0-2', 'wm-u100-1', 'wm-u100-2', 'wm-u200-1', 'wm-u200-2',
    ])
    expect(got.items[0]!.follow_info.tag_id).toEqual(['et1'])
    expect(got.unlicensedUserids).toEqual([])
  })

  it('batchGetByUser – no userids – makes no call', async () => {
    const fake = fakeWecom()
    const { client } = clientOn(fake)

    expect(await client.batchGetByUser([])).toEqual({ items: [], unlicensedUserids: [] })
    expect(fake.log).toHaveLength(0)
  })

  it('batchGetByUser – fail_info on two pages – unlicensed userids collected once each, items kept', async () => {
    const item = { external_contact: { external_userid: 'wm1', name: 'c', type: 1 }, follow_info: { userid: 'a', createtime: 1 } }
    const fake = fakeWecom((app) =>
      app.post('/cgi-bin/externalcontact/batch/get_by_user', async (c) => {
        const { cursor } = (await c.req.json()) as { cursor: string }
        const fail_info = { unlicensed_userid_list: cursor === '' ? ['b', 'c'] : ['c'] }
        return c.json(ok({ external_contact_list: [item], next_cursor: cursor === '' ? 'p2' : '', fail_info }))
      }),
    )
    const { client } = clientOn(fake)

    const got = await client.batchGetByUser(['a', 'b', 'c'])

    expect(got.unlicensedUserids).toEqual(['b', 'c'])
    expect(got.items).toHaveLength(2)
  })

  it('batchGetByUser – 701008 for one chunk of two – that chunk all unlicensed, the other chunk kept, no retry', async () => {
    const userids = Array.from({ length: 150 }, (_, i) => `u${i}`)
    const fake = fakeWecom((app) =>
      app.post('/cgi-bin/externalcontact/batch/get_by_user', async (c) => {
        const { userid_list } = (await c.req.json()) as { userid_list: string[] }
        if (userid_list[0] === 'u100') return c.json(fail(701008, 'no valid license'))
        const follow_info = { userid: 'u0', createtime: 1 }
        return c.json(ok({ external_contact_list: [{ external_contact: { external_userid: 'wm1', name: 'c', type: 1 }, follow_info }] }))
      }),
    )
    const { client, sleeps } = clientOn(fake)

    const got = await client.batchGetByUser(userids)

    expect(got.items.map((i) => i.follow_info.userid)).toEqual(['u0'])
    expect(got.unlicensedUserids).toEqual(userids.slice(100))
    expect(fake.hits('/cgi-bin/externalcontact/batch/get_by_user')).toHaveLength(2)
    expect(sleeps).toEqual([])
  })

  it('listUserIds – two pages – follows next_cursor', async () => {
    const fake = fakeWecom((app) =>
      app.post('/cgi-bin/user/list_id', async (c) => {
        const { cursor } = (await c.req.json()) as { cursor: string }
        return c.json(
          cursor === ''
            ? ok({ dept_user: [{ userid: 'a', department: 1 }], next_cursor: 'p2' })
            : ok({ dept_user: [{ userid: 'b', department: 2 }] }),
        )
      }),
    )
    const { client } = clientOn(fake)

    expect(await client.listUserIds()).toEqual([{ userid: 'a', department: 1 }, { userid: 'b', department: 2 }])
  })
})

describe('createWecomClient – requests', () => {
  it('getGroupChat – posts chat_id with need_name 1, token in the query only', async () => {
    const chat = { chat_id: 'wrC', name: '群', owner: 'lisi', create_time: 1, member_list: [{ userid: 'lisi', type: 1 }] }
    const fake = fakeWecom((app) => app.post('/cgi-bin/externalcontact/groupchat/get', (c) => c.json(ok({ group_chat: chat }))))
    const { client } = clientOn(fake)

    expect(await client.getGroupChat('wrC')).toEqual(chat)
    const hit = fake.hits('/cgi-bin/externalcontact/groupchat/get')[0]!
    expect(hit.body).toEqual({ chat_id: 'wrC', need_name: 1 })
    expect(hit.query).toEqual({ access_token: 'tok-1' })
  })

  it('sendMessage – a textcard – adds the numeric agentid', async () => {
    const fake = fakeWecom((app) => app.post('/cgi-bin/message/send', (c) => c.json(ok({ invaliduser: '', msgid: 'm1' }))))
    const { client } = clientOn(fake)
    const card = { title: '提醒', description: '跟进', url: 'https://k.example.com/' }

    const got = await client.sendMessage({ touser: 'lisi', msgtype: 'textcard', textcard: card })

    expect(got).toEqual({ invaliduser: '', msgid: 'm1' })
    expect(fake.hits('/cgi-bin/message/send')[0]!.body).toEqual({
      touser: 'lisi', msgtype: 'textcard', textcard: card, agentid: 1000002,
    })
  })

  it('list and tag calls – hit the documented paths with their parameters', async () => {
    const group = { group_id: 'etG', group_name: 'G', create_time: 1, order: 0, tag: [{ id: 'etT', name: 'T', create_time: 1, order: 0 }] }
    const fake = fakeWecom((app) => {
      app.get('/cgi-bin/user/list', (c) => c.json(ok({ userlist: [user('lisi')] })))
      app.get('/cgi-bin/auth/getuserinfo', (c) => c.json(ok({ userid: 'lisi', user_ticket: 'x' })))
      app.get('/cgi-bin/externalcontact/get_follow_user_list', (c) => c.json(ok({ follow_user: ['lisi'] })))
      app.get('/cgi-bin/externalcontact/list', (c) => c.json(ok({ external_userid: ['wmA'] })))
      app.post('/cgi-bin/externalcontact/get_corp_tag_list', (c) => c.json(ok({ tag_group: [group] })))
      app.post('/cgi-bin/externalcontact/add_corp_tag', (c) => c.json(ok({ tag_group: group })))
      for (const p of ['edit_corp_tag', 'del_corp_tag', 'remark']) app.post(`/cgi-bin/externalcontact/${p}`, (c) => c.json(ok()))
    })
    const { client } = clientOn(fake)

    expect(await client.listUsers(7)).toEqual([user('lisi')])
    expect(await client.getUserInfo('CODE')).toEqual({ userid: 'lisi' })
    expect(await client.getFollowUserList()).toEqual(['lisi'])
    expect(await client.listExternalContacts('lisi')).toEqual(['wmA'])
    expect(await client.getCorpTagList({ group_id: ['etG'] })).toEqual([group])
    expect(await client.addCorpTag({ group_name: 'G', tag: [{ name: 'T' }] })).toEqual(group)
    await client.editCorpTag({ id: 'etT', name: 'T2' })
    await client.delCorpTag({ tag_id: ['etT'] })
    await client.remark({ userid: 'lisi', external_userid: 'wmA', remark: '老客户' })

    expect(fake.hits('/cgi-bin/user/list')[0]!.query.department_id).toBe('7')
    expect(fake.hits('/cgi-bin/auth/getuserinfo')[0]!.query.code).toBe('CODE')
    expect(fake.hits('/cgi-bin/externalcontact/list')[0]!.query.userid).toBe('lisi')
    expect(fake.hits('/cgi-bin/externalcontact/get_corp_tag_list')[0]!.body).toEqual({ group_id: ['etG'] })
    expect(fake.hits('/cgi-bin/externalcontact/edit_corp_tag')[0]!.body).toEqual({ id: 'etT', name: 'T2' })
    expect(fake.hits('/cgi-bin/externalcontact/del_corp_tag')[0]!.body).toEqual({ tag_id: ['etT'] })
    expect(fake.hits('/cgi-bin/externalcontact/remark')[0]!.body).toEqual({ userid: 'lisi', external_userid: 'wmA', remark: '老客户' })
  })

  it('apiBase with a path prefix and trailing slash – keeps the prefix', async () => {
    const sim = new Hono().route('/sim', fakeWecom((app) => app.get('/cgi-bin/department/list', (c) => c.json(ok({ department: [] })))).app)
    const { client } = clientOn({ app: sim }, { apiBase: `${API}/sim/` })

    expect(await client.listDepartments()).toEqual([])
  })
})

describe('createWecomClient – JS-SDK tickets', () => {
  function ticketFake() {
    let n = 0
    return fakeWecom((app) => {
      app.get('/cgi-bin/get_jsapi_ticket', (c) => c.json(ok({ ticket: `corp-${++n}`, expires_in: 7200 })))
      app.get('/cgi-bin/ticket/get', (c) =>
        c.req.query('type') === 'agent_config'
          ? c.json(ok({ ticket: `agent-${++n}`, expires_in: 7200 }))
          : c.json(fail(40058)),
      )
    })
  }

  it('tickets – corp and app – are distinct and each cached until 300 s before expiry', async () => {
    const fake = ticketFake()
    const { client, clock } = clientOn(fake)

    const [corp, agent] = await Promise.all([client.getJsapiTicket(), client.getAgentTicket()])
    await Promise.all([client.getJsapiTicket(), client.getAgentTicket()])
    clock.advance(7200 - 300)
    const corpLater = await client.getJsapiTicket()

    expect(corp).toEqual({ ticket: 'corp-1', expires_in: 7200 })
    expect(agent.ticket).toBe('agent-2')
    expect(corpLater.ticket).toBe('corp-3')
    expect(fake.hits('/cgi-bin/get_jsapi_ticket')).toHaveLength(2)
    expect(fake.hits('/cgi-bin/ticket/get')).toHaveLength(1)
    // The token has the same lifetime, so it was renewed along with the corp ticket.
    expect(fake.hits('/cgi-bin/gettoken')).toHaveLength(2)
  })

  it('tickets – 5 concurrent requests on a cold cache – one ticket call', async () => {
    const fake = ticketFake()
    const { client } = clientOn(fake)

    const got = await Promise.all(Array.from({ length: 5 }, () => client.getAgentTicket()))

    expect(new Set(got.map((t) => t.ticket)).size).toBe(1)
    expect(fake.hits('/cgi-bin/ticket/get')).toHaveLength(1)
  })

  it('tickets – a cached ticket – reports the seconds it has left', async () => {
    const { client, clock } = clientOn(ticketFake())

    await client.getJsapiTicket()
    clock.advance(1000)

    expect((await client.getJsapiTicket()).expires_in).toBe(6200)
  })
})
