import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ERR } from './errors'
import { DEMO_CORP, getToken, makeTestSim, wecomCaller, type WecomReply } from './testing'

const json = async (res: Response) => (await res.json()) as WecomReply
const tokenPath = (corpid: string = DEMO_CORP.corpId, secret: string = DEMO_CORP.agentSecret) =>
  `/cgi-bin/gettoken?corpid=${corpid}&corpsecret=${secret}`

describe('gettoken and access tokens', () => {
  it('gettoken – called twice while valid – returns the same token with 7200 s', async () => {
    const { sim, clock } = makeTestSim()

    const first = await json(await sim.app.request(tokenPath()))
    clock.advance(100)
    const second = await json(await sim.app.request(tokenPath()))

    expect(first).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 })
    expect(second.access_token).toBe(first.access_token)
    expect(second.expires_in).toBe(7100)
  })

  it('gettoken – wrong secret, wrong corpid, missing corpid – 40001, 40013, 41002', async () => {
    const { sim } = makeTestSim()

    expect((await json(await sim.app.request(tokenPath(DEMO_CORP.corpId, 'nope')))).errcode).toBe(40001)
    expect((await json(await sim.app.request(tokenPath('wwother', DEMO_CORP.agentSecret)))).errcode).toBe(40013)
    expect((await json(await sim.app.request('/cgi-bin/gettoken?corpsecret=x'))).errcode).toBe(41002)
  })

  it('api call – missing, unknown token – 41001, 40014 with HTTP 200', async () => {
    const { sim } = makeTestSim()

    const missing = await sim.app.request('/cgi-bin/department/list')
    const unknown = await sim.app.request('/cgi-bin/department/list?access_token=bogus')

    expect(missing.status).toBe(200)
    expect((await json(missing)).errcode).toBe(ERR.MISSING_TOKEN)
    expect((await json(unknown)).errcode).toBe(ERR.INVALID_TOKEN)
  })

  it('api call – token older than 7200 s – 42001, and gettoken issues a new one', async () => {
    const { sim, clock } = makeTestSim()
    const token = await getToken(sim)

    clock.advance(7200)
    const res = await json(await sim.app.request(`/cgi-bin/department/list?access_token=${token}`))
    const fresh = await getToken(sim)

    expect(res.errcode).toBe(ERR.TOKEN_EXPIRED)
    expect(fresh).not.toBe(token)
  })

  it('faults.expireTokens – valid token – next call answers 42001', async () => {
    const { sim } = makeTestSim()
    const token = await getToken(sim)

    sim.faults.expireTokens()
    const res = await json(await sim.app.request(`/cgi-bin/department/list?access_token=${token}`))

    expect(res.errcode).toBe(42001)
  })

  it('tokens – simulator reopened on the same file – the token is still valid', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'kelan-sim-')), 'sim.db')
    const first = makeTestSim({ dbPath })
    const token = await getToken(first.sim)
    first.sim.close()

    const second = makeTestSim({ dbPath, clock: first.clock })
    const res = await json(await second.sim.app.request(`/cgi-bin/department/list?access_token=${token}`))
    second.sim.close()

    expect(res.errcode).toBe(0)
  })
})

describe('tickets', () => {
  it('get_jsapi_ticket and ticket/get – called twice – distinct corp and app tickets, each stable', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)

    const corp1 = await call('/cgi-bin/get_jsapi_ticket')
    const app1 = await call('/cgi-bin/ticket/get?type=agent_config')
    const corp2 = await call('/cgi-bin/get_jsapi_ticket')
    const app2 = await call('/cgi-bin/ticket/get?type=agent_config')

    expect(corp1).toMatchObject({ errcode: 0, expires_in: 7200 })
    expect(app1.ticket).not.toBe(corp1.ticket)
    expect(corp2.ticket).toBe(corp1.ticket)
    expect(app2.ticket).toBe(app1.ticket)
  })

  it('ticket/get – another type – 40058', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)

    expect((await call('/cgi-bin/ticket/get?type=wx_card')).errcode).toBe(40058)
  })
})

describe('org chart', () => {
  it('department/list – with and without id – whole tree, or the subtree', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)

    const all = await call('/cgi-bin/department/list')
    const sales1 = await call('/cgi-bin/department/list?id=2')
    const unknown = await call('/cgi-bin/department/list?id=999')

    expect(all.department.map((d: { id: number }) => d.id)).toEqual([1, 2, 3, 4, 5])
    expect(sales1.department.map((d: { id: number }) => d.id)).toEqual([2, 5])
    expect(sales1.department[0].department_leader).toEqual(['wangfang'])
    expect(unknown.errcode).toBe(60123)
  })

  it('user/list – department 2 with and without children – members, privacy fields stripped', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)

    const direct = await call('/cgi-bin/user/list?department_id=2')
    const withChildren = await call('/cgi-bin/user/list?department_id=2&fetch_child=1')

    expect(direct.userlist.map((u: { userid: string }) => u.userid)).toEqual(['wangfang', 'lina', 'chenjing'])
    expect(withChildren.userlist).toHaveLength(5)
    expect(direct.userlist[0]).not.toHaveProperty('avatar')
    expect(direct.userlist[0]).not.toHaveProperty('mobile')
  })

  it('user/get – known, unknown, privacy switch off – member, 60111, avatar included', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)

    const lina = await call('/cgi-bin/user/get?userid=lina')
    const nobody = await call('/cgi-bin/user/get?userid=nobody')
    sim.settings.stripMemberPrivacy = false
    const full = await call('/cgi-bin/user/get?userid=wangfang')

    expect(lina).toMatchObject({ errcode: 0, userid: 'lina', name: '李娜', department: [2], is_leader_in_dept: [0] })
    expect(nobody.errcode).toBe(60111)
    expect(full).toMatchObject({ is_leader_in_dept: [1], avatar: '/sim/avatar/wangfang.svg', gender: '2' })
  })

  it('user/list_id – limit 5 – pages through every membership with next_cursor', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)

    const rows: unknown[] = []
    let cursor = ''
    do {
      const page = await call('/cgi-bin/user/list_id', { cursor, limit: 5 })
      rows.push(...page.dept_user)
      cursor = page.next_cursor
    } while (cursor)

    expect(rows).toHaveLength(12)
    expect(rows).toContainEqual({ userid: 'lina', department: 2 })
  })
})

describe('message/send', () => {
  it('message/send – one valid, one invalid user – sends, reports invaliduser, records it', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)

    const res = await call('/cgi-bin/message/send', {
      touser: 'lina|Ghost', msgtype: 'text', agentid: Number(DEMO_CORP.agentId), text: { content: '客户张三明天生日' },
    })
    const log = (await (await sim.app.request('/_control/messages?userid=lina')).json()) as { body: unknown }[]

    expect(res).toMatchObject({ errcode: 0, invaliduser: 'ghost' })
    expect(res.msgid).toEqual(expect.any(String))
    expect(log[0]?.body).toMatchObject({ text: { content: '客户张三明天生日' } })
  })

  it('message/send – all recipients invalid, empty text, wrong agent – 81013, 44004, 40056', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)
    const base = { msgtype: 'text', agentid: DEMO_CORP.agentId, text: { content: 'hi' } }

    expect((await call('/cgi-bin/message/send', { ...base, touser: 'ghost' })).errcode).toBe(81013)
    expect((await call('/cgi-bin/message/send', { ...base, touser: 'lina', text: { content: ' ' } })).errcode).toBe(44004)
    expect((await call('/cgi-bin/message/send', { ...base, touser: 'lina', agentid: 1 })).errcode).toBe(40056)
  })

  it('message/send – textcard to a department – reaches its members', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)

    const res = await call('/cgi-bin/message/send', {
      toparty: '4', msgtype: 'textcard', agentid: DEMO_CORP.agentId,
      textcard: { title: '跟进提醒', description: '<div class="gray">今天</div>', url: 'https://kelan.example/x' },
    })
    const forSunli = (await (await sim.app.request('/_control/messages?userid=sunli')).json()) as unknown[]

    expect(res.errcode).toBe(0)
    expect(forSunli).toHaveLength(1)
  })

  it('message/send – body not JSON, field of the wrong type – 47001, 40058', async () => {
    const { sim } = makeTestSim()
    const token = await getToken(sim)
    const post = (body: string) => sim.app.request(`/cgi-bin/message/send?access_token=${token}`, { method: 'POST', body })

    expect((await json(await post('{not json'))).errcode).toBe(47001)
    expect((await json(await post(JSON.stringify({ touser: 'lina', msgtype: 'text', agentid: [] })))).errcode).toBe(40058)
  })
})

describe('media/upload', () => {
  it('media/upload – an image – returns media_id, type and created_at as a string; media/get returns it', async () => {
    const { sim } = makeTestSim()
    const token = await getToken(sim)
    const form = new FormData()
    form.append('media', new File([new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])], 'a.png', { type: 'image/png' }))

    const res = await json(await sim.app.request(`/cgi-bin/media/upload?access_token=${token}&type=image`, { method: 'POST', body: form }))
    const file = await sim.app.request(`/cgi-bin/media/get?access_token=${token}&media_id=${res.media_id}`)

    expect(res).toMatchObject({ errcode: 0, type: 'image', created_at: '1750000000' })
    expect(new Uint8Array(await file.arrayBuffer())[1]).toBe(80)
  })

  it('media/upload – bad type, no file, tiny file – 40004, 41005, 40006', async () => {
    const { sim } = makeTestSim()
    const token = await getToken(sim)
    const upload = (type: string, file?: File) => {
      const form = new FormData()
      if (file) form.append('media', file)
      return sim.app.request(`/cgi-bin/media/upload?access_token=${token}&type=${type}`, { method: 'POST', body: form })
    }

    expect((await json(await upload('gif', new File(['123456'], 'a.gif')))).errcode).toBe(40004)
    expect((await json(await upload('file'))).errcode).toBe(41005)
    expect((await json(await upload('file', new File(['123'], 'a.txt')))).errcode).toBe(40006)
  })
})

describe('faults', () => {
  it('faults.failWith – 2 calls – errcode twice, then normal replies', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)

    sim.faults.failWith('/cgi-bin/user/get', -1, 2)
    const replies = [await call('/cgi-bin/user/get?userid=lina'), await call('/cgi-bin/user/get?userid=lina'), await call('/cgi-bin/user/get?userid=lina')]

    expect(replies.map((r) => r.errcode)).toEqual([-1, -1, 0])
    expect(sim.faults.list()).toHaveLength(0)
  })

  it('faults.failWith – until cleared – applies to gettoken too, stops after clear', async () => {
    const { sim } = makeTestSim()

    sim.faults.failWith('/cgi-bin/gettoken', 45009)
    const blocked = [await json(await sim.app.request(tokenPath())), await json(await sim.app.request(tokenPath()))]
    sim.faults.clear()
    const after = await json(await sim.app.request(tokenPath()))

    expect(blocked.map((r) => r.errcode)).toEqual([45009, 45009])
    expect(after.errcode).toBe(0)
  })

  it('faults.httpError – once – HTTP 502, then 200', async () => {
    const { sim } = makeTestSim()
    const token = await getToken(sim)

    sim.faults.httpError('/cgi-bin/department/list', 502, 1)
    const first = await sim.app.request(`/cgi-bin/department/list?access_token=${token}`)
    const second = await sim.app.request(`/cgi-bin/department/list?access_token=${token}`)

    expect(first.status).toBe(502)
    expect(second.status).toBe(200)
  })

  it('faults.slow – 150 ms on every path – reply is delayed', async () => {
    const { sim } = makeTestSim()
    const token = await getToken(sim)

    sim.faults.slow('*', 150, 1)
    const started = performance.now()
    const res = await json(await sim.app.request(`/cgi-bin/department/list?access_token=${token}`))

    expect(res.errcode).toBe(0)
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
  })

  it('faults.add – no effect given – rejected', () => {
    const { sim } = makeTestSim()

    expect(() => sim.faults.add({ path: '/cgi-bin/user/get' })).toThrow()
  })
})
