import { describe, expect, it } from 'vitest'
import type { Simulator } from './index'
import { makeTestSim, wecomCaller, type WecomReply } from './testing'

/** A customer followed by at least `n` staff, read straight from the simulator database. */
function customerWithFollowers(sim: Simulator, n: number): { external_userid: string; followers: string[] } {
  const row = sim.db
    .prepare('SELECT external_userid, group_concat(userid) AS f FROM relations GROUP BY external_userid HAVING count(*) >= ? LIMIT 1')
    .get(n) as { external_userid: string; f: string }
  return { external_userid: row.external_userid, followers: row.f.split(',') }
}

const tagId = (list: WecomReply, group: string, tag: string): string =>
  list.tag_group.find((g: { group_name: string }) => g.group_name === group).tag.find((t: { name: string }) => t.name === tag).id

describe('externalcontact lists', () => {
  it('get_follow_user_list – demo corp – every active staff member', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)

    const res = await call('/cgi-bin/externalcontact/get_follow_user_list')

    expect(res.follow_user).toHaveLength(12)
    expect(res.follow_user).toContain('zhangwei')
  })

  it('list – a staff member, an unknown one – their customer ids, 40003', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)
    const { external_userid, followers } = customerWithFollowers(sim, 1)

    const mine = await call(`/cgi-bin/externalcontact/list?userid=${followers[0]}`)
    const unknown = await call('/cgi-bin/externalcontact/list?userid=ghost')

    expect(mine.external_userid).toContain(external_userid)
    expect(unknown.errcode).toBe(40003)
  })
})

describe('externalcontact/get', () => {
  it('get – customer with several followers, page size 1 – pages follow_user with next_cursor', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)
    const { external_userid, followers } = customerWithFollowers(sim, 2)

    const seen: string[] = []
    let cursor = ''
    let pages = 0
    do {
      const page = await call(`/cgi-bin/externalcontact/get?external_userid=${external_userid}&sim_page_size=1&cursor=${cursor}`)
      expect(page.follow_user).toHaveLength(1)
      seen.push(page.follow_user[0].userid)
      cursor = page.next_cursor
      pages++
    } while (cursor)

    expect(pages).toBe(followers.length)
    expect(seen.sort()).toEqual([...followers].sort())
  })

  it('get – default page size – contact fields and tags with group names, type 1', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)
    const { external_userid } = customerWithFollowers(sim, 1)

    const res = await call(`/cgi-bin/externalcontact/get?external_userid=${external_userid}`)

    expect(res.external_contact).toMatchObject({ external_userid, avatar: `/sim/avatar/${external_userid}.svg` })
    expect(res.next_cursor).toBe('')
    const tags = res.follow_user.flatMap((f: { tags: unknown[] }) => f.tags)
    expect(tags.length).toBeGreaterThan(0)
    for (const t of tags) expect(t).toEqual({ group_name: expect.any(String), tag_name: expect.any(String), tag_id: expect.stringMatching(/^et/), type: 1 })
  })

  it('get – unknown id, bad cursor, customer nobody follows – 40096, 40058, 84061', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)
    const { external_userid, followers } = customerWithFollowers(sim, 1)

    const unknown = await call('/cgi-bin/externalcontact/get?external_userid=wmnope')
    const badCursor = await call(`/cgi-bin/externalcontact/get?external_userid=${external_userid}&cursor=zzz`)
    sim.db.prepare('DELETE FROM relations WHERE external_userid = ?').run(external_userid)
    const orphan = await call(`/cgi-bin/externalcontact/get?external_userid=${external_userid}`)

    expect(followers.length).toBeGreaterThan(0)
    expect([unknown.errcode, badCursor.errcode, orphan.errcode]).toEqual([40096, 40058, 84061])
  })
})

describe('batch/get_by_user', () => {
  it('batch – two staff, limit 7 – pages every relation once with follow_info.tag_id', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)
    const users = ['lina', 'zhaomin']
    const expected = users.flatMap((u) => sim.db.prepare('SELECT external_userid FROM relations WHERE userid = ?').all(u))

    const got: string[] = []
    let cursor = ''
    do {
      const page = await call('/cgi-bin/externalcontact/batch/get_by_user', { userid_list: users, cursor, limit: 7 })
      expect(page.external_contact_list.length).toBeLessThanOrEqual(7)
      for (const item of page.external_contact_list) {
        expect(users).toContain(item.follow_info.userid)
        expect(Array.isArray(item.follow_info.tag_id)).toBe(true)
        expect(item.follow_info).not.toHaveProperty('tags')
        got.push(`${item.follow_info.userid}/${item.external_contact.external_userid}`)
      }
      cursor = page.next_cursor
    } while (cursor)

    expect(got).toHaveLength(expected.length)
    expect(new Set(got).size).toBe(got.length)
  })

  it('batch – limit over 100, empty list, unknown staff – 40058, 40058, 40003', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)

    const tooMany = await call('/cgi-bin/externalcontact/batch/get_by_user', { userid_list: ['lina'], limit: 101 })
    const empty = await call('/cgi-bin/externalcontact/batch/get_by_user', { userid_list: [] })
    const unknown = await call('/cgi-bin/externalcontact/batch/get_by_user', { userid_list: ['ghost'] })

    expect([tooMany.errcode, empty.errcode, unknown.errcode]).toEqual([40058, 40058, 40003])
  })
})

describe('batch/get_by_user without interop licences', () => {
  it('batch – one of two staff unlicensed – only the licensed one\'s relations, fail_info names the other on every page', async () => {
    const { sim } = makeTestSim({ settings: { unlicensedUserids: ['zhaomin'] } })
    const call = await wecomCaller(sim)
    const expected = sim.db.prepare('SELECT count(*) AS n FROM relations WHERE userid = ?').get('lina') as { n: number }

    const pages: WecomReply[] = []
    let cursor = ''
    do {
      const page = await call('/cgi-bin/externalcontact/batch/get_by_user', { userid_list: ['lina', 'zhaomin'], cursor, limit: 5 })
      pages.push(page)
      cursor = page.next_cursor
    } while (cursor)

    const items = pages.flatMap((p) => p.external_contact_list as { follow_info: { userid: string } }[])
    expect(pages.length).toBeGreaterThan(1)
    expect(items).toHaveLength(expected.n)
    expect(new Set(items.map((i) => i.follow_info.userid))).toEqual(new Set(['lina']))
    for (const page of pages) expect(page.fail_info).toEqual({ unlicensed_userid_list: ['zhaomin'] })
  })

  it('batch – every requested member unlicensed – 701008; all licensed – no fail_info', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)

    const licensed = await call('/cgi-bin/externalcontact/batch/get_by_user', { userid_list: ['lina'] })
    sim.settings.unlicensedUserids = ['lina', 'zhaomin']
    const none = await call('/cgi-bin/externalcontact/batch/get_by_user', { userid_list: ['lina', 'zhaomin'] })

    expect(licensed.errcode).toBe(0)
    expect(licensed).not.toHaveProperty('fail_info')
    expect(none.errcode).toBe(701008)
    expect(none).not.toHaveProperty('external_contact_list')
  })
})

describe('mark_tag and remark', () => {
  it('mark_tag – add and remove on a relation – tags change for that follower only', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)
    const list = await call('/cgi-bin/externalcontact/get_corp_tag_list', {})
    const risk = tagId(list, '客户标记', '风险客户')
    const { external_userid, followers } = customerWithFollowers(sim, 2)
    const [userid, other] = followers as [string, string]
    const before = (await call(`/cgi-bin/externalcontact/get?external_userid=${external_userid}`)).follow_user
    const removed = before.find((f: { userid: string }) => f.userid === userid).tags[0]?.tag_id

    const res = await call('/cgi-bin/externalcontact/mark_tag', { userid, external_userid, add_tag: [risk], remove_tag: removed ? [removed] : [] })
    const after = (await call(`/cgi-bin/externalcontact/get?external_userid=${external_userid}`)).follow_user
    const ids = (u: string) => after.find((f: { userid: string }) => f.userid === u).tags.map((t: { tag_id: string }) => t.tag_id)

    expect(res.errcode).toBe(0)
    expect(ids(userid)).toContain(risk)
    if (removed) expect(ids(userid)).not.toContain(removed)
    expect(ids(other)).not.toContain(risk)
  })

  it('mark_tag – no relation, unknown tag, nothing to do – 84061, 40068, 40058', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)
    const list = await call('/cgi-bin/externalcontact/get_corp_tag_list', {})
    const tag = tagId(list, '意向程度', '高意向')
    const { external_userid, followers } = customerWithFollowers(sim, 1)
    const stranger = ['zhangwei', 'lina', 'xukai', 'sunli'].find((u) => !followers.includes(u))!

    const noRelation = await call('/cgi-bin/externalcontact/mark_tag', { userid: stranger, external_userid, add_tag: [tag] })
    const unknownTag = await call('/cgi-bin/externalcontact/mark_tag', { userid: followers[0], external_userid, add_tag: ['etnope'] })
    const nothing = await call('/cgi-bin/externalcontact/mark_tag', { userid: followers[0], external_userid })

    expect([noRelation.errcode, unknownTag.errcode, nothing.errcode]).toEqual([84061, 40068, 40058])
  })

  it('remark – remark, description, mobiles – stored on that relation', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)
    const { external_userid, followers } = customerWithFollowers(sim, 1)
    const userid = followers[0]!

    const res = await call('/cgi-bin/externalcontact/remark', {
      userid, external_userid, remark: '王总-华远', description: '下周回访', remark_mobiles: ['13800000000'],
    })
    const detail = await call(`/cgi-bin/externalcontact/get?external_userid=${external_userid}`)

    expect(res.errcode).toBe(0)
    expect(detail.follow_user.find((f: { userid: string }) => f.userid === userid)).toMatchObject({
      remark: '王总-华远', description: '下周回访', remark_mobiles: ['13800000000'],
    })
  })

  it('remark – no relation, remark over 20 characters, no field – 84061, 40058, 40058', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)
    const { external_userid, followers } = customerWithFollowers(sim, 1)
    const stranger = ['zhangwei', 'lina', 'xukai', 'sunli'].find((u) => !followers.includes(u))!

    const noRelation = await call('/cgi-bin/externalcontact/remark', { userid: stranger, external_userid, remark: 'x' })
    const tooLong = await call('/cgi-bin/externalcontact/remark', { userid: followers[0], external_userid, remark: '长'.repeat(21) })
    const nothing = await call('/cgi-bin/externalcontact/remark', { userid: followers[0], external_userid })

    expect([noRelation.errcode, tooLong.errcode, nothing.errcode]).toEqual([84061, 40058, 40058])
  })
})

describe('groupchat', () => {
  it('groupchat/list and get – owner filter, need_name – ids of the owner, members with names', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)

    const list = await call('/cgi-bin/externalcontact/groupchat/list', { owner_filter: { userid_list: ['lina'] }, limit: 100 })
    const chatId = list.group_chat_list[0].chat_id
    const named = await call('/cgi-bin/externalcontact/groupchat/get', { chat_id: chatId, need_name: 1 })
    const plain = await call('/cgi-bin/externalcontact/groupchat/get', { chat_id: chatId })
    const unknown = await call('/cgi-bin/externalcontact/groupchat/get', { chat_id: 'wrnope' })

    expect(list.group_chat_list.length).toBeGreaterThanOrEqual(2)
    expect(named.group_chat).toMatchObject({ chat_id: chatId, owner: 'lina' })
    expect(named.group_chat.member_list[0]).toMatchObject({ userid: 'lina', type: 1, name: '李娜' })
    expect(named.group_chat.member_list.some((m: { type: number }) => m.type === 2)).toBe(true)
    expect(plain.group_chat.member_list[0]).not.toHaveProperty('name')
    expect(unknown.errcode).toBe(40050)
  })
})
