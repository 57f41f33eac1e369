import { describe, expect, it } from 'vitest'
import type { Simulator } from './index'
import { jsonInit, makeTestSim, wecomCaller, type WecomReply } from './testing'

type Group = { group_id: string; group_name: string; tag: { id: string; name: string; order: number }[] }

const events = (sim: Simulator) => sim.callbacks.log().map((d) => d.event)
const listTags = async (sim: Simulator): Promise<Group[]> => (await (await wecomCaller(sim))('/cgi-bin/externalcontact/get_corp_tag_list', {})).tag_group
const byName = async (sim: Simulator, name: string) => (await listTags(sim)).find((g) => g.group_name === name)!
const consoleCall = (sim: Simulator, path: string, body: unknown) => sim.app.request(`/_control/console/${path}`, jsonInit(body))

describe('control API: the WeCom admin console on tags', () => {
  it('POST console/add-tags – new group – created, group create pushed, and the app may not edit it', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)

    const res = await consoleCall(sim, 'add-tags', { group_name: '会员等级', order: 9, tag: [{ name: '金卡' }, { name: '银卡' }] })
    const group = (await res.json()) as Group
    const edit = await call('/cgi-bin/externalcontact/edit_corp_tag', { id: group.tag[0]!.id, name: '白金卡' })
    const del = await call('/cgi-bin/externalcontact/del_corp_tag', { group_id: [group.group_id] })

    expect(res.status).toBe(200)
    expect(group).toMatchObject({ group_name: '会员等级', order: 9, group_id: expect.stringMatching(/^et/) })
    expect((await byName(sim, '会员等级')).tag.map((t) => t.name).sort()).toEqual(['金卡', '银卡'])
    expect(events(sim)).toEqual([{ event: 'change_external_tag', changeType: 'create', tagType: 'tag_group', id: group.group_id }])
    expect([edit.errcode, del.errcode]).toEqual([301002, 301002])
  })

  it('POST console/add-tags – into an app-made group – tags pushed as creates, the group stays the app’s', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)
    const intent = await byName(sim, '意向程度')

    const res = await consoleCall(sim, 'add-tags', { group_id: intent.group_id, tag: [{ name: '观望' }] })
    const added = ((await res.json()) as Group).tag[0]!
    const renameGroup = await call('/cgi-bin/externalcontact/edit_corp_tag', { id: intent.group_id, name: '意向' })
    const renameTag = await call('/cgi-bin/externalcontact/edit_corp_tag', { id: added.id, name: '观望中' })

    expect(events(sim)[0]).toEqual({ event: 'change_external_tag', changeType: 'create', tagType: 'tag', id: added.id })
    expect([renameGroup.errcode, renameTag.errcode]).toEqual([0, 301002])
  })

  it('POST console/edit-tag – app-made and console-made tags – both renamed, update pushed', async () => {
    const { sim } = makeTestSim()
    const appTag = (await byName(sim, '意向程度')).tag[0]!
    const consoleTag = (await byName(sim, '客户等级')).tag[0]!

    const a = await consoleCall(sim, 'edit-tag', { id: appTag.id, name: '很高意向' })
    const b = await consoleCall(sim, 'edit-tag', { id: consoleTag.id, name: '钻石客户' })

    expect([a.status, b.status]).toEqual([200, 200])
    expect((await byName(sim, '客户等级')).tag[0]!.name).toBe('钻石客户')
    expect(events(sim)).toEqual([
      { event: 'change_external_tag', changeType: 'update', tagType: 'tag', id: appTag.id },
      { event: 'change_external_tag', changeType: 'update', tagType: 'tag', id: consoleTag.id },
    ])
  })

  it('POST console/edit-tag – order only – shuffle of the group pushed', async () => {
    const { sim } = makeTestSim()
    const level = await byName(sim, '客户等级')

    await consoleCall(sim, 'edit-tag', { id: level.tag[1]!.id, order: 9999 })

    expect(events(sim)).toEqual([{ event: 'change_external_tag', changeType: 'shuffle', id: level.group_id }])
  })

  it('POST console/delete-tags – a console-made group – deleted, group delete pushed', async () => {
    const { sim } = makeTestSim()
    const industry = await byName(sim, '行业')

    const res = await consoleCall(sim, 'delete-tags', { group_id: [industry.group_id] })

    expect(res.status).toBe(200)
    expect((await listTags(sim)).map((g) => g.group_name)).not.toContain('行业')
    expect(events(sim)).toEqual([{ event: 'change_external_tag', changeType: 'delete', tagType: 'tag_group', id: industry.group_id }])
  })

  it('console actions – no group, nothing to change, unknown id, name taken – 400 in Kelan’s error shape', async () => {
    const { sim } = makeTestSim()
    const level = await byName(sim, '客户等级')

    const noGroup = await consoleCall(sim, 'add-tags', { tag: [{ name: 'x' }] })
    const nothing = await consoleCall(sim, 'edit-tag', { id: level.tag[0]!.id })
    const unknown = await consoleCall(sim, 'delete-tags', { tag_id: ['etnope'] })
    const taken = await consoleCall(sim, 'edit-tag', { id: level.tag[0]!.id, name: level.tag[1]!.name })

    expect([noGroup.status, nothing.status, unknown.status, taken.status]).toEqual([400, 400, 400, 400])
    expect(await unknown.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', errcode: 40068 } })
    expect(await taken.json()).toMatchObject({ error: { errcode: 40071 } })
    expect(events(sim)).toEqual([])
  })
})

describe('edit_corp_tag that changes nothing', () => {
  it('edit_corp_tag – app tag, its own order – ok, nothing pushed (an ownership probe sets off no callbacks)', async () => {
    const { sim } = makeTestSim()
    const call = await wecomCaller(sim)
    const tag = (await byName(sim, '意向程度')).tag[0]!

    const res: WecomReply = await call('/cgi-bin/externalcontact/edit_corp_tag', { id: tag.id, order: tag.order })

    expect(res.errcode).toBe(0)
    expect(events(sim)).toEqual([])
  })
})
