/**
 * Kelan's real WecomClient against the real WeCom simulator (in process, ':memory:'): every
 * method's happy path on the demo corp, then the failures WeCom produces (busy, frequency
 * limit, HTTP 5xx, slow replies, expired tokens, bad parameters) injected through
 * `sim.faults`. The client's sleep is instant and recorded, so backoff costs nothing.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Simulator } from '../wecom-sim'
import { makeTestSim, simWecomClient } from '../wecom-sim/testing'
import { caughtWecomError as caught } from '../test/wecom-errors'
import type { RetryPolicy } from './client'
import type { WecomTagGroup } from './types'

const RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 100, maxDelayMs: 1000 }

/** Requests still running when a test ends (a slow fault outlives its timed-out call). */
let inflight: Promise<unknown>[] = []
let open: Simulator | undefined

afterEach(async () => {
  await Promise.allSettled(inflight)
  inflight = []
  open?.close()
  open = undefined
})

/**
 * A fresh simulator and a client on it. Every request the client sends is recorded by path;
 * every backoff pause by its length.
 */
function setup(opts: { customers?: number; timeoutMs?: number } = {}) {
  const { sim, clock } = makeTestSim(opts.customers === undefined ? {} : { customers: opts.customers })
  open = sim
  const paths: string[] = []
  const sleeps: number[] = []
  const client = simWecomClient(sim, {
    fetch: (input, init) => {
      paths.push(new URL(input instanceof Request ? input.url : String(input)).pathname)
      const res = Promise.resolve(sim.app.request(input, init))
      inflight.push(res)
      return res
    },
    clock,
    timeoutMs: opts.timeoutMs ?? 5000,
    retry: RETRY,
    sleep: async (ms) => void sleeps.push(ms),
  })
  const count = (path: string) => paths.filter((p) => p === path).length
  return { sim, clock, client, paths, sleeps, count }
}

const rows = <T>(sim: Simulator, query: string, ...params: unknown[]) => sim.db.prepare(query).all(...params) as T[]

/** A customer with at least `n` followers, and those followers. */
function customerWithFollowers(sim: Simulator, n: number) {
  const [row] = rows<{ id: string; f: string }>(
    sim,
    'SELECT external_userid AS id, group_concat(userid) AS f FROM relations GROUP BY external_userid HAVING count(*) >= ? LIMIT 1',
    n,
  )
  if (!row) throw new Error(`no customer with ${n} followers`)
  return { externalUserid: row.id, followers: row.f.split(',') }
}

const groupNamed = (groups: WecomTagGroup[], name: string) => {
  const group = groups.find((g) => g.group_name === name)
  if (!group) throw new Error(`no tag group ${name}`)
  return group
}

describe('WecomClient against the simulator – org chart and sign-in', () => {
  it('listDepartments, listUsers, getUser – demo corp – what the simulator holds', async () => {
    const { sim, client } = setup()
    const staff = rows<{ userid: string; name: string }>(sim, 'SELECT userid, name FROM staff')

    const departments = await client.listDepartments()
    const lists = await Promise.all(departments.map((d) => client.listUsers(d.id)))
    const lina = await client.getUser('lina')

    expect(departments.map((d) => d.id).sort()).toEqual(rows<{ id: number }>(sim, 'SELECT id FROM departments ORDER BY id').map((r) => r.id))
    expect(departments.find((d) => d.id === 2)?.department_leader).toEqual(['wangfang'])
    expect(new Set(lists.flat().map((u) => u.userid))).toEqual(new Set(staff.map((s) => s.userid)))
    expect(lina).toMatchObject({ userid: 'lina', name: staff.find((s) => s.userid === 'lina')?.name, department: [2] })
  })

  it('listUserIds – demo corp – every member once per department', async () => {
    const { sim, client } = setup()

    const ids = await client.listUserIds()

    expect(new Set(ids.map((i) => i.userid)).size).toBe(sim.counts().staff)
    expect(ids).toContainEqual({ userid: 'yanglei', department: 5 })
  })

  it('getUserInfo – a code from the OAuth redirect, then the same code again – userid, then 40029 without retry', async () => {
    const { sim, client, count } = setup()
    const query = new URLSearchParams({
      appid: sim.corp.corpId, redirect_uri: 'http://kelan.test/auth', response_type: 'code', scope: 'snsapi_base', state: 's1', pick: 'lina',
    })
    const redirect = await sim.app.request(`/connect/oauth2/authorize?${query}`)
    const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? ''

    const info = await client.getUserInfo(code)
    const reused = await caught(client.getUserInfo(code))

    expect(info.userid).toBe('lina')
    expect(reused).toMatchObject({ errcode: 40029, retryable: false, path: '/cgi-bin/auth/getuserinfo' })
    expect(count('/cgi-bin/auth/getuserinfo')).toBe(2)
  })
})

describe('WecomClient against the simulator – customers', () => {
  it('getFollowUserList, listExternalContacts – demo corp – every member; lina\'s customers', async () => {
    const { sim, client } = setup()
    const expected = rows<{ id: string }>(sim, 'SELECT external_userid AS id FROM relations WHERE userid = ?', 'lina').map((r) => r.id)

    const followers = await client.getFollowUserList()
    const ids = await client.listExternalContacts('lina')

    expect(followers).toHaveLength(sim.counts().staff)
    expect(ids.length).toBeGreaterThan(0)
    expect([...ids].sort()).toEqual([...expected].sort())
  })

  it('getExternalContact – follow_user pages of one – every follower collected, one request per page', async () => {
    const { sim, client, count } = setup()
    sim.settings.followUserPageSize = 1
    const { externalUserid, followers } = customerWithFollowers(sim, 3)

    const detail = await client.getExternalContact(externalUserid)

    expect(detail.external_contact.external_userid).toBe(externalUserid)
    expect(detail.follow_user.map((f) => f.userid).sort()).toEqual([...followers].sort())
    expect(count('/cgi-bin/externalcontact/get')).toBe(followers.length)
  })

  it('batchGetByUser – all 12 members, 900 relations – pages of 100 followed to the end, each relation once', async () => {
    const { sim, client, count } = setup({ customers: 300 })
    const userids = await client.getFollowUserList()

    const { items, unlicensedUserids } = await client.batchGetByUser(userids)

    const keys = items.map((i) => `${i.follow_info.userid}/${i.external_contact.external_userid}`)
    expect(sim.counts().relations).toBeGreaterThan(300)
    expect(keys).toHaveLength(sim.counts().relations)
    expect(new Set(keys).size).toBe(keys.length)
    expect(count('/cgi-bin/externalcontact/batch/get_by_user')).toBe(Math.ceil(keys.length / 100))
    expect(items.every((i) => Array.isArray(i.follow_info.tag_id))).toBe(true)
    expect(unlicensedUserids).toEqual([])
  })

  it('batchGetByUser – one member without an interop licence – their relations left out and reported', async () => {
    const { sim, client } = setup()
    sim.settings.unlicensedUserids = ['zhaomin']

    const { items, unlicensedUserids } = await client.batchGetByUser(['lina', 'zhaomin'])

    expect(unlicensedUserids).toEqual(['zhaomin'])
    expect(items.length).toBe(rows(sim, 'SELECT 1 FROM relations WHERE userid = ?', 'lina').length)
    expect(items.every((i) => i.follow_info.userid === 'lina')).toBe(true)
  })

  it('markTag – a follower, then someone who does not follow the customer – tag applied; 84061 without retry', async () => {
    const { sim, client, count } = setup()
    const { externalUserid, followers } = customerWithFollowers(sim, 1)
    const userid = followers[0]!
    const stranger = rows<{ userid: string }>(
      sim,
      'SELECT userid FROM staff WHERE userid NOT IN (SELECT userid FROM relations WHERE external_userid = ?) LIMIT 1',
      externalUserid,
    )[0]!.userid
    const risk = groupNamed(await client.getCorpTagList(), '客户标记').tag[0]!.id

    await client.markTag({ userid, external_userid: externalUserid, add_tag: [risk] })
    const err = await caught(client.markTag({ userid: stranger, external_userid: externalUserid, add_tag: [risk] }))
    const detail = await client.getExternalContact(externalUserid)

    const tagsOf = detail.follow_user.find((f) => f.userid === userid)?.tags?.map((t) => t.tag_id)
    expect(tagsOf).toContain(risk)
    expect(err).toMatchObject({ errcode: 84061, retryable: false, path: '/cgi-bin/externalcontact/mark_tag' })
    expect(count('/cgi-bin/externalcontact/mark_tag')).toBe(2)
  })

  it('remark – remark and description on a relation – the simulator stores both', async () => {
    const { sim, client } = setup()
    const { externalUserid, followers } = customerWithFollowers(sim, 1)
    const userid = followers[0]!

    await client.remark({ userid, external_userid: externalUserid, remark: '王总', description: '年底续约' })

    const record = (await (await sim.app.request(`/_control/customers/${externalUserid}`)).json()) as {
      follow_user: { userid: string; remark: string; description: string }[]
    }
    expect(record.follow_user.find((f) => f.userid === userid)).toMatchObject({ remark: '王总', description: '年底续约' })
  })

  it('getGroupChat – a demo group chat – name, owner and members', async () => {
    const { sim, client } = setup()
    const chat = rows<{ chat_id: string; name: string; owner: string }>(sim, 'SELECT chat_id, name, owner FROM group_chats LIMIT 1')[0]!
    const members = rows(sim, 'SELECT 1 FROM group_members WHERE chat_id = ?', chat.chat_id).length

    const got = await client.getGroupChat(chat.chat_id)

    expect(got).toMatchObject({ chat_id: chat.chat_id, name: chat.name, owner: chat.owner })
    expect(got.member_list).toHaveLength(members)
  })
})

describe('WecomClient against the simulator – corp tags', () => {
  it('getCorpTagList – no filter, by group_id – every live group; only that group', async () => {
    const { sim, client } = setup()

    const all = await client.getCorpTagList()
    const level = groupNamed(all, '客户等级')
    const filtered = await client.getCorpTagList({ group_id: [level.group_id] })

    expect(all).toHaveLength(sim.counts().tagGroups)
    expect(all.flatMap((g) => g.tag)).toHaveLength(sim.counts().tags)
    expect(filtered.map((g) => g.group_id)).toEqual([level.group_id])
  })

  it('addCorpTag, editCorpTag, delCorpTag – a group the app creates – created, renamed, gone', async () => {
    const { client } = setup()

    const added = await client.addCorpTag({ group_name: '购买意向', tag: [{ name: '年费' }, { name: '月费' }] })
    await client.editCorpTag({ id: added.tag[0]!.id, name: '年付' })
    const renamed = groupNamed(await client.getCorpTagList(), '购买意向')
    await client.delCorpTag({ group_id: [added.group_id] })
    const after = await client.getCorpTagList()

    expect(added.tag.map((t) => t.name)).toEqual(['年费', '月费'])
    expect(renamed.tag.map((t) => t.name).sort()).toEqual(['年付', '月费'].sort())
    expect(after.some((g) => g.group_id === added.group_id)).toBe(false)
  })

  it('editCorpTag, delCorpTag – a tag created in the admin console – 301002, not retryable, one request each', async () => {
    const { client, count } = setup()
    const consoleTag = groupNamed(await client.getCorpTagList(), '客户等级').tag[0]!

    const edit = await caught(client.editCorpTag({ id: consoleTag.id, name: '改名' }))
    const del = await caught(client.delCorpTag({ tag_id: [consoleTag.id] }))

    expect(edit).toMatchObject({ errcode: 301002, retryable: false, path: '/cgi-bin/externalcontact/edit_corp_tag' })
    expect(del).toMatchObject({ errcode: 301002, retryable: false, path: '/cgi-bin/externalcontact/del_corp_tag' })
    expect(count('/cgi-bin/externalcontact/edit_corp_tag')).toBe(1)
    expect(count('/cgi-bin/externalcontact/del_corp_tag')).toBe(1)
  })
})

describe('WecomClient against the simulator – messages and tickets', () => {
  it('sendMessage – a text and a textcard to lina – msgids, recorded by the simulator', async () => {
    const { sim, client } = setup()

    const text = await client.sendMessage({ touser: 'lina', msgtype: 'text', text: { content: '客户王总已添加您' } })
    const card = await client.sendMessage({
      touser: 'lina|ghost',
      msgtype: 'textcard',
      textcard: { title: '跟进提醒', description: '今天联系王总', url: 'http://kelan.test/#/c/1' },
    })

    const sent = (await (await sim.app.request('/_control/messages?userid=lina')).json()) as { msgid: string }[]
    expect(text.msgid).toBeTruthy()
    expect(card.invaliduser).toBe('ghost')
    expect(sent.map((m) => m.msgid).sort()).toEqual([text.msgid, card.msgid].sort())
  })

  it('getJsapiTicket, getAgentTicket – called twice each – two different tickets, each fetched once', async () => {
    const { client, count } = setup()

    const corp = await client.getJsapiTicket()
    const agent = await client.getAgentTicket()
    await client.getJsapiTicket()
    await client.getAgentTicket()

    expect(corp.ticket).not.toBe(agent.ticket)
    expect(corp.expires_in).toBeGreaterThan(0)
    expect(agent.expires_in).toBeGreaterThan(0)
    expect(count('/cgi-bin/get_jsapi_ticket')).toBe(1)
    expect(count('/cgi-bin/ticket/get')).toBe(1)
    expect(count('/cgi-bin/gettoken')).toBe(1)
  })
})

describe('WecomClient against the simulator – injected faults', () => {
  const path = '/cgi-bin/user/get'

  it('getUser – system busy (-1) once – retried after one backoff, then succeeds', async () => {
    const { sim, client, count, sleeps } = setup()
    sim.faults.failWith(path, -1, 1)

    const user = await client.getUser('lina')

    expect(user.userid).toBe('lina')
    expect(count(path)).toBe(2)
    expect(sleeps).toHaveLength(1)
  })

  it('getUser – 45009 three times (the retry bound) – four requests, growing backoff, then succeeds', async () => {
    const { sim, client, count, sleeps } = setup()
    sim.faults.failWith(path, 45009, 3)

    const user = await client.getUser('lina')

    expect(user.userid).toBe('lina')
    expect(count(path)).toBe(4)
    expect(sleeps).toHaveLength(3)
    sleeps.forEach((ms, n) => expect(ms).toBeLessThanOrEqual(Math.min(RETRY.maxDelayMs, RETRY.baseDelayMs * 2 ** n)))
  })

  it('getUser – HTTP 500 once – retried, then succeeds', async () => {
    const { sim, client, count } = setup()
    sim.faults.httpError(path, 500, 1)

    const user = await client.getUser('lina')

    expect(user.userid).toBe('lina')
    expect(count(path)).toBe(2)
  })

  it('getUser – a reply slower than timeoutMs once – the call is abandoned at the timeout and retried', async () => {
    const { sim, client, count, sleeps } = setup({ timeoutMs: 150 })
    await client.getUser('lina') // token fetched before the fault, so only user/get is slow
    sim.faults.slow(path, 600, 1)
    const started = Date.now()

    const user = await client.getUser('zhaomin')

    expect(user.userid).toBe('zhaomin')
    expect(Date.now() - started).toBeLessThan(600)
    expect(count(path)).toBe(3)
    expect(sleeps).toHaveLength(1)
  })

  it('gettoken – system busy (-1) once – gettoken retried, then the call succeeds', async () => {
    const { sim, client, count } = setup()
    sim.faults.failWith('/cgi-bin/gettoken', -1, 1)

    const user = await client.getUser('lina')

    expect(user.userid).toBe('lina')
    expect(count('/cgi-bin/gettoken')).toBe(2)
    expect(count(path)).toBe(1)
  })

  it('getUser – every token expired (42001) – one extra gettoken, the call retried once, no backoff', async () => {
    const { sim, client, count, sleeps } = setup()
    await client.getUser('lina')
    sim.expireTokens()

    const user = await client.getUser('zhaomin')

    expect(user.userid).toBe('zhaomin')
    expect(count('/cgi-bin/gettoken')).toBe(2)
    expect(count(path)).toBe(3)
    expect(sleeps).toEqual([])
  })

  it('getUser – 40058 once – thrown at once: one request, no retry', async () => {
    const { sim, client, count, sleeps } = setup()
    sim.faults.failWith(path, 40058, 1)

    const err = await caught(client.getUser('lina'))

    expect(err).toMatchObject({ errcode: 40058, retryable: false, path })
    expect(count(path)).toBe(1)
    expect(sleeps).toEqual([])
  })

  it('getUser – 45009 on every call – WecomError 45009 with the API path after 1 + 3 tries', async () => {
    const { sim, client, count, sleeps } = setup()
    sim.faults.failWith(path, 45009)

    const err = await caught(client.getUser('lina'))

    expect(err).toMatchObject({ errcode: 45009, path, retryable: true })
    expect(err.message).toContain(path)
    expect(err.message).not.toContain('access_token')
    expect(count(path)).toBe(1 + RETRY.attempts)
    expect(sleeps).toHaveLength(RETRY.attempts)
  })
})
