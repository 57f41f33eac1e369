import { describe, expect, it } from 'vitest'
import type { Simulator } from './index'
import { makeTestSim, wecomCaller, type WecomReply } from './testing'

type Group = { group_id: string; group_name: string; deleted?: boolean; tag: { id: string; name: string; deleted?: boolean }[] }

const group = (list: WecomReply, name: string): Group => list.tag_group.find((g: Group) => g.group_name === name)
const events = (sim: Simulator) => sim.callbacks.log().map((d) => d.event)

describe('get_corp_tag_list', () => {
  it('get_corp_tag_list – no filter – live groups by order, no deleted field', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)

    const res = await call('/cgi-bin/externalcontact/get_corp_tag_list', {})

    expect(res.tag_group.map((g: Group) => g.group_name)).toEqual(['客户标记', '客户等级', '意向程度', '客户来源', '行业'])
    expect(res.tag_group[0]).not.toHaveProperty('deleted')
    expect(res.tag_group[0].tag[0]).toEqual({ id: expect.stringMatching(/^et/), name: '风险客户', create_time: expect.any(Number), order: expect.any(Number) })
  })

  it('get_corp_tag_list – by tag_id, by group_id (which wins) – only those, with deleted: false', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)
    const all = await call('/cgi-bin/externalcontact/get_corp_tag_list', {})
    const level = group(all, '客户等级')
    const intent = group(all, '意向程度')

    const byTag = await call('/cgi-bin/externalcontact/get_corp_tag_list', { tag_id: [level.tag[1]!.id] })
    const byGroup = await call('/cgi-bin/externalcontact/get_corp_tag_list', { tag_id: [level.tag[1]!.id], group_id: [intent.group_id] })

    expect(byTag.tag_group).toEqual([expect.objectContaining({ group_id: level.group_id, deleted: false, tag: [expect.objectContaining({ id: level.tag[1]!.id, deleted: false })] })])
    expect(byGroup.tag_group.map((g: Group) => g.group_id)).toEqual([intent.group_id])
    expect(byGroup.tag_group[0].tag).toHaveLength(3)
  })
})

describe('add_corp_tag', () => {
  it('add_corp_tag – new group name – creates group and tags, one tag_group, pushes group create', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)

    const res = await call('/cgi-bin/externalcontact/add_corp_tag', { group_name: '购买意向', order: 50, tag: [{ name: '年费' }, { name: '月费' }, { name: '年费' }] })
    const list = await call('/cgi-bin/externalcontact/get_corp_tag_list', {})

    expect(res.errcode).toBe(0)
    expect(res.tag_group).toMatchObject({ group_name: '购买意向', order: 50, group_id: expect.stringMatching(/^et/) })
    expect(res.tag_group.tag.map((t: { name: string }) => t.name)).toEqual(['年费', '月费'])
    expect(group(list, '购买意向').tag).toHaveLength(2)
    expect(events(sim)).toEqual([{ event: 'change_external_tag', changeType: 'create', tagType: 'tag_group', id: res.tag_group.group_id }])
  })

  it('add_corp_tag – existing group by name and by id – adds there and pushes tag creates', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)
    const all = await call('/cgi-bin/externalcontact/get_corp_tag_list', {})
    const source = group(all, '客户来源')

    const byName = await call('/cgi-bin/externalcontact/add_corp_tag', { group_name: '客户来源', tag: [{ name: '抖音' }] })
    const byId = await call('/cgi-bin/externalcontact/add_corp_tag', { group_id: source.group_id, group_name: 'ignored', tag: [{ name: '小红书' }] })

    expect(byName.tag_group.group_id).toBe(source.group_id)
    expect(byId.tag_group.group_id).toBe(source.group_id)
    expect(events(sim).map((e) => e.changeType === 'create' && 'tagType' in e && e.tagType)).toEqual(['tag', 'tag'])
  })

  it('add_corp_tag – unknown group_id, name already in group, empty tag list – 40068, 40071, 40058', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)

    const unknown = await call('/cgi-bin/externalcontact/add_corp_tag', { group_id: 'etnope', tag: [{ name: 'x' }] })
    const clash = await call('/cgi-bin/externalcontact/add_corp_tag', { group_name: '意向程度', tag: [{ name: '高意向' }] })
    const empty = await call('/cgi-bin/externalcontact/add_corp_tag', { group_name: '空组', tag: [] })

    expect([unknown.errcode, clash.errcode, empty.errcode]).toEqual([40068, 40071, 40058])
  })
})

describe('edit_corp_tag', () => {
  it('edit_corp_tag – rename an app tag and an app group – renamed, pushes update events', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)
    const intent = group(await call('/cgi-bin/externalcontact/get_corp_tag_list', {}), '意向程度')

    const tag = await call('/cgi-bin/externalcontact/edit_corp_tag', { id: intent.tag[0]!.id, name: '强意向' })
    const grp = await call('/cgi-bin/externalcontact/edit_corp_tag', { id: intent.group_id, name: '购买意向度' })
    const after = group(await call('/cgi-bin/externalcontact/get_corp_tag_list', {}), '购买意向度')

    expect([tag.errcode, grp.errcode]).toEqual([0, 0])
    expect(after.tag[0]!.name).toBe('强意向')
    expect(events(sim)).toEqual([
      { event: 'change_external_tag', changeType: 'update', tagType: 'tag', id: intent.tag[0]!.id },
      { event: 'change_external_tag', changeType: 'update', tagType: 'tag_group', id: intent.group_id },
    ])
  })

  it('edit_corp_tag – order only – pushes shuffle of the group', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)
    const intent = group(await call('/cgi-bin/externalcontact/get_corp_tag_list', {}), '意向程度')

    await call('/cgi-bin/externalcontact/edit_corp_tag', { id: intent.tag[2]!.id, order: 999 })

    expect(events(sim)).toEqual([{ event: 'change_external_tag', changeType: 'shuffle', id: intent.group_id }])
  })

  it('edit_corp_tag – console tag, unknown id, clashing name – TAG_NOT_OWNED (301002), 40068, 40071', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)
    const all = await call('/cgi-bin/externalcontact/get_corp_tag_list', {})
    const intent = group(all, '意向程度')

    const console_ = await call('/cgi-bin/externalcontact/edit_corp_tag', { id: group(all, '客户等级').tag[0]!.id, name: 'x' })
    const unknown = await call('/cgi-bin/externalcontact/edit_corp_tag', { id: 'etnope', name: 'x' })
    const clash = await call('/cgi-bin/externalcontact/edit_corp_tag', { id: intent.tag[0]!.id, name: intent.tag[1]!.name })

    expect([console_.errcode, unknown.errcode, clash.errcode]).toEqual([301002, 40068, 40071])
    expect(events(sim)).toEqual([])
  })
})

describe('del_corp_tag', () => {
  it('del_corp_tag – a tag in use – deleted, gone from customers, still listed by id as deleted', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)
    const intent = group(await call('/cgi-bin/externalcontact/get_corp_tag_list', {}), '意向程度')
    const id = intent.tag[0]!.id
    const using = () => (sim.db.prepare('SELECT count(*) AS n FROM relations WHERE instr(tag_ids, ?) > 0').get(id) as { n: number }).n
    expect(using()).toBeGreaterThan(0)

    const res = await call('/cgi-bin/externalcontact/del_corp_tag', { tag_id: [id] })
    const byId = await call('/cgi-bin/externalcontact/get_corp_tag_list', { tag_id: [id] })

    expect(res.errcode).toBe(0)
    expect(using()).toBe(0)
    expect(byId.tag_group[0].tag).toEqual([expect.objectContaining({ id, deleted: true })])
    expect(events(sim)).toEqual([{ event: 'change_external_tag', changeType: 'delete', tagType: 'tag', id }])
  })

  it('del_corp_tag – the last tags of a group – deletes the group too', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)
    const added = await call('/cgi-bin/externalcontact/add_corp_tag', { group_name: '临时', tag: [{ name: 'a' }, { name: 'b' }] })
    const ids = added.tag_group.tag.map((t: { id: string }) => t.id)

    await call('/cgi-bin/externalcontact/del_corp_tag', { tag_id: ids })
    const byGroup = await call('/cgi-bin/externalcontact/get_corp_tag_list', { group_id: [added.tag_group.group_id] })
    const all = await call('/cgi-bin/externalcontact/get_corp_tag_list', {})

    expect(byGroup.tag_group[0]).toMatchObject({ deleted: true })
    expect(group(all, '临时')).toBeUndefined()
    expect(events(sim).slice(-1)).toEqual([{ event: 'change_external_tag', changeType: 'delete', tagType: 'tag_group', id: added.tag_group.group_id }])
  })

  it('del_corp_tag – console group, unknown id, nothing given – 301002, 40068, 40058, and nothing deleted', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)
    const all = await call('/cgi-bin/externalcontact/get_corp_tag_list', {})
    const mine = group(all, '意向程度').tag[0]!.id

    const console_ = await call('/cgi-bin/externalcontact/del_corp_tag', { tag_id: [mine], group_id: [group(all, '行业').group_id] })
    const unknown = await call('/cgi-bin/externalcontact/del_corp_tag', { tag_id: ['etnope'] })
    const nothing = await call('/cgi-bin/externalcontact/del_corp_tag', {})
    const after = await call('/cgi-bin/externalcontact/get_corp_tag_list', {})

    expect([console_.errcode, unknown.errcode, nothing.errcode]).toEqual([301002, 40068, 40058])
    expect(group(after, '意向程度').tag).toHaveLength(3)
  })
})
