/**
 * syncTags (WeCom's tag list into Kelan) with the library's own state around: local fields,
 * local ids and changes still on their way to WeCom must survive a WeCom read.
 */
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import type { Viewer } from '../../app-env'
import { relationTags, tagGroups, tags, wecomRelationTags } from '../../db/schema'
import { fakeClock } from '../../lib/clock'
import { createFakeWecom, emptyCorp, fakeTagGroup, type FakeWecom } from '../../test/fake-wecom'
import { makeCustomer, makeRelation, makeRelationTag, makeTestDeps, seed, TEST_CORP_ID } from '../../test/helpers'
import { enqueue, findOpenItem, markItemFailed } from '../outbox/outbox.repo'
import { syncTags } from '../sync/sync.service'
import { countLibraryCommit } from './tag-library.commits'
import * as svc from './tag-library.service'

const admin: Viewer = { corpId: TEST_CORP_ID, userid: 'boss', role: 'admin' }

/** Kelan with a fake WeCom holding group etG1 (tags etA, etB), synced once. */
async function setup() {
  const corp = emptyCorp()
  corp.tagGroups.push(fakeTagGroup('etG1', ['etA', 'etB']))
  const wecom = createFakeWecom(corp)
  const clock = fakeClock()
  const deps = makeTestDeps({ wecom, clock })
  await syncTags(deps)
  return { deps, corp, clock }
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
  it('syncTags – WeCom deleted a tag a failed mark_tag item pushed – that item re-opened, due now; another relation’s failed item left', async () => {
    const { deps, corp, clock } = await setup()
    seed(deps.db, {
      customers: [makeCustomer({ externalUserid: 'wm1' }), makeCustomer({ externalUserid: 'wm2' })],
      relations: [makeRelation({ externalUserid: 'wm1' }), makeRelation({ externalUserid: 'wm2' })],
    })
    deps.db.insert(relationTags).values({ corpId: TEST_CORP_ID, externalUserid: 'wm1', userid: 'lisi', tagId: 'etB' }).run()
    for (const key of ['wm1/lisi', 'wm2/lisi']) {
      enqueue(deps.db, { corpId: TEST_CORP_ID, kind: 'mark_tag', key, createdBy: 'lisi', now: deps.clock.now() })
      markItemFailed(deps.db, findOpenItem(deps.db, TEST_CORP_ID, 'mark_tag', key)!.id, { now: deps.clock.now(), errcode: 40068, error: '标签不存在' })
    }
    corp.tagGroups[0]!.tag = corp.tagGroups[0]!.tag.filter((t) => t.id !== 'etB')
    clock.advance(60)

    await syncTags(deps)

    const item = (key: string) => findOpenItem(deps.db, TEST_CORP_ID, 'mark_tag', key)
    expect(item('wm1/lisi')).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: deps.clock.now(), lastErrcode: null })
    expect(item('wm2/lisi')).toMatchObject({ status: 'failed', lastErrcode: 40068 })
  })

  it('syncTags – a library outbox handler commits during the list read – reads the list again before writing', async () => {
    const { deps, corp } = await setup()
    const read = deps.wecom.getCorpTagList
    let reads = 0
    deps.wecom.getCorpTagList = async (filter) => {
      const list = await read(filter)
      if (++reads === 1) {
        countLibraryCommit(deps.db)
        corp.tagGroups[0]!.group_name = '读取后改名'
      }
      return list
    }

    await syncTags(deps)

    expect(reads).toBe(2)
    expect(groupRow(deps, 'etG1')?.name).toBe('读取后改名')
  })

  it('syncTags – a library handler commits during every read – gives up after 5 reads, nothing written', async () => {
    const { deps, corp } = await setup()
    const read = deps.wecom.getCorpTagList
    deps.wecom.getCorpTagList = async (filter) => {
      const list = await read(filter)
      countLibraryCommit(deps.db)
      return list
    }
    corp.tagGroups[0]!.group_name = '不会写入'

    await expect(syncTags(deps)).rejects.toThrow('标签库正在同步到企业微信')

    expect((deps.wecom as FakeWecom).calls.getCorpTagList).toBe(1 + 5)
    expect(groupRow(deps, 'etG1')?.name).not.toBe('不会写入')
  })
})
