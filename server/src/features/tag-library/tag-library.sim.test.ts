/**
 * The tag library end to end against the WeCom simulator: the simulator's admin console
 * changes tags and pushes change_external_tag into Kelan's callback route; the callback worker
 * syncs; the library (and its permissions) follow. Kelan's outbox handlers push the admin's
 * changes back. Nothing is faked on Kelan's side.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ErrorBody, LibraryGroup, TagLibrary } from '@kelan/shared'
import { eq } from 'drizzle-orm'
import { outbox, relationTags, tagGroups, tags } from '../../db/schema'
import { createCallbackWorker } from '../../jobs/callback-worker'
import { createOutboxWorker } from '../../jobs/outbox-worker'
import { relationTagIds } from '../../test/helpers'
import { kelanOnSimulator } from '../../test/sim-kelan'
import { DEMO_CORP, type Simulator } from '../../wecom-sim'
import { getRelation } from '../../wecom-sim/contacts.repo'
import { jsonInit } from '../../wecom-sim/testing'
import { outboxHandlers } from '../outbox/outbox.handlers'
import { findOpenItem } from '../outbox/outbox.repo'
import { applyCustomerChange } from '../tags/tags.repo'
import { fullSync, syncTags } from '../sync/sync.service'
import { pushCreateTags } from './tag-library.outbox'
import { call } from './tag-library.testing'

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }
const ADMIN = DEMO_CORP.adminUserid
let sim: Simulator | undefined
afterEach(() => sim?.close())

/** Kelan wired to a fresh simulator (callbacks delivered in-process), fully synced. */
async function setup() {
  const { sim: s, deps } = kelanOnSimulator({ customers: 20, wecom: { sleep: async () => undefined } })
  sim = s
  await fullSync(deps)
  const worker = createCallbackWorker(deps, { pollMs: 10, logger: quiet })
  /** Acts in the WeCom admin console, then lets Kelan take in the callbacks. */
  const inConsole = async (path: string, body: unknown) => {
    const res = await s.app.request(`/_control/console/${path}`, jsonInit(body))
    expect(res.status).toBe(200)
    await s.callbacks.idle()
    await worker.drain()
    return res.json() as Promise<unknown>
  }
  const library = async () => TagLibrary.parse(await (await call(deps, '/api/tags', { as: ADMIN })).json())
  return { sim: s, deps, inConsole, library, worker }
}

describe('tag library against the simulator', () => {
  it('console creates a group – change_external_tag reaches Kelan – the library shows it as console-made', async () => {
    const { inConsole, library } = await setup()

    await inConsole('add-tags', { group_name: '会员等级', order: 1000, tag: [{ name: '金卡', order: 2 }, { name: '银卡', order: 1 }] })

    const group = (await library()).groups[0]!
    expect(group).toMatchObject({ name: '会员等级', origin: 'console', pending: false })
    expect(group.tags.map((t) => [t.name, t.origin])).toEqual([['金卡', 'console'], ['银卡', 'console']])
  })

  it('console renames and deletes tags – the library follows', async () => {
    const { inConsole, library } = await setup()
    const before = await library()
    const level = before.groups.find((g) => g.name === '客户等级')!
    const intent = before.groups.find((g) => g.name === '意向程度')!

    await inConsole('edit-tag', { id: level.tags[0]!.id, name: '钻石客户' })
    await inConsole('delete-tags', { tag_id: [intent.tags[2]!.id] })

    const after = await library()
    expect(after.groups.find((g) => g.id === level.id)!.tags[0]!.name).toBe('钻石客户')
    expect(after.groups.find((g) => g.id === intent.id)!.tags.map((t) => t.id)).not.toContain(intent.tags[2]!.id)
  })

  it('console-made tag – probed as console – rename 403 TAG_READ_ONLY, colour still allowed', async () => {
    const { deps, library } = await setup()
    const vip = (await library()).groups.find((g) => g.name === '客户等级')!.tags[0]!
    expect(vip.origin).toBe('console')

    const rename = await call(deps, `/api/admin/tags/${vip.id}`, { as: ADMIN, method: 'PATCH', json: { name: '贵宾' } })
    const colour = await call(deps, `/api/admin/tags/${vip.id}`, { as: ADMIN, method: 'PATCH', json: { color: 'gold' } })

    expect(rename.status).toBe(403)
    expect(ErrorBody.parse(await rename.json()).error).toMatchObject({ code: 'TAG_READ_ONLY', message: '该标签在企业微信后台创建，应用无权修改' })
    expect(colour.status).toBe(200)
  })

  it('admin creates a group – create_tags pushed, WeCom’s callback synced – one group, WeCom ids, Kelan’s colour kept, app-made', async () => {
    const { deps, sim: s, worker, library } = await setup()
    const res = await call(deps, '/api/admin/tag-groups', {
      as: ADMIN,
      method: 'POST',
      json: { name: '购买意向', color: 'gold', tags: [{ name: '年费' }, { name: '月费' }] },
    })
    const local = LibraryGroup.parse(await res.json())

    await pushCreateTags(deps, findOpenItem(deps.db, deps.corpId, 'create_tags', local.id)!)
    await s.callbacks.idle()
    await worker.drain()

    const groups = (await library()).groups.filter((g) => g.name === '购买意向')
    expect(groups).toHaveLength(1)
    expect(groups[0]).toMatchObject({ color: 'gold', origin: 'app', pending: false })
    expect(groups[0]!.id).toMatch(/^et/)
    expect(groups[0]!.tags.map((t) => [t.name, t.origin, t.id.startsWith('et')])).toEqual([['年费', 'app', true], ['月费', 'app', true]])
  })

  it('outbox worker – group made in Kelan, a customer tagged with its local tag at once – WeCom ends up with the group and the tag on the customer', async () => {
    const { deps, sim: s } = await setup()
    const outboxWorker = createOutboxWorker(deps, { handlers: outboxHandlers, pollMs: 10, logger: quiet })
    const res = await call(deps, '/api/admin/tag-groups', { as: ADMIN, method: 'POST', json: { name: '购买意向', tags: [{ name: '年费' }] } })
    const localTag = LibraryGroup.parse(await res.json()).tags[0]!.id
    const rel = deps.db.select().from(relationTags).get()!
    const ctx = { corpId: deps.corpId, operator: ADMIN, source: 'admin' as const, now: deps.clock.now() }
    applyCustomerChange(deps.db, ctx, { externalUserid: rel.externalUserid, target: rel.userid, add: [localTag], remove: [] })

    await outboxWorker.drain()

    const tagId = deps.db.select().from(tags).where(eq(tags.name, '年费')).get()!.id
    expect(tagId).toMatch(/^et/)
    expect(getRelation(s.db, rel.userid, rel.externalUserid)?.tag_id).toContain(tagId)
    expect(deps.db.select().from(outbox).where(eq(outbox.status, 'pending')).all()).toEqual([])
  })

  it('outbox worker – rename of a tag WeCom says another app owns – item failed with 301002, name and origin from WeCom', async () => {
    const { deps } = await setup()
    const outboxWorker = createOutboxWorker(deps, { handlers: outboxHandlers, pollMs: 10, logger: quiet })
    const lib = TagLibrary.parse(await (await call(deps, '/api/tags', { as: ADMIN })).json())
    const expo = lib.groups.find((g) => g.name === '客户来源')!.tags.find((t) => t.name === '展会')!
    deps.db.update(tags).set({ origin: 'unknown' }).where(eq(tags.id, expo.id)).run()

    const rename = await call(deps, `/api/admin/tags/${expo.id}`, { as: ADMIN, method: 'PATCH', json: { name: '展会活动' } })
    await outboxWorker.drain()

    expect(rename.status).toBe(200)
    expect(deps.db.select().from(outbox).where(eq(outbox.key, expo.id)).get()).toMatchObject({ status: 'failed', lastErrcode: 301002 })
    expect(deps.db.select().from(tags).where(eq(tags.id, expo.id)).get()).toMatchObject({ name: '展会', origin: 'console' })
  })
  it('syncTags – its tag list read while create_tags committed a new group – the group is kept with Kelan’s colour, 互斥 and description', async () => {
    const { deps } = await setup()
    const outboxWorker = createOutboxWorker(deps, { handlers: outboxHandlers, pollMs: 10, logger: quiet })
    const getCorpTagList = deps.wecom.getCorpTagList
    let pushWhileReading: (() => Promise<unknown>) | undefined = () => outboxWorker.drain()
    deps.wecom.getCorpTagList = async (filter) => {
      const list = await getCorpTagList(filter)
      const push = pushWhileReading
      pushWhileReading = undefined
      await push?.()
      return list
    }
    await call(deps, '/api/admin/tag-groups', {
      as: ADMIN,
      method: 'POST',
      json: { name: '新分组Y', color: 'green', exclusive: true, description: '重要', tags: [{ name: '标签乙' }] },
    })

    await syncTags(deps)

    const group = deps.db.select().from(tagGroups).where(eq(tagGroups.name, '新分组Y')).get()
    expect(group).toMatchObject({ color: 'green', exclusive: true, description: '重要', origin: 'app' })
    expect(group!.id).toMatch(/^et/)
    expect(deps.db.select().from(tags).where(eq(tags.name, '标签乙')).get()?.groupId).toBe(group!.id)
  })

  it('syncTags – a mark_tag push failed (40068) on a tag the console deleted first – the tag dropped, the item re-opened and done', async () => {
    const { deps, sim: s, worker } = await setup()
    const outboxWorker = createOutboxWorker(deps, { handlers: outboxHandlers, pollMs: 10, logger: quiet })
    const rel = deps.db.select().from(relationTags).get()!
    const carried = new Set(relationTagIds(deps.db, rel.externalUserid, rel.userid))
    const other = deps.db.select().from(tags).all().find((t) => !carried.has(t.id))!
    const ctx = { corpId: deps.corpId, operator: rel.userid, source: 'sidebar' as const, now: deps.clock.now() }
    applyCustomerChange(deps.db, ctx, { externalUserid: rel.externalUserid, target: rel.userid, add: [other.id], remove: [] })
    await s.app.request('/_control/console/delete-tags', jsonInit({ tag_id: [other.id] }))
    await outboxWorker.drain()
    expect(deps.db.select().from(outbox).get()).toMatchObject({ kind: 'mark_tag', status: 'failed', lastErrcode: 40068 })

    await s.callbacks.idle()
    await worker.drain()
    await outboxWorker.drain()

    expect(relationTagIds(deps.db, rel.externalUserid, rel.userid)).toEqual([...carried].sort())
    expect(deps.db.select().from(outbox).all()).toEqual([])
  })
})
