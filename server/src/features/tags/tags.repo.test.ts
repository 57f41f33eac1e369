import { describe, expect, it } from 'vitest'
import { asc, eq } from 'drizzle-orm'
import { createDb, type Db } from '../../db/client'
import { followRelations, outbox, relationTags, tagEvents } from '../../db/schema'
import { makeCustomer, makeRelation, makeRelationTag, makeStaff, makeTag, makeTagGroup, relationTagIds, seed, TEST_CORP_ID } from '../../test/helpers'
import { applyCustomerChange, listTagHistory, recordTagEvents, type ChangeContext } from './tags.repo'

const NOW = 1_700_100_000
const CUST = 'wmCUST0001'

/**
 * lisi and wangwu both follow CUST. Groups: 意向程度 (互斥: 高 etHI / 低 etLO) and 来源 (not 互斥:
 * 展会 etEXPO / 官网 etWEB). lisi's relation carries 官网 and 低, wangwu's 官网.
 */
function setup(): Db {
  const db = createDb(':memory:')
  seed(db, {
    staff: [makeStaff({ userid: 'lisi', name: '李四' }), makeStaff({ userid: 'wangwu', name: '王五' })],
    customers: [makeCustomer({ externalUserid: CUST }), makeCustomer({ externalUserid: 'wmOTHER', name: '另一位客户' })],
    relations: [
      makeRelation({ externalUserid: CUST, userid: 'lisi' }),
      makeRelation({ externalUserid: CUST, userid: 'wangwu' }),
      makeRelation({ externalUserid: 'wmOTHER', userid: 'lisi' }),
    ],
    tagGroups: [
      makeTagGroup({ id: 'etINTENT', name: '意向程度', exclusive: true }),
      makeTagGroup({ id: 'etSOURCE', name: '来源' }),
    ],
    tags: [
      makeTag({ id: 'etHI', groupId: 'etINTENT', name: '高' }),
      makeTag({ id: 'etLO', groupId: 'etINTENT', name: '低' }),
      makeTag({ id: 'etEXPO', groupId: 'etSOURCE', name: '展会' }),
      makeTag({ id: 'etWEB', groupId: 'etSOURCE', name: '官网' }),
    ],
    relationTags: [
      makeRelationTag({ externalUserid: CUST, userid: 'lisi', tagId: 'etWEB' }),
      makeRelationTag({ externalUserid: CUST, userid: 'lisi', tagId: 'etLO' }),
      makeRelationTag({ externalUserid: CUST, userid: 'wangwu', tagId: 'etWEB' }),
    ],
  })
  return db
}

const ctx = (o: Partial<ChangeContext> = {}): ChangeContext => ({ corpId: TEST_CORP_ID, operator: 'lisi', source: 'sidebar', now: NOW, ...o })

/** Tag ids on `userid`'s relation with CUST (or `externalUserid`), sorted. */
const tagsOn = (db: Db, userid: string, externalUserid = CUST) => relationTagIds(db, externalUserid, userid)

const events = (db: Db) => db.select().from(tagEvents).orderBy(asc(tagEvents.id)).all()
const outboxItems = (db: Db) => db.select().from(outbox).orderBy(asc(outbox.id)).all()

describe('applyCustomerChange', () => {
  it('applyCustomerChange – add and remove on the own relation – tags, history and one mark_tag item written', () => {
    const db = setup()
    const result = applyCustomerChange(db, ctx(), { externalUserid: CUST, target: 'lisi', add: ['etEXPO'], remove: ['etWEB'] })
    expect(result).toEqual({ applied: new Map([['lisi', { add: ['etEXPO'], remove: ['etWEB'] }]]) })

    expect(tagsOn(db, 'lisi')).toEqual(['etEXPO', 'etLO'])
    expect(tagsOn(db, 'wangwu')).toEqual(['etWEB'])
    const added = db.select().from(relationTags).where(eq(relationTags.tagId, 'etEXPO')).get()
    expect(added).toMatchObject({ corpId: TEST_CORP_ID, externalUserid: CUST, userid: 'lisi', source: 'sidebar', addedBy: 'lisi', addedAt: NOW })

    expect(events(db).map(({ id: _, ...e }) => e)).toEqual([
      { corpId: TEST_CORP_ID, externalUserid: CUST, userid: 'lisi', tagId: 'etEXPO', tagName: '展会', groupName: '来源', action: 'add', source: 'sidebar', operatorUserid: 'lisi', at: NOW },
      { corpId: TEST_CORP_ID, externalUserid: CUST, userid: 'lisi', tagId: 'etWEB', tagName: '官网', groupName: '来源', action: 'remove', source: 'sidebar', operatorUserid: 'lisi', at: NOW },
    ])
    expect(outboxItems(db)).toEqual([
      expect.objectContaining({ corpId: TEST_CORP_ID, kind: 'mark_tag', key: `${CUST}/lisi`, status: 'pending', attempts: 0, nextAttemptAt: NOW, createdBy: 'lisi' }),
    ])
  })

  it('applyCustomerChange – add a 互斥 tag while the customer carries another – removed from the other relation, one item per changed relation', () => {
    const db = setup()
    db.insert(relationTags).values({ corpId: TEST_CORP_ID, externalUserid: CUST, userid: 'wangwu', tagId: 'etLO' }).run()
    const result = applyCustomerChange(db, ctx({ operator: 'wangwu', source: 'admin' }), { externalUserid: CUST, target: 'wangwu', add: ['etHI'], remove: [] })
    expect(result).toEqual({
      applied: new Map([
        ['wangwu', { add: ['etHI'], remove: ['etLO'] }],
        ['lisi', { add: [], remove: ['etLO'] }],
      ]),
    })
    expect(tagsOn(db, 'lisi')).toEqual(['etWEB'])
    expect(tagsOn(db, 'wangwu')).toEqual(['etHI', 'etWEB'])
    expect(events(db).map((e) => [e.userid, e.action, e.tagName, e.groupName, e.source, e.operatorUserid])).toEqual(
      expect.arrayContaining([
        ['wangwu', 'add', '高', '意向程度', 'admin', 'wangwu'],
        ['wangwu', 'remove', '低', '意向程度', 'admin', 'wangwu'],
        ['lisi', 'remove', '低', '意向程度', 'admin', 'wangwu'],
      ]),
    )
    expect(events(db)).toHaveLength(3)
    expect(outboxItems(db).map((o) => [o.kind, o.key]).sort()).toEqual([
      ['mark_tag', `${CUST}/lisi`],
      ['mark_tag', `${CUST}/wangwu`],
    ])
  })

  it('applyCustomerChange – add what is there and remove what is not – applied with no changes, nothing written', () => {
    const db = setup()
    const result = applyCustomerChange(db, ctx(), { externalUserid: CUST, target: 'lisi', add: ['etWEB', 'etLO'], remove: ['etEXPO', 'etHI'] })
    expect(result).toEqual({ applied: new Map() })
    expect(tagsOn(db, 'lisi')).toEqual(['etLO', 'etWEB'])
    expect(events(db)).toEqual([])
    expect(outboxItems(db)).toEqual([])
  })

  it('applyCustomerChange – a second change while the relation’s item is pending – still one item, its schedule kept', () => {
    const db = setup()
    applyCustomerChange(db, ctx(), { externalUserid: CUST, target: 'lisi', add: ['etEXPO'], remove: [] })
    db.update(outbox).set({ attempts: 2, nextAttemptAt: NOW + 40 }).run()
    applyCustomerChange(db, ctx({ now: NOW + 5 }), { externalUserid: CUST, target: 'lisi', add: [], remove: ['etEXPO'] })
    expect(outboxItems(db)).toEqual([expect.objectContaining({ key: `${CUST}/lisi`, status: 'pending', attempts: 2, nextAttemptAt: NOW + 40 })])
    expect(events(db).map((e) => [e.action, e.tagId, e.at])).toEqual([
      ['add', 'etEXPO', NOW],
      ['remove', 'etEXPO', NOW + 5],
    ])
  })

  it('applyCustomerChange – the relation’s item had failed – re-opened from zero by the new change', () => {
    const db = setup()
    applyCustomerChange(db, ctx(), { externalUserid: CUST, target: 'lisi', add: ['etEXPO'], remove: [] })
    db.update(outbox).set({ status: 'failed', attempts: 20, nextAttemptAt: NOW + 999, lastErrcode: 84061, lastError: '关系不存在' }).run()
    applyCustomerChange(db, ctx({ now: NOW + 60 }), { externalUserid: CUST, target: 'lisi', add: ['etHI'], remove: [] })
    expect(outboxItems(db)).toEqual([expect.objectContaining({ status: 'pending', attempts: 0, nextAttemptAt: NOW + 60 })])
  })

  it('applyCustomerChange – the target’s relation has ended – refused no_relation, nothing written', () => {
    const db = setup()
    db.update(followRelations).set({ status: 'deleted_by_customer', endedAt: NOW }).where(eq(followRelations.userid, 'lisi')).run()
    const result = applyCustomerChange(db, ctx(), { externalUserid: CUST, target: 'lisi', add: ['etEXPO'], remove: [] })
    expect(result).toEqual({ refused: { kind: 'no_relation' } })
    expect(tagsOn(db, 'lisi')).toEqual(['etLO', 'etWEB'])
    expect(events(db)).toEqual([])
    expect(outboxItems(db)).toEqual([])
  })

  it('applyCustomerChange – target does not follow, or no such customer – refused no_relation', () => {
    const db = setup()
    expect(applyCustomerChange(db, ctx(), { externalUserid: CUST, target: 'zhaoliu', add: ['etEXPO'], remove: [] })).toEqual({ refused: { kind: 'no_relation' } })
    expect(applyCustomerChange(db, ctx(), { externalUserid: 'wmNOSUCH', target: 'lisi', add: ['etEXPO'], remove: [] })).toEqual({ refused: { kind: 'no_relation' } })
  })

  it('applyCustomerChange – an ended colleague relation carrying a 互斥 tag – left alone (only active relations change)', () => {
    const db = setup()
    db.update(followRelations).set({ status: 'deleted_by_staff', endedAt: NOW }).where(eq(followRelations.userid, 'lisi')).run()
    const result = applyCustomerChange(db, ctx({ operator: 'wangwu' }), { externalUserid: CUST, target: 'wangwu', add: ['etHI'], remove: [] })
    expect(result).toEqual({ applied: new Map([['wangwu', { add: ['etHI'], remove: [] }]]) })
    expect(tagsOn(db, 'lisi')).toEqual(['etLO', 'etWEB'])
  })

  it('applyCustomerChange – unknown tag ids (made up, or another corp’s) – refused unknown_tags naming them, nothing written', () => {
    const db = setup()
    seed(db, { tagGroups: [makeTagGroup({ corpId: 'wwOTHERCORP', id: 'etG2' })], tags: [makeTag({ corpId: 'wwOTHERCORP', id: 'etFOREIGN', groupId: 'etG2' })] })
    const result = applyCustomerChange(db, ctx(), { externalUserid: CUST, target: 'lisi', add: ['etEXPO', 'etNOSUCH'], remove: ['etFOREIGN'] })
    expect(result).toEqual({ refused: { kind: 'unknown_tags', ids: ['etNOSUCH', 'etFOREIGN'] } })
    expect(tagsOn(db, 'lisi')).toEqual(['etLO', 'etWEB'])
    expect(events(db)).toEqual([])
    expect(outboxItems(db)).toEqual([])
  })

  it('applyCustomerChange – two tags of a 互斥 group at once – refused mutex, nothing written', () => {
    const db = setup()
    const result = applyCustomerChange(db, ctx(), { externalUserid: CUST, target: 'lisi', add: ['etHI', 'etLO'], remove: [] })
    expect(result).toEqual({ refused: { kind: 'mutex', groupName: '意向程度', tagNames: ['高', '低'] } })
    expect(events(db)).toEqual([])
    expect(outboxItems(db)).toEqual([])
  })

  it('applyCustomerChange – a 互斥 tag that would push off a locked one – refused locked, nothing written', () => {
    const db = setup()
    const result = applyCustomerChange(db, ctx({ operator: 'wangwu' }), { externalUserid: CUST, target: 'wangwu', add: ['etHI'], remove: [], locked: new Set(['etLO']) })
    expect(result).toEqual({ refused: { kind: 'locked', tagNames: ['低'] } })
    expect(tagsOn(db, 'lisi')).toEqual(['etLO', 'etWEB'])
    expect(tagsOn(db, 'wangwu')).toEqual(['etWEB'])
    expect(outboxItems(db)).toEqual([])
  })

  it('applyCustomerChange – called inside a transaction that then fails – nothing of the change stays', () => {
    const db = setup()
    expect(() =>
      db.transaction(() => {
        applyCustomerChange(db, ctx(), { externalUserid: CUST, target: 'lisi', add: ['etEXPO'], remove: ['etWEB'] })
        throw new Error('later step failed')
      }),
    ).toThrow('later step failed')
    expect(tagsOn(db, 'lisi')).toEqual(['etLO', 'etWEB'])
    expect(events(db)).toEqual([])
    expect(outboxItems(db)).toEqual([])
  })
})

describe('listTagHistory', () => {
  /** Seven history rows for CUST (ids 1…7, alternately by lisi and wangwu) and one for another customer. */
  function withHistory(): Db {
    const db = setup()
    const steps: [string, string[], string[]][] = [
      ['lisi', ['etEXPO'], []],
      ['wangwu', ['etEXPO'], []],
      ['lisi', [], ['etEXPO']],
      ['wangwu', ['etHI'], []], // also takes 低 off lisi: two rows
      ['lisi', ['etEXPO'], []],
    ]
    steps.forEach(([userid, add, remove], i) =>
      applyCustomerChange(db, ctx({ operator: userid, now: NOW + i }), { externalUserid: CUST, target: userid, add, remove }),
    )
    // A change WeCom reported, on a relation of someone Kelan has no staff row for.
    recordTagEvents(db, ctx({ operator: '', source: 'wecom', now: NOW + 10 }), { externalUserid: CUST, userid: 'ghost' }, { add: ['etWEB'], remove: [] }, new Map([['etWEB', { name: '官网', groupName: '来源' }]]))
    applyCustomerChange(db, ctx({ now: NOW + 20 }), { externalUserid: 'wmOTHER', target: 'lisi', add: ['etHI'], remove: [] })
    return db
  }

  it('listTagHistory – seven rows, pages of three – three pages newest first, cursor chained, null at the end', () => {
    const db = withHistory()
    const first = listTagHistory(db, TEST_CORP_ID, CUST, { limit: 3 })
    const second = listTagHistory(db, TEST_CORP_ID, CUST, { limit: 3, cursor: first.nextCursor ?? undefined })
    const third = listTagHistory(db, TEST_CORP_ID, CUST, { limit: 3, cursor: second.nextCursor ?? undefined })
    expect(first.items.map((i) => i.id)).toEqual([7, 6, 5])
    expect(first.nextCursor).toBe(5)
    expect(second.items.map((i) => i.id)).toEqual([4, 3, 2])
    expect(second.nextCursor).toBe(2)
    expect(third.items.map((i) => i.id)).toEqual([1])
    expect(third.nextCursor).toBeNull()
  })

  it('listTagHistory – row count an exact multiple of the page size – no empty last page', () => {
    const db = withHistory()
    const first = listTagHistory(db, TEST_CORP_ID, CUST, { limit: 4 })
    const second = listTagHistory(db, TEST_CORP_ID, CUST, { limit: 3, cursor: first.nextCursor ?? undefined })
    expect(first.items).toHaveLength(4)
    expect(second.items.map((i) => i.id)).toEqual([3, 2, 1])
    expect(second.nextCursor).toBeNull()
  })

  it('listTagHistory – rows by staff, from WeCom, for an unknown follower – names from staff, operator null for WeCom, userid as fallback', () => {
    const db = withHistory()
    const { items } = listTagHistory(db, TEST_CORP_ID, CUST, { limit: 100 })
    expect(items).toHaveLength(7)
    expect(items[0]).toEqual({
      id: 7,
      action: 'add',
      tagId: 'etWEB',
      tagName: '官网',
      groupName: '来源',
      source: 'wecom',
      follower: { userid: 'ghost', name: 'ghost' },
      operator: null,
      at: NOW + 10,
    })
    const indirect = items.find((i) => i.follower.userid === 'lisi' && i.tagId === 'etLO')
    expect(indirect).toMatchObject({
      action: 'remove',
      tagName: '低',
      groupName: '意向程度',
      source: 'sidebar',
      follower: { userid: 'lisi', name: '李四' },
      operator: { userid: 'wangwu', name: '王五' },
      at: NOW + 3,
    })
  })

  it('listTagHistory – a customer without history, or another corp – empty page', () => {
    const db = withHistory()
    expect(listTagHistory(db, TEST_CORP_ID, 'wmNOSUCH', { limit: 30 })).toEqual({ items: [], nextCursor: null })
    expect(listTagHistory(db, 'wwOTHERCORP', CUST, { limit: 30 })).toEqual({ items: [], nextCursor: null })
  })
})
