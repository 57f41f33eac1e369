/**
 * syncTags (WeCom's tag list into Kelan) with the library's own state around: local fields,
 * local ids and changes still on their way to WeCom must survive a WeCom read.
 */
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import type { Viewer } from '../../app-env'
import { relationTags, tagGroups, tags, wecomRelationTags } from '../../db/schema'
import { fakeClock } from '../../lib/clock'
import { createFakeWecom, emptyCorp, fakeTagGroup } from '../../test/fake-wecom'
import { makeCustomer, makeRelation, makeRelationTag, makeTestDeps, seed, TEST_CORP_ID } from '../../test/helpers'
import { findOpenItem } from '../outbox/outbox.repo'
import { syncTags } from '../sync/sync.service'
import * as svc from './tag-library.service'

const admin: Viewer = { corpId: TEST_CORP_ID, userid: 'boss', role: 'admin' }

/** Kelan with a fake WeCom holding group etG1 (tags etA, etB), synced once. */
async function setup() {
  const corp = emptyCorp()
  corp.tagGroups.push(fakeTagGroup('etG1', ['etA', 'etB']))
  const wecom = createFakeWecom(corp)
  const deps = makeTestDeps({ wecom, clock: fakeClock() })
  await syncTags(deps)
  return { deps, corp }
}

type Deps = Awaited<ReturnType<typeof setup>>['deps']
const tagRow = (deps: Deps, id: string) => deps.db.select().from(tags).where(eq(tags.id, id)).get()
const groupRow = (deps: Deps, id: string) => deps.db.select().from(tagGroups).where(eq(tagGroups.id, id)).get()

describe('syncTags and the library', () => {
  it('syncTags – WeCom renamed a group and a tag Kelan coloured – WeCom names, Kelan colour, 互斥, description and origin kept', async () => {
    const { deps, corp } = await setup()
    svc.updateGroup(deps, admin, 'etG1', { color: 'gold', exclusive: true, description: '说明' })
    svc.updateTag(deps, admin, 'etA', { color: 'pink', description: '标签说明' })
    deps.db.update(tags).set({ origin: 'app' }).where(eq(tags.id, 'etA')).run()
    corp.tagGroups[0]!.group_name = '新组名'
    corp.tagGroups[0]!.tag[0]!.name = '新标签名'

    await syncTags(deps)

    expect(groupRow(deps, 'etG1')).toMatchObject({ name: '新组名', color: 'gold', exclusive: true, description: '说明' })
    expect(tagRow(deps, 'etA')).toMatchObject({ name: '新标签名', color: 'pink', description: '标签说明', origin: 'app' })
  })

  it('syncTags – a group and a tag made in Kelan, not in WeCom yet – both kept with their create items', async () => {
    const { deps } = await setup()
    const group = svc.createGroup(deps, admin, { name: '新组', color: 'blue', exclusive: false, description: '', tags: [{ name: 'x' }] })
    const added = svc.addTags(deps, admin, 'etG1', { tags: [{ name: 'y' }] })
    const localInWecomGroup = added.tags.find((t) => t.name === 'y')!.id

    await syncTags(deps)

    expect(groupRow(deps, group.id)).toBeDefined()
    expect(tagRow(deps, group.tags[0]!.id)).toBeDefined()
    expect(tagRow(deps, localInWecomGroup)).toBeDefined()
    expect(findOpenItem(deps.db, deps.corpId, 'create_tags', 'etG1')).toBeDefined()
  })

  it('syncTags – WeCom deleted a group holding a tag Kelan has not created yet – both gone, create item dropped', async () => {
    const { deps, corp } = await setup()
    svc.addTags(deps, admin, 'etG1', { tags: [{ name: 'y' }] })
    corp.tagGroups = []

    await syncTags(deps)

    expect(deps.db.select().from(tags).all()).toEqual([])
    expect(groupRow(deps, 'etG1')).toBeUndefined()
    expect(findOpenItem(deps.db, deps.corpId, 'create_tags', 'etG1')).toBeUndefined()
  })

  it('syncTags – tag renamed in Kelan, edit still pending – Kelan’s name stays (the item pushes it)', async () => {
    const { deps } = await setup()
    svc.updateTag(deps, admin, 'etA', { name: '本地新名' })

    await syncTags(deps)

    expect(tagRow(deps, 'etA')?.name).toBe('本地新名')
  })

  it('syncTags – tag deleted in Kelan, delete still pending – not brought back', async () => {
    const { deps } = await setup()
    svc.deleteTag(deps, admin, 'etB')

    await syncTags(deps)

    expect(tagRow(deps, 'etB')).toBeUndefined()
  })

  it('syncTags – tag deleted in WeCom – taken off relations, desired and confirmed alike', async () => {
    const { deps, corp } = await setup()
    seed(deps.db, { customers: [makeCustomer()], relations: [makeRelation()], relationTags: [makeRelationTag({ tagId: 'etB' })] })
    const confirmed = { corpId: TEST_CORP_ID, externalUserid: 'wmCUST0001', userid: 'lisi', tagId: 'etB' }
    deps.db.insert(wecomRelationTags).values(confirmed).onConflictDoNothing().run()
    corp.tagGroups[0]!.tag = corp.tagGroups[0]!.tag.filter((t) => t.id !== 'etB')

    await syncTags(deps)

    expect(tagRow(deps, 'etB')).toBeUndefined()
    expect(deps.db.select().from(relationTags).all()).toEqual([])
    expect(deps.db.select().from(wecomRelationTags).all()).toEqual([])
  })
})
