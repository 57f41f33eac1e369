import { afterEach, describe, expect, it } from 'vitest'
import { makeCustomer, makeRelation, makeTag, makeTagGroup, relationTagIds, seed, TEST_CORP_ID } from '../../test/helpers'
import { libraryCommits } from '../tag-library/tag-library.commits'
import { replaceCorpTags, writeCustomerBatch, type RelationWithTags } from './sync.repo'
import { armRivalWriter, fileDeps, type RivalWriter } from './sync.testing'

const T = 1_700_000_000

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).reverse().forEach((fn) => fn()))

/** Kelan on a database file; `arm` readies a rival connection for its next transaction write. */
function raced() {
  const { deps, cleanup } = fileDeps()
  cleanups.push(cleanup)
  const arm = (): RivalWriter => {
    const rival = armRivalWriter(deps.db)
    cleanups.push(() => rival.close())
    return rival
  }
  return { deps, arm }
}

describe('read-then-write transactions with another connection writing', () => {
  it('writeCustomerBatch – relations only (reads first), another connection commits before its first write – written, the other kept out', () => {
    const { deps, arm } = raced()
    seed(deps.db, { customers: [makeCustomer()], relations: [makeRelation({ updatedAt: T })] })
    const fields = { remark: '', description: '', addWay: 0, state: '', operUserid: '', remarkCorpName: '', remarkMobiles: [] }
    const read: RelationWithTags = { ...makeRelation(), ...fields, status: 'active', endedAt: null, updatedAt: T + 10, tagIds: ['etA'] }
    const rival = arm()

    writeCustomerBatch(deps.db, { customers: [], relations: [read] })

    expect(rival.committed).toBe(false)
    expect(relationTagIds(deps.db, 'wmCUST0001', 'lisi')).toEqual(['etA'])
  })

  it('replaceCorpTags – another connection commits between its reads and its first write – written, the other kept out', () => {
    const { deps, arm } = raced()
    seed(deps.db, { tagGroups: [makeTagGroup()], tags: [makeTag()] })
    const group = { corpId: TEST_CORP_ID, id: 'etGROUP01', name: '新组名', order: 1, createTime: T }
    const tag = { corpId: TEST_CORP_ID, id: 'etTAG0001', groupId: 'etGROUP01', name: 'A类', order: 1, createTime: T }
    const rival = arm()

    const written = replaceCorpTags(deps.db, TEST_CORP_ID, { groups: [group], tags: [tag] }, { now: T, listFrom: libraryCommits(deps.db) })

    expect(written).toBe(true)
    expect(rival.committed).toBe(false)
    expect(deps.db.$client.prepare('select name from tag_groups').pluck().get()).toBe('新组名')
  })
})
