/**
 * The library's outbox handlers and the ownership probe against the WeCom simulator, through
 * Kelan's real WeCom client. The demo corp has app-made groups (客户标记, 意向程度) and
 * console-made ones (客户等级, 客户来源, 行业).
 */
import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import type { Viewer } from '../../app-env'
import { outbox, relationTags, tagEvents, tagGroups, tags } from '../../db/schema'
import { fakeClock } from '../../lib/clock'
import { makeTestDeps } from '../../test/helpers'
import { WecomError } from '../../wecom/errors'
import type { WecomTagGroup } from '../../wecom/types'
import { DEMO_CORP, type Simulator } from '../../wecom-sim'
import { jsonInit, makeTestSim, simWecomClient, wecomCaller } from '../../wecom-sim/testing'
import { findOpenItem, recordFailedAttempt } from '../outbox/outbox.repo'
import { fullSync, syncTags } from '../sync/sync.service'
import { applyCustomerChange } from '../tags/tags.repo'
import { pushCreateTags, pushDeleteTags, pushEditTag, probeTagOwnership } from './tag-library.outbox'
import * as svc from './tag-library.service'

let sim: Simulator | undefined
afterEach(() => sim?.close())

const admin: Viewer = { corpId: DEMO_CORP.corpId, userid: DEMO_CORP.adminUserid, role: 'admin' }

/** Kelan on a fresh simulator, tags synced (and probed). */
async function setup() {
  const { sim: s, clock } = makeTestSim()
  sim = s
  const deps = makeTestDeps({ wecom: simWecomClient(s, { clock, sleep: async () => undefined }), clock })
  await syncTags(deps)
  return { sim: s, deps, clock }
}

type Deps = Awaited<ReturnType<typeof setup>>['deps']

const wecomTags = async (s: Simulator): Promise<WecomTagGroup[]> => (await (await wecomCaller(s))('/cgi-bin/externalcontact/get_corp_tag_list', {})).tag_group
const groupByName = (deps: Deps, name: string) => deps.db.select().from(tagGroups).where(eq(tagGroups.name, name)).get()!
const item = (deps: Deps, kind: 'create_tags' | 'edit_tag', key: string) => findOpenItem(deps.db, deps.corpId, kind, key)!
const deleteItem = (deps: Deps) => deps.db.select().from(outbox).where(eq(outbox.kind, 'delete_tags')).get()!

/** Everything in Kelan's tables that still names a local id. */
function localIdsLeft(deps: Deps): string[] {
  const ids = [
    ...deps.db.select({ id: tagGroups.id }).from(tagGroups).all().map((r) => r.id),
    ...deps.db.select({ id: tags.id }).from(tags).all().flatMap((r) => [r.id]),
    ...deps.db.select({ id: tags.groupId }).from(tags).all().map((r) => r.id),
    ...deps.db.select({ id: relationTags.tagId }).from(relationTags).all().map((r) => r.id),
    ...deps.db.select({ id: tagEvents.tagId }).from(tagEvents).all().map((r) => r.id),
    ...deps.db.select({ key: outbox.key }).from(outbox).all().map((r) => r.key),
  ]
  return ids.filter((id) => id.startsWith('kl_'))
}

describe('probeTagOwnership', () => {
  it('syncTags – demo corp – app-made groups and tags probed as app, console-made ones as console', async () => {
    const { deps } = await setup()

    const origins = Object.fromEntries(deps.db.select().from(tagGroups).all().map((g) => [g.name, g.origin]))
    const tagOrigins = new Set(deps.db.select().from(tags).where(eq(tags.groupId, groupByName(deps, '客户等级').id)).all().map((t) => t.origin))

    expect(origins).toEqual({ 客户标记: 'app', 意向程度: 'app', 客户等级: 'console', 客户来源: 'console', 行业: 'console' })
    expect([...tagOrigins]).toEqual(['console'])
  })

  it('probeTagOwnership – WeCom busy (45009) – stops, everything left unknown for the next sync', async () => {
    const { sim: s, deps } = await setup()
    deps.db.update(tagGroups).set({ origin: 'unknown' }).run()
    deps.db.update(tags).set({ origin: 'unknown' }).run()
    s.faults.add({ path: '/cgi-bin/externalcontact/edit_corp_tag', errcode: 45009 })

    const result = await probeTagOwnership(deps, await wecomTags(s))

    expect(result.app + result.console).toBe(0)
    expect(result.unknown).toBeGreaterThan(0)
    expect(new Set(deps.db.select().from(tags).all().map((t) => t.origin))).toEqual(new Set(['unknown']))
  })
})

describe('probeTagOwnership – what it sends and when', () => {
  /** Records the edit_corp_tag calls Kelan makes from here on (they still reach the simulator). */
  function recordEdits(deps: Deps) {
    const edits: { id: string; name?: string; order?: number }[] = []
    const edit = deps.wecom.editCorpTag
    deps.wecom.editCorpTag = async (input) => {
      edits.push(input)
      return edit(input)
    }
    return edits
  }

  it('probeTagOwnership – an unknown tag with an open edit_tag item – not probed, left unknown', async () => {
    const { sim: s, deps } = await setup()
    const high = deps.db.select().from(tags).where(eq(tags.name, '高意向')).get()!
    deps.db.update(tags).set({ origin: 'unknown' }).where(eq(tags.id, high.id)).run()
    svc.updateTag(deps, admin, high.id, { name: '极高意向' })
    const edits = recordEdits(deps)

    const result = await probeTagOwnership(deps, await wecomTags(s))

    expect(edits).toEqual([])
    expect(result).toEqual({ app: 0, console: 0, unknown: 0 })
    expect(deps.db.select().from(tags).where(eq(tags.id, high.id)).get()?.origin).toBe('unknown')
  })

  it('probeTagOwnership – Kelan’s order differs from the list passed in – probes with Kelan’s order', async () => {
    const { sim: s, deps } = await setup()
    const high = deps.db.select().from(tags).where(eq(tags.name, '高意向')).get()!
    deps.db.update(tags).set({ origin: 'unknown', order: high.order + 7 }).where(eq(tags.id, high.id)).run()
    const edits = recordEdits(deps)

    await probeTagOwnership(deps, await wecomTags(s))

    expect(edits).toEqual([{ id: high.id, order: high.order + 7 }])
  })

  it('probeTagOwnership – WeCom gave no answer (neither accepted nor ownership) – not probed again within a day, probed after', async () => {
    const { sim: s, deps, clock } = await setup()
    const high = deps.db.select().from(tags).where(eq(tags.name, '高意向')).get()!
    deps.db.update(tags).set({ origin: 'unknown' }).where(eq(tags.id, high.id)).run()
    s.faults.add({ path: '/cgi-bin/externalcontact/edit_corp_tag', errcode: 40058, times: 1 })
    const edits = recordEdits(deps)

    const first = await probeTagOwnership(deps, await wecomTags(s))
    clock.advance(23 * 3600)
    const sameDay = await probeTagOwnership(deps, await wecomTags(s))
    clock.advance(2 * 3600)
    const nextDay = await probeTagOwnership(deps, await wecomTags(s))

    expect([first, sameDay, nextDay]).toEqual([
      { app: 0, console: 0, unknown: 1 },
      { app: 0, console: 0, unknown: 0 },
      { app: 1, console: 0, unknown: 0 },
    ])
    expect(edits.map((e) => e.id)).toEqual([high.id, high.id])
  })
})

describe('create_tags', () => {
  it('create_tags – group made in Kelan, a relation tagged with its local id – WeCom has it, its ids replace the local ones everywhere', async () => {
    const { sim: s, deps } = await setup()
    await fullSync(deps)
    const created = svc.createGroup(deps, admin, { name: '购买意向', color: 'gold', exclusive: false, description: '', tags: [{ name: '年费' }, { name: '月费' }] })
    const rel = deps.db.select().from(relationTags).get()!
    const change = { externalUserid: rel.externalUserid, target: rel.userid, add: [created.tags[0]!.id], remove: [] }
    applyCustomerChange(deps.db, { corpId: deps.corpId, operator: admin.userid, source: 'admin', now: deps.clock.now() }, change)
    const markKey = `${rel.externalUserid}/${rel.userid}`
    // As the mark_tag handler leaves it: put off while only local ids are left to push.
    deps.db.update(outbox).set({ nextAttemptAt: deps.clock.now() + 30 }).where(eq(outbox.key, markKey)).run()

    const outcome = await pushCreateTags(deps, item(deps, 'create_tags', created.id))

    expect(outcome).toBe('done')
    const inWecom = (await wecomTags(s)).find((g) => g.group_name === '购买意向')!
    expect(inWecom.tag.map((t) => t.name)).toEqual(['年费', '月费'])
    const local = groupByName(deps, '购买意向')
    expect(local).toMatchObject({ id: inWecom.group_id, origin: 'app', color: 'gold' })
    const yearly = inWecom.tag.find((t) => t.name === '年费')!.id
    expect(deps.db.select().from(tags).where(eq(tags.groupId, inWecom.group_id)).all().map((t) => t.origin)).toEqual(['app', 'app'])
    const onRelation = deps.db.select().from(relationTags).where(eq(relationTags.externalUserid, rel.externalUserid)).all()
    expect(onRelation.map((r) => r.tagId)).toContain(yearly)
    expect(deps.db.select().from(tagEvents).all().map((e) => e.tagId)).toEqual([yearly])
    expect(localIdsLeft(deps)).toEqual([])
    expect(findOpenItem(deps.db, deps.corpId, 'mark_tag', markKey)?.nextAttemptAt).toBe(deps.clock.now())
    expect(findOpenItem(deps.db, deps.corpId, 'create_tags', inWecom.group_id)).toBeUndefined()
  })

  it('create_tags – tag added to a WeCom group, another added while the first was on its way – both created, ran again for the second', async () => {
    const { sim: s, deps } = await setup()
    const intent = groupByName(deps, '意向程度')
    svc.addTags(deps, admin, intent.id, { tags: [{ name: '观望' }] })
    const first = item(deps, 'create_tags', intent.id)
    const addCorpTag = deps.wecom.addCorpTag
    deps.wecom.addCorpTag = async (input) => {
      svc.addTags(deps, admin, intent.id, { tags: [{ name: '已流失' }] })
      return addCorpTag(input)
    }

    const outcome = await pushCreateTags(deps, first)
    deps.wecom.addCorpTag = addCorpTag
    const again = await pushCreateTags(deps, item(deps, 'create_tags', intent.id))

    expect([outcome, again]).toEqual([{ again: true }, 'done'])
    const names = (await wecomTags(s)).find((g) => g.group_id === intent.id)!.tag.map((t) => t.name)
    expect(names).toEqual(expect.arrayContaining(['观望', '已流失']))
    expect(localIdsLeft(deps)).toEqual([])
  })

  it('create_tags – name WeCom already has in that group (made in the console meanwhile) – 40071, takes that tag over as unknown', async () => {
    const { sim: s, deps } = await setup()
    const intent = groupByName(deps, '意向程度')
    svc.addTags(deps, admin, intent.id, { tags: [{ name: '观望' }] })
    await s.app.request('/_control/console/add-tags', jsonInit({ group_id: intent.id, tag: [{ name: '观望' }] }))

    const outcome = await pushCreateTags(deps, item(deps, 'create_tags', intent.id))

    expect(outcome).toBe('done')
    const inWecom = (await wecomTags(s)).find((g) => g.group_id === intent.id)!.tag.filter((t) => t.name === '观望')
    expect(inWecom).toHaveLength(1)
    expect(deps.db.select().from(tags).where(eq(tags.name, '观望')).all()).toMatchObject([{ id: inWecom[0]!.id, origin: 'unknown' }])
    expect(localIdsLeft(deps)).toEqual([])
  })

  it('create_tags – reply lost after WeCom created the group (timeout), retried – takes WeCom\'s group and tags over, nothing created twice', async () => {
    const { sim: s, deps } = await setup()
    const created = svc.createGroup(deps, admin, { name: '新分组X', color: 'gold', exclusive: false, description: '', tags: [{ name: '标签甲' }] })
    const addCorpTag = deps.wecom.addCorpTag
    deps.wecom.addCorpTag = async (input) => {
      await addCorpTag(input)
      throw new WecomError({ errcode: -2, path: '/cgi-bin/externalcontact/add_corp_tag', message: 'timeout' })
    }
    await expect(pushCreateTags(deps, item(deps, 'create_tags', created.id))).rejects.toMatchObject({ errcode: -2 })
    deps.wecom.addCorpTag = addCorpTag
    recordFailedAttempt(deps.db, item(deps, 'create_tags', created.id).id, { now: deps.clock.now(), errcode: -2, error: 'timeout' })

    const outcome = await pushCreateTags(deps, item(deps, 'create_tags', created.id))

    expect(outcome).toBe('done')
    const inWecom = (await wecomTags(s)).filter((g) => g.group_name === '新分组X')
    expect(inWecom).toHaveLength(1)
    expect(groupByName(deps, '新分组X')).toMatchObject({ id: inWecom[0]!.group_id, color: 'gold' })
    expect(deps.db.select().from(tags).where(eq(tags.name, '标签甲')).get()?.id).toBe(inWecom[0]!.tag[0]!.id)
    expect(localIdsLeft(deps)).toEqual([])
  })

  it('create_tags – process stopped after WeCom created one of two tags (first attempt again, 40071) – takes it over, creates the other', async () => {
    const { sim: s, deps } = await setup()
    const intent = groupByName(deps, '意向程度')
    svc.addTags(deps, admin, intent.id, { tags: [{ name: '观望' }, { name: '已流失' }] })
    await (await wecomCaller(s))('/cgi-bin/externalcontact/add_corp_tag', { group_id: intent.id, tag: [{ name: '观望' }] })

    const outcome = await pushCreateTags(deps, item(deps, 'create_tags', intent.id))

    expect(outcome).toBe('done')
    const inWecom = (await wecomTags(s)).find((g) => g.group_id === intent.id)!.tag
    const kelan = deps.db.select().from(tags).where(eq(tags.groupId, intent.id)).all()
    for (const name of ['观望', '已流失']) {
      expect(inWecom.filter((t) => t.name === name)).toHaveLength(1)
      expect(kelan.find((t) => t.name === name)?.id).toBe(inWecom.find((t) => t.name === name)!.id)
    }
    expect(kelan.find((t) => t.name === '已流失')?.origin).toBe('app')
    expect(localIdsLeft(deps)).toEqual([])
  })
})

describe('edit_tag', () => {
  it('edit_tag – app tag renamed in Kelan – WeCom has the new name, done', async () => {
    const { sim: s, deps } = await setup()
    const high = deps.db.select().from(tags).where(eq(tags.name, '高意向')).get()!
    svc.updateTag(deps, admin, high.id, { name: '极高意向' })

    const outcome = await pushEditTag(deps, item(deps, 'edit_tag', high.id))

    expect(outcome).toBe('done')
    expect((await wecomTags(s)).flatMap((g) => g.tag).find((t) => t.id === high.id)?.name).toBe('极高意向')
  })

  it('edit_tag – renamed again while on its way – runs again', async () => {
    const { deps } = await setup()
    const high = deps.db.select().from(tags).where(eq(tags.name, '高意向')).get()!
    svc.updateTag(deps, admin, high.id, { name: '极高意向' })
    const edit = deps.wecom.editCorpTag
    deps.wecom.editCorpTag = async (input) => {
      svc.updateTag(deps, admin, high.id, { name: '最高意向' })
      return edit(input)
    }

    expect(await pushEditTag(deps, item(deps, 'edit_tag', high.id))).toEqual({ again: true })
  })

  it('edit_tag – still a local id – waits, no WeCom call', async () => {
    const { deps } = await setup()
    const created = svc.createGroup(deps, admin, { name: '新组', color: 'blue', exclusive: false, description: '', tags: [{ name: 'a' }] })
    svc.updateTag(deps, admin, created.tags[0]!.id, { name: 'b' })

    const outcome = await pushEditTag(deps, item(deps, 'edit_tag', created.tags[0]!.id))

    expect(outcome).toEqual({ waitSeconds: 30 })
  })

  it('edit_tag – WeCom refuses for ownership (unknown origin, console-made) – console, WeCom name back, throws 301002 with the Chinese message', async () => {
    const { deps } = await setup()
    const vip = deps.db.select().from(tags).where(eq(tags.name, 'VIP客户')).get()!
    deps.db.update(tags).set({ origin: 'unknown' }).where(eq(tags.id, vip.id)).run()
    svc.updateTag(deps, admin, vip.id, { name: '贵宾' })

    const push = pushEditTag(deps, item(deps, 'edit_tag', vip.id))

    await expect(push).rejects.toSatisfy((e) => e instanceof WecomError && e.errcode === 301002 && e.message === '该标签在企业微信后台创建，应用无权修改')
    expect(deps.db.select().from(tags).where(eq(tags.id, vip.id)).get()).toMatchObject({ name: 'VIP客户', origin: 'console' })
  })
})

describe('delete_tags', () => {
  it('delete_tags – app tag deleted in Kelan – deleted in WeCom, done', async () => {
    const { sim: s, deps } = await setup()
    const junk = deps.db.select().from(tags).where(eq(tags.name, '同行')).get()!
    deps.db.delete(relationTags).where(eq(relationTags.tagId, junk.id)).run()
    svc.deleteTag(deps, admin, junk.id)

    const outcome = await pushDeleteTags(deps, deleteItem(deps))

    expect(outcome).toBe('done')
    expect((await wecomTags(s)).flatMap((g) => g.tag).map((t) => t.id)).not.toContain(junk.id)
  })

  it('delete_tags – already deleted in WeCom (40068) – done', async () => {
    const { sim: s, deps } = await setup()
    const junk = deps.db.select().from(tags).where(eq(tags.name, '同行')).get()!
    svc.deleteTag(deps, admin, junk.id)
    await (await wecomCaller(s))('/cgi-bin/externalcontact/del_corp_tag', { tag_id: [junk.id] })

    expect(await pushDeleteTags(deps, deleteItem(deps))).toBe('done')
  })

  it('delete_tags – WeCom refuses for ownership – the tag is back as console-made, throws 301002', async () => {
    const { deps } = await setup()
    const expo = deps.db.select().from(tags).where(eq(tags.name, '展会')).get()!
    deps.db.update(tags).set({ origin: 'unknown' }).where(eq(tags.id, expo.id)).run()
    svc.deleteTag(deps, admin, expo.id)

    await expect(pushDeleteTags(deps, deleteItem(deps))).rejects.toMatchObject({ errcode: 301002 })
    expect(deps.db.select().from(tags).where(eq(tags.id, expo.id)).get()).toMatchObject({ name: '展会', origin: 'console', groupId: expo.groupId })
  })
})
