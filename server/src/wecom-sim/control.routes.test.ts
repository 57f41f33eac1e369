import { describe, expect, it } from 'vitest'
import type { ControlChats, ControlStaff } from './control.routes'
import { getToken, jsonInit, makeTestSim, wecomCaller } from './testing'

const body = async <T>(res: Response) => (await res.json()) as T

describe('control API', () => {
  it('GET staff – demo corp – 12 people with avatar, department names and role hints', async () => {
    const { sim } = makeTestSim()

    const staff = await body<ControlStaff[]>(await sim.app.request('/_control/staff'))

    expect(staff).toHaveLength(12)
    expect(staff.find((s) => s.userid === 'zhangwei')).toMatchObject({ role: 'admin', avatar: '/sim/avatar/zhangwei.svg' })
    expect(staff.filter((s) => s.role === 'manager').map((s) => s.userid)).toEqual(['wangfang', 'liuyang'])
    expect(staff.find((s) => s.userid === 'yanglei')?.departments).toEqual(['大客户组'])
  })

  it('POST session – known and unknown staff – sets an httpOnly cookie on /, 404', async () => {
    const { sim } = makeTestSim()

    const ok = await sim.app.request('/_control/session', jsonInit({ userid: 'lina' }))
    const unknown = await sim.app.request('/_control/session', jsonInit({ userid: 'ghost' }))

    expect(ok.status).toBe(200)
    expect(ok.headers.get('set-cookie')).toMatch(/^kelan_sim_user=lina;.*Path=\/.*HttpOnly/i)
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toMatchObject({ error: { code: 'NOT_FOUND' } })
  })

  it('POST session – missing userid – 400 in Kelan error shape', async () => {
    const { sim } = makeTestSim()

    const res = await sim.app.request('/_control/session', jsonInit({}))

    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } })
  })

  it('POST session – body that is not JSON – 400 in Kelan error shape, not 500', async () => {
    const { sim } = makeTestSim()

    const res = await sim.app.request('/_control/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{userid' })

    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } })
  })

  it('GET chats – lina – her customers (newest first) and her group chats with member counts', async () => {
    const { sim } = makeTestSim()
    const mine = sim.db.prepare("SELECT count(*) AS n FROM relations WHERE userid = 'lina'").get() as { n: number }

    const chats = await body<ControlChats>(await sim.app.request('/_control/chats?userid=lina'))
    const missing = await sim.app.request('/_control/chats')

    expect(chats.customers).toHaveLength(mine.n)
    expect(chats.customers[0]).toEqual({
      external_userid: expect.stringMatching(/^wm/), name: expect.any(String), avatar: expect.stringMatching(/^\/sim\/avatar\/wm/),
      type: expect.any(Number), corp_name: expect.any(String),
    })
    expect(chats.groups.length).toBeGreaterThanOrEqual(2)
    expect(chats.groups[0]!.member_count).toBeGreaterThan(1)
    expect(missing.status).toBe(404)
  })

  it('POST add-customer – lina – a new customer at the top of her chats, visible through the API', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)

    const added = await body<{ external_contact: { external_userid: string } }>(
      await sim.app.request('/_control/add-customer', jsonInit({ userid: 'lina' })),
    )
    const id = added.external_contact.external_userid
    const chats = await body<ControlChats>(await sim.app.request('/_control/chats?userid=lina'))
    const detail = await call(`/cgi-bin/externalcontact/get?external_userid=${id}`)

    expect(chats.customers[0]!.external_userid).toBe(id)
    expect(detail.follow_user).toEqual([expect.objectContaining({ userid: 'lina', add_way: 1, state: 'demo', oper_userid: id })])
    expect(sim.counts().customers).toBe(41)
  })

  it('POST add-customer with a unionid – a WeChat user (type 1) carrying it, add_external_contact pushed', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)

    const res = await sim.app.request('/_control/add-customer', jsonInit({ userid: 'lina', unionid: 'oNEW_unionid-1' }))
    const id = (await body<{ external_contact: { external_userid: string } }>(res)).external_contact.external_userid
    const detail = await call(`/cgi-bin/externalcontact/get?external_userid=${id}`)

    expect(res.status).toBe(200)
    expect(detail.external_contact).toMatchObject({ type: 1, unionid: 'oNEW_unionid-1' })
    expect(sim.callbacks.log().map((d) => d.event)).toEqual([expect.objectContaining({ changeType: 'add_external_contact', userid: 'lina', externalUserid: id })])
  })

  it('POST add-customer with a unionid another customer has – 400; malformed unionid – 400', async () => {
    const { sim } = makeTestSim()
    const taken = (sim.db.prepare('SELECT unionid FROM customers WHERE unionid IS NOT NULL LIMIT 1').get() as { unionid: string }).unionid

    const clash = await sim.app.request('/_control/add-customer', jsonInit({ userid: 'lina', unionid: taken }))
    const bad = await sim.app.request('/_control/add-customer', jsonInit({ userid: 'lina', unionid: 'has space' }))

    expect(clash.status).toBe(400)
    expect(await clash.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } })
    expect(bad.status).toBe(400)
    expect(sim.counts().customers).toBe(40)
  })

  it('POST add-existing-customer – a customer lina does not have – new relation (no tags, no remark), add_external_contact pushed', async () => {
    const { sim, clock } = makeTestSim()
    const call = await wecomCaller(sim)
    const id = (sim.db.prepare("SELECT external_userid FROM customers WHERE external_userid NOT IN (SELECT external_userid FROM relations WHERE userid = 'lina') LIMIT 1").get() as { external_userid: string }).external_userid

    const res = await sim.app.request('/_control/add-existing-customer', jsonInit({ userid: 'lina', external_userid: id }))
    const detail = await call(`/cgi-bin/externalcontact/get?external_userid=${id}`)

    expect(res.status).toBe(200)
    expect(detail.follow_user).toContainEqual(expect.objectContaining({ userid: 'lina', remark: '', tags: [], createtime: clock.now(), state: 'demo' }))
    expect(sim.callbacks.log().map((d) => d.event)).toEqual([expect.objectContaining({ changeType: 'add_external_contact', userid: 'lina', externalUserid: id })])
  })

  it('POST add-existing-customer – already her customer 400, unknown customer 404, unknown member 404', async () => {
    const { sim } = makeTestSim()
    const mine = (sim.db.prepare("SELECT external_userid FROM relations WHERE userid = 'lina' LIMIT 1").get() as { external_userid: string }).external_userid

    const again = await sim.app.request('/_control/add-existing-customer', jsonInit({ userid: 'lina', external_userid: mine }))
    const unknown = await sim.app.request('/_control/add-existing-customer', jsonInit({ userid: 'lina', external_userid: 'wmNOBODY' }))
    const ghost = await sim.app.request('/_control/add-existing-customer', jsonInit({ userid: 'ghost', external_userid: mine }))

    expect([again.status, unknown.status, ghost.status]).toEqual([400, 404, 404])
    expect(sim.callbacks.log()).toEqual([])
  })

  it('POST staff-edit – tag and remark – stored and one edit_external_contact pushed', async () => {
    const { sim } = makeTestSim()
    const rel = sim.db.prepare('SELECT userid, external_userid FROM relations LIMIT 1').get() as { userid: string; external_userid: string }
    const levelTag = (sim.db.prepare("SELECT id FROM tags WHERE name = 'VIP客户'").get() as { id: string }).id

    const res = await sim.app.request('/_control/staff-edit', jsonInit({ ...rel, add_tag: [levelTag], remark: '贵宾' }))
    const record = await body<{ follow_user: { userid: string; remark: string; tags: { tag_id: string }[] }[] }>(res)
    const mine = record.follow_user.find((f) => f.userid === rel.userid)!

    expect(res.status).toBe(200)
    expect(mine.remark).toBe('贵宾')
    expect(mine.tags.map((t) => t.tag_id)).toContain(levelTag)
    expect(sim.callbacks.log().map((d) => d.event.changeType)).toEqual(['edit_external_contact'])
  })

  it('POST staff-edit – nothing to change, no relation, unknown tag – 400, 404, 400', async () => {
    const { sim } = makeTestSim()
    const rel = sim.db.prepare('SELECT userid, external_userid FROM relations LIMIT 1').get() as { userid: string; external_userid: string }

    const nothing = await sim.app.request('/_control/staff-edit', jsonInit(rel))
    const stranger = await sim.app.request('/_control/staff-edit', jsonInit({ ...rel, userid: 'ghost', remark: 'x' }))
    const badTag = await sim.app.request('/_control/staff-edit', jsonInit({ ...rel, add_tag: ['etnope'] }))

    expect([nothing.status, stranger.status, badTag.status]).toEqual([400, 404, 400])
    expect(await badTag.json()).toMatchObject({ error: { errcode: 40068 } })
  })

  it('POST staff-deletes-customer – twice – relation gone, second time 404', async () => {
    const { sim } = makeTestSim()
    const rel = sim.db.prepare('SELECT userid, external_userid FROM relations LIMIT 1').get() as { userid: string; external_userid: string }

    const first = await sim.app.request('/_control/staff-deletes-customer', jsonInit(rel))
    const second = await sim.app.request('/_control/staff-deletes-customer', jsonInit(rel))

    expect([first.status, second.status]).toEqual([200, 404])
  })

  it('GET customers/:id – known and unknown – full record with every follower, 404', async () => {
    const { sim } = makeTestSim()
    const row = sim.db
      .prepare('SELECT external_userid, count(*) AS n FROM relations GROUP BY external_userid ORDER BY n DESC LIMIT 1')
      .get() as { external_userid: string; n: number }

    const record = await body<{ follow_user: unknown[] }>(await sim.app.request(`/_control/customers/${row.external_userid}`))
    const unknown = await sim.app.request('/_control/customers/wmnope')

    expect(record.follow_user).toHaveLength(row.n)
    expect(unknown.status).toBe(404)
  })

  it('faults over HTTP – add, list, use, delete – same effect as sim.faults', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)

    const added = await sim.app.request('/_control/faults', jsonInit({ path: '/cgi-bin/user/get', errcode: 60020 }))
    const listed = await body<unknown[]>(await sim.app.request('/_control/faults'))
    const failed = await call('/cgi-bin/user/get?userid=lina')
    await sim.app.request('/_control/faults', { method: 'DELETE' })
    const recovered = await call('/cgi-bin/user/get?userid=lina')
    const invalid = await sim.app.request('/_control/faults', jsonInit({ path: 'user/get', errcode: 1 }))

    expect(added.status).toBe(200)
    expect(listed).toHaveLength(1)
    expect([failed.errcode, recovered.errcode]).toEqual([60020, 0])
    expect(invalid.status).toBe(400)
  })

  it('POST expire-tokens – valid token – next API call 42001', async () => {
    const { sim } = makeTestSim()
    const token = await getToken(sim)

    await sim.app.request('/_control/expire-tokens', { method: 'POST' })
    const res = (await (await sim.app.request(`/cgi-bin/user/get?userid=lina&access_token=${token}`)).json()) as { errcode: number }

    expect(res.errcode).toBe(42001)
  })

  it('PATCH settings – page size 1 – externalcontact/get pages by one', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)
    const row = sim.db
      .prepare('SELECT external_userid FROM relations GROUP BY external_userid HAVING count(*) > 1 LIMIT 1')
      .get() as { external_userid: string }

    const res = await sim.app.request('/_control/settings', jsonInit({ followUserPageSize: 1 }, 'PATCH'))
    const page = await call(`/cgi-bin/externalcontact/get?external_userid=${row.external_userid}`)

    expect(res.status).toBe(200)
    expect(page.follow_user).toHaveLength(1)
    expect(page.next_cursor).not.toBe('')
  })

  it('PATCH settings – unlicensed member, then a bad list – batch answers 701008 for them; 400 VALIDATION_FAILED', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)

    const res = await sim.app.request('/_control/settings', jsonInit({ unlicensedUserids: ['lina'] }, 'PATCH'))
    const batch = await call('/cgi-bin/externalcontact/batch/get_by_user', { userid_list: ['lina'] })
    const bad = await sim.app.request('/_control/settings', jsonInit({ unlicensedUserids: [''] }, 'PATCH'))

    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ unlicensedUserids: ['lina'] })
    expect(batch.errcode).toBe(701008)
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } })
    expect(sim.settings.unlicensedUserids).toEqual(['lina'])
  })

  it('GET avatar – staff and customer ids, unknown id – SVG with the first character, 404', async () => {
    const { sim } = makeTestSim()
    const customer = sim.db.prepare('SELECT external_userid, name FROM customers LIMIT 1').get() as { external_userid: string; name: string }

    const staff = await sim.app.request('/avatar/lina.svg')
    const cust = await sim.app.request(`/avatar/${customer.external_userid}.svg`)
    const unknown = await sim.app.request('/avatar/nobody.svg')

    expect(staff.headers.get('content-type')).toMatch(/^image\/svg\+xml/)
    expect(await staff.text()).toContain('>李</text>')
    expect(await cust.text()).toContain(`>${Array.from(customer.name)[0]}</text>`)
    expect(unknown.status).toBe(404)
  })
})
