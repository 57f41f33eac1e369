import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { followRelations, outbox, wecomRelationTags } from '../../db/schema'
import type { Deps } from '../../deps'
import { makeCustomer, makeRelation, makeRelationTag, makeStaff, makeTag, makeTagGroup, makeTestDeps, seed, TEST_CORP_ID } from '../../test/helpers'
import {
  confirmRelationTags,
  enqueue,
  failureNames,
  findMarkTagItem,
  findOpenItem,
  isRelationActive,
  listFailedItems,
  markItemFailed,
  recordFailedAttempt,
  relationTagState,
  reopenItem,
  rescheduleItem,
  resetItem,
} from './outbox.repo'
import { writeCustomerBatch, type RelationWithTags } from '../sync/sync.repo'
import { armRivalWriter, fileDeps } from '../sync/sync.testing'

const T = 1_700_000_000
const failure = (now: number, errcode: number | null = 45009) => ({ now, errcode, error: `错误 ${errcode}` })

/** Writes an open item and returns it. */
function item(deps: Deps, key = 'wm1/lisi', kind: 'mark_tag' | 'edit_tag' = 'mark_tag', now = T) {
  enqueue(deps.db, { corpId: TEST_CORP_ID, kind, key, createdBy: 'lisi', now })
  return findOpenItem(deps.db, TEST_CORP_ID, kind, key)!
}

const row = (deps: Deps, id: number) => deps.db.select().from(outbox).where(eq(outbox.id, id)).get()

describe('recordFailedAttempt', () => {
  it('recordFailedAttempt – first failure – pending, 1 attempt, due in 5 s, error kept', () => {
    const deps = makeTestDeps()
    const { id } = item(deps)

    const status = recordFailedAttempt(deps.db, id, failure(T + 1))

    expect(status).toBe('pending')
    expect(row(deps, id)).toMatchObject({
      status: 'pending', attempts: 1, nextAttemptAt: T + 1 + 5, lastErrcode: 45009, lastError: '错误 45009', updatedAt: T + 1,
    })
  })

  it('recordFailedAttempt – repeated failures – delays double then stop at 10 min', () => {
    const deps = makeTestDeps()
    const { id } = item(deps)

    const delays = Array.from({ length: 10 }, () => {
      recordFailedAttempt(deps.db, id, failure(T))
      return row(deps, id)!.nextAttemptAt - T
    })

    expect(delays).toEqual([5, 10, 20, 40, 80, 160, 320, 600, 600, 600])
  })

  it('recordFailedAttempt – the 20th failure – parked as failed', () => {
    const deps = makeTestDeps()
    const { id } = item(deps)
    for (let i = 0; i < 19; i++) expect(recordFailedAttempt(deps.db, id, failure(T))).toBe('pending')

    expect(recordFailedAttempt(deps.db, id, failure(T, -1))).toBe('failed')

    expect(row(deps, id)).toMatchObject({ status: 'failed', attempts: 20, lastErrcode: -1 })
  })

  it('recordFailedAttempt – another connection commits between its read and its write – counted, the other kept out', () => {
    const { deps, cleanup } = fileDeps()
    const id = item(deps).id
    const rival = armRivalWriter(deps.db)
    try {
      expect(recordFailedAttempt(deps.db, id, failure(T))).toBe('pending')
      expect(rival.committed).toBe(false)
      expect(row(deps, id)?.attempts).toBe(1)
    } finally {
      rival.close()
      cleanup()
    }
  })

  it('recordFailedAttempt – item deleted meanwhile – undefined, nothing written', () => {
    const deps = makeTestDeps()

    expect(recordFailedAttempt(deps.db, 999, failure(T))).toBeUndefined()
    expect(deps.db.select().from(outbox).all()).toEqual([])
  })
})

describe('markItemFailed / rescheduleItem / resetItem', () => {
  it('markItemFailed – permanent refusal – failed at once, attempt counted, errcode kept', () => {
    const deps = makeTestDeps()
    const { id } = item(deps)

    markItemFailed(deps.db, id, { now: T + 3, errcode: 84061, error: '该客户已不是此成员的好友（错误码 84061）' })

    expect(row(deps, id)).toMatchObject({ status: 'failed', attempts: 1, lastErrcode: 84061, updatedAt: T + 3 })
  })

  it('rescheduleItem – waiting for a local tag – put off, no attempt counted', () => {
    const deps = makeTestDeps()
    const { id } = item(deps)

    rescheduleItem(deps.db, id, { now: T + 2, waitSeconds: 30 })

    expect(row(deps, id)).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: T + 32 })
  })

  it('resetItem – after failed attempts – due now from zero, errors cleared', () => {
    const deps = makeTestDeps()
    const { id } = item(deps)
    recordFailedAttempt(deps.db, id, failure(T))

    resetItem(deps.db, id, T + 9)

    expect(row(deps, id)).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: T + 9, lastErrcode: null, lastError: null })
  })
})

describe('reopenItem', () => {
  it('reopenItem – a failed item – pending, zero attempts, due now, true', () => {
    const deps = makeTestDeps()
    const { id } = item(deps)
    markItemFailed(deps.db, id, failure(T, 84061))

    expect(reopenItem(deps.db, TEST_CORP_ID, id, T + 60)).toBe(true)

    expect(row(deps, id)).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: T + 60, lastErrcode: null })
  })

  it('reopenItem – a pending item – false, backoff untouched', () => {
    const deps = makeTestDeps()
    const { id } = item(deps)
    recordFailedAttempt(deps.db, id, failure(T))

    expect(reopenItem(deps.db, TEST_CORP_ID, id, T + 1)).toBe(false)

    expect(row(deps, id)).toMatchObject({ attempts: 1, nextAttemptAt: T + 5 })
  })

  it('reopenItem – another corp’s failed item – false', () => {
    const deps = makeTestDeps()
    const { id } = item(deps)
    markItemFailed(deps.db, id, failure(T, 84061))

    expect(reopenItem(deps.db, 'wwOTHERCORP', id, T + 1)).toBe(false)
    expect(row(deps, id)?.status).toBe('failed')
  })
})

describe('listFailedItems', () => {
  it('listFailedItems – mixed items – only failed ones of the corp, newest first', () => {
    const deps = makeTestDeps()
    const older = item(deps, 'wm1/lisi')
    const newer = item(deps, 'wm2/lisi')
    item(deps, 'wm3/lisi')
    markItemFailed(deps.db, older.id, failure(T + 1, 84061))
    markItemFailed(deps.db, newer.id, failure(T + 2, 40068))
    deps.db.insert(outbox).values({ corpId: 'wwOTHERCORP', kind: 'mark_tag', key: 'x/y', status: 'failed', nextAttemptAt: T, createdAt: T, updatedAt: T + 5 }).run()

    expect(listFailedItems(deps.db, TEST_CORP_ID).map((i) => i.key)).toEqual(['wm2/lisi', 'wm1/lisi'])
  })

  it('listFailedItems – more than the limit – cut at the limit', () => {
    const deps = makeTestDeps()
    for (let i = 0; i < 5; i++) markItemFailed(deps.db, item(deps, `wm${i}/lisi`).id, failure(T + i, 84061))

    expect(listFailedItems(deps.db, TEST_CORP_ID, 3).map((i) => i.key)).toEqual(['wm4/lisi', 'wm3/lisi', 'wm2/lisi'])
  })
})

describe('findMarkTagItem', () => {
  it('findMarkTagItem – a relation with an open item – that item; another relation – undefined', () => {
    const deps = makeTestDeps()
    const { id } = item(deps, 'wmCUST0001/lisi')
    item(deps, 'wmCUST0001/lisi', 'edit_tag')

    expect(findMarkTagItem(deps.db, TEST_CORP_ID, 'wmCUST0001', 'lisi')?.id).toBe(id)
    expect(findMarkTagItem(deps.db, TEST_CORP_ID, 'wmCUST0001', 'wangfang')).toBeUndefined()
  })
})

describe('relation state for mark_tag', () => {
  const ref = { corpId: TEST_CORP_ID, externalUserid: 'wmCUST0001', userid: 'lisi' }

  it('isRelationActive – active, ended, missing – true, false, false', () => {
    const deps = makeTestDeps()
    seed(deps.db, {
      relations: [makeRelation(), makeRelation({ userid: 'gone', status: 'deleted_by_customer' })],
    })

    expect(isRelationActive(deps.db, ref)).toBe(true)
    expect(isRelationActive(deps.db, { ...ref, userid: 'gone' })).toBe(false)
    expect(isRelationActive(deps.db, { ...ref, userid: 'nobody' })).toBe(false)
  })

  it('relationTagState – one tag synced, one not yet – desired has both, remote one', () => {
    const deps = makeTestDeps()
    seed(deps.db, { relations: [makeRelation()], relationTags: [makeRelationTag({ tagId: 'etA' })] })
    deps.db.insert(wecomRelationTags).values({ ...ref, tagId: 'etOld' }).run()

    const state = relationTagState(deps.db, ref)

    expect({ desired: state.desired, remote: state.remote.sort() }).toEqual({ desired: ['etA'], remote: ['etA', 'etOld'] })
  })

  it('confirmRelationTags – WeCom accepted add and remove – remote updated, updated_at moved past now', () => {
    const deps = makeTestDeps()
    seed(deps.db, { relations: [makeRelation({ updatedAt: T })], relationTags: [makeRelationTag({ tagId: 'etOld' })] })

    confirmRelationTags(deps.db, ref, { add: ['etNew'], remove: ['etOld'] }, T + 100)

    expect(relationTagState(deps.db, ref).remote).toEqual(['etNew'])
    expect(deps.db.select({ u: followRelations.updatedAt }).from(followRelations).get()?.u).toBe(T + 101)
  })

  it('confirmRelationTags – a sync read WeCom in the push\'s second, before the push – its tags from before the push are not written', () => {
    const deps = makeTestDeps()
    seed(deps.db, { relations: [makeRelation({ updatedAt: T })] })
    // The user took etA off the relation; WeCom still has it until the push at T + 100.
    deps.db.insert(wecomRelationTags).values({ ...ref, tagId: 'etA' }).run()
    const fields = { remark: '', description: '', addWay: 0, state: '', operUserid: '', remarkCorpName: '', remarkMobiles: [] }
    const readBeforePush: RelationWithTags = { ...makeRelation(), ...fields, status: 'active', endedAt: null, updatedAt: T + 100, tagIds: ['etA'] }

    confirmRelationTags(deps.db, ref, { add: [], remove: ['etA'] }, T + 100)
    writeCustomerBatch(deps.db, { customers: [], relations: [readBeforePush] }, { historyForNew: true })

    expect(relationTagState(deps.db, ref)).toEqual({ desired: [], remote: [] })
  })

  it('confirmRelationTags – relation written later than now – updated_at not moved back', () => {
    const deps = makeTestDeps()
    seed(deps.db, { relations: [makeRelation({ updatedAt: T + 500 })] })

    confirmRelationTags(deps.db, ref, { add: ['etNew'], remove: [] }, T + 100)

    expect(deps.db.select({ u: followRelations.updatedAt }).from(followRelations).get()?.u).toBe(T + 500)
  })
})

describe('failureNames', () => {
  it('failureNames – items of every kind – names of customers, staff, groups and tags', () => {
    const deps = makeTestDeps()
    seed(deps.db, {
      staff: [makeStaff({ userid: 'lisi', name: '李四' })],
      customers: [makeCustomer({ externalUserid: 'wm1', name: '王小明' })],
      tagGroups: [makeTagGroup({ id: 'etG', name: '意向程度' })],
      tags: [makeTag({ id: 'etT', groupId: 'etG', name: '高' })],
    })
    const items = [item(deps, 'wm1/lisi'), item(deps, 'etG', 'edit_tag'), item(deps, 'etT', 'edit_tag')]

    const names = failureNames(deps.db, TEST_CORP_ID, items)

    expect([names.customer('wm1'), names.staff('lisi'), names.group('etG'), names.tag('etT')]).toEqual([
      '王小明',
      '李四',
      '意向程度',
      { id: 'etT', name: '高', groupName: '意向程度' },
    ])
    expect([names.customer('wm2'), names.staff('x'), names.group('etT'), names.tag('etG')]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ])
  })
})
