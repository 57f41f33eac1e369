import { describe, expect, it } from 'vitest'
import { DEMO_CORP } from './demo-config'
import { generateCorp, type DemoCorp, type DemoCustomer } from './demo-corp'
import { DEMO_TAG_GROUPS } from './demo-org'

const ID_TAIL = /^[A-Za-z0-9_-]{30}$/

/** Tag name -> group name, and a reader of one relation's tags as `group/tag` names. */
function tagNames(corp: DemoCorp) {
  const byId = new Map(corp.tagGroups.flatMap((g) => g.tag.map((t) => [t.id, { group: g.group_name, tag: t.name }] as const)))
  return (tagIds: string[] | undefined) => (tagIds ?? []).map((id) => byId.get(id)!)
}

/** The distinct tag names of `group` over all of a customer's relations (what Kelan shows). */
function unionOf(read: ReturnType<typeof tagNames>, c: DemoCustomer, group: string): Set<string> {
  return new Set(c.follow_info.flatMap((f) => read(f.tag_id).filter((t) => t.group === group).map((t) => t.tag)))
}

describe('generateCorp', () => {
  it('generateCorp – same seed twice – gives identical corps', () => {
    const a = generateCorp({ customers: 50 })
    const b = generateCorp({ customers: 50 })

    expect(JSON.stringify([...b.customers()])).toBe(JSON.stringify([...a.customers()]))
    expect(b.tagGroups).toEqual(a.tagGroups)
    expect(b.groupChats).toEqual(a.groupChats)
  })

  it('generateCorp – another seed – gives other customers', () => {
    const a = generateCorp({ customers: 5 }).customerAt(0)
    const b = generateCorp({ customers: 5, seed: 'other' }).customerAt(0)

    expect(b.external_contact.external_userid).not.toBe(a.external_contact.external_userid)
  })

  it('customerAt – small and large corp – customer N is the same in both', () => {
    const small = generateCorp({ customers: 10 })
    const large = generateCorp({ customers: 100_000 })

    expect(large.customerAt(7)).toEqual(small.customerAt(7))
    expect([...small.customers(3, 5)].map((c) => c.index)).toEqual([3, 4])
  })

  it('org chart – demo corp – has departments under root 1, 12 staff, the admin and two leaders', () => {
    const corp = generateCorp()

    expect(corp.departments.find((d) => d.id === 1)?.parentid).toBe(0)
    expect(corp.departments.filter((d) => d.parentid === 1).map((d) => d.name)).toEqual(
      expect.arrayContaining(['销售一部', '销售二部', '客户成功部']),
    )
    expect(corp.staff).toHaveLength(12)
    expect(corp.staff.map((s) => s.userid)).toContain(DEMO_CORP.adminUserid)
    expect(corp.staff.every((s) => /^[a-z]+$/.test(s.userid) && /^[\u4e00-\u9fa5]{2,3}$/.test(s.name))).toBe(true)
    const leaders = corp.staff.filter((s) => s.is_leader_in_dept?.includes(1))
    expect(leaders).toHaveLength(2)
    for (const leader of leaders) {
      const dept = leader.department[leader.is_leader_in_dept!.indexOf(1)]
      expect(corp.departments.find((d) => d.id === dept)?.department_leader).toContain(leader.userid)
    }
  })

  it('tag groups – demo corp – include the listed groups with et ids and app/console owners', () => {
    const corp = generateCorp()
    const byName = new Map(corp.tagGroups.map((g) => [g.group_name, g]))

    expect(byName.get('客户等级')?.tag.map((t) => t.name)).toEqual(expect.arrayContaining(['A类客户', 'B类客户', 'C类客户']))
    expect(byName.get('意向程度')?.tag.map((t) => t.name)).toEqual(['高意向', '中意向', '低意向'])
    expect(byName.get('客户标记')?.tag.map((t) => t.name)).toEqual(['风险客户', '垃圾资源', '同行'])
    expect(byName.has('客户来源')).toBe(true)
    const ids = corp.tagGroups.flatMap((g) => [g.group_id, ...g.tag.map((t) => t.id)])
    expect(ids.every((id) => id.startsWith('et') && ID_TAIL.test(id.slice(2)))).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
    expect(corp.tagGroups.some((g) => g.created_by_agentid === DEMO_CORP.agentId)).toBe(true)
    expect(corp.tagGroups.some((g) => g.created_by_agentid === null)).toBe(true)
  })

  it('customers – 300 – have both types, realistic fields, unique wm ids and multi-follower customers', () => {
    const corp = generateCorp({ customers: 300, now: 1_750_000_000 })
    const customers = [...corp.customers()]
    const tagIds = new Set(corp.tagGroups.flatMap((g) => g.tag.map((t) => t.id)))
    const contacts = customers.map((c) => c.external_contact)
    const relations = customers.flatMap((c) => c.follow_info)

    expect(customers).toHaveLength(300)
    expect(new Set(contacts.map((c) => c.external_userid)).size).toBe(300)
    expect(contacts.every((c) => c.external_userid.startsWith('wm') && ID_TAIL.test(c.external_userid.slice(2)))).toBe(true)
    const wechat = contacts.filter((c) => c.type === 1)
    const wecom = contacts.filter((c) => c.type === 2)
    expect(wechat.length).toBeGreaterThan(100)
    expect(wechat.every((c) => c.unionid?.startsWith('o') && !c.corp_name)).toBe(true)
    expect(wecom.length).toBeGreaterThan(30)
    expect(wecom.every((c) => c.corp_name && c.corp_full_name?.endsWith('公司') && c.position)).toBe(true)
    expect(customers.filter((c) => c.follow_info.length >= 2).length).toBeGreaterThan(10)
    expect(relations.every((r) => r.createtime <= 1_750_000_000 && r.createtime > 1_750_000_000 - 731 * 86_400)).toBe(true)
    expect(new Set(relations.map((r) => r.add_way)).size).toBeGreaterThan(5)
    expect(relations.some((r) => r.state === 'exhibition2025')).toBe(true)
    expect(relations.some((r) => r.remark) && relations.some((r) => r.description)).toBe(true)
    expect(relations.flatMap((r) => r.tag_id ?? []).every((id) => tagIds.has(id))).toBe(true)
    const marks = new Set(corp.tagGroups.find((g) => g.group_name === '客户标记')!.tag.map((t) => t.id))
    const marked = relations.filter((r) => r.tag_id?.some((id) => marks.has(id))).length
    expect(marked).toBeGreaterThan(0)
    expect(marked / relations.length).toBeLessThan(0.1)
  })

  it('tags – 3000 customers – no customer has two tags of a single-choice group across its relations', () => {
    const corp = generateCorp({ customers: 3000 })
    const read = tagNames(corp)
    const exclusive = DEMO_TAG_GROUPS.filter((g) => g.exclusive).map((g) => g.name)
    const customers = [...corp.customers()]
    const multi = customers.filter((c) => c.follow_info.length >= 3)

    expect(exclusive).toEqual(expect.arrayContaining(['客户等级', '意向程度', '客户来源']))
    expect(multi.length).toBeGreaterThan(1000)
    for (const c of customers) {
      for (const group of [...exclusive, '客户标记']) expect(unionOf(read, c, group).size, `${c.index} ${group}`).toBeLessThanOrEqual(1)
    }
    // Not trivially true: every value of each group is used by some customer.
    for (const group of exclusive) {
      const used = new Set(customers.flatMap((c) => [...unionOf(read, c, group)]))
      expect(used.size).toBe(DEMO_TAG_GROUPS.find((g) => g.name === group)!.tags.length)
    }
  })

  it('tags – 3000 customers – first follower usually tags, colleagues often repeat the same value', () => {
    const corp = generateCorp({ customers: 3000 })
    const read = tagNames(corp)
    const customers = [...corp.customers()]
    const hasLevel = (tagIds: string[] | undefined) => read(tagIds).some((t) => t.group === '客户等级')
    const later = customers.flatMap((c) => c.follow_info.slice(1))

    const firstTagged = customers.filter((c) => hasLevel(c.follow_info[0]!.tag_id)).length / customers.length
    const laterTagged = later.filter((f) => hasLevel(f.tag_id)).length / later.length
    expect(firstTagged).toBeGreaterThan(0.85)
    expect(laterTagged).toBeGreaterThan(0.5)
    expect(laterTagged).toBeLessThan(firstTagged)
    expect(later.some((f) => (f.tag_id ?? []).length === 0)).toBe(true)
  })

  it('tags – 3000 customers – industry one or rarely two, source follows the first channel', () => {
    const corp = generateCorp({ customers: 3000 })
    const read = tagNames(corp)
    const customers = [...corp.customers()]
    const industries = customers.map((c) => unionOf(read, c, '行业').size).filter((n) => n > 0)
    const fromExpo = customers.filter((c) => c.follow_info[0]!.state === 'exhibition2025')

    expect(Math.max(...industries)).toBe(2)
    expect(industries.filter((n) => n === 2).length / industries.length).toBeLessThan(0.15)
    expect(fromExpo.length).toBeGreaterThan(10)
    expect(fromExpo.every((c) => [...unionOf(read, c, '客户来源')].every((s) => s === '展会'))).toBe(true)
  })

  it('group chats – demo corp – several per staff member, wr ids, owner and customers as members', () => {
    const corp = generateCorp()

    for (const s of corp.staff) expect(corp.groupChats.filter((g) => g.owner === s.userid).length).toBeGreaterThanOrEqual(2)
    for (const chat of corp.groupChats) {
      expect(chat.chat_id).toMatch(/^wr[A-Za-z0-9_-]{30}$/)
      expect(chat.member_list[0]).toMatchObject({ userid: chat.owner, type: 1 })
      expect(chat.member_list.some((m) => m.type === 2 && m.userid.startsWith('wm'))).toBe(true)
    }
  })

  it('customers – 100 000 streamed – about 300k relations and 0.8–1M tag links in bounded time', () => {
    const started = performance.now()
    let relations = 0
    let links = 0
    for (const c of generateCorp({ customers: 100_000 }).customers()) {
      relations += c.follow_info.length
      for (const f of c.follow_info) links += f.tag_id?.length ?? 0
    }

    expect(relations).toBeGreaterThan(250_000)
    expect(relations).toBeLessThan(350_000)
    expect(links).toBeGreaterThan(800_000)
    expect(links).toBeLessThan(1_000_000)
    expect(performance.now() - started).toBeLessThan(5000)
  })
})
