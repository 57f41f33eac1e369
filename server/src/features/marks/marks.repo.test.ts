import { describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { customers, settings, tags } from '../../db/schema'
import { makeCustomer, makeStaff, makeTestDeps, seed, TEST_CORP_ID } from '../../test/helpers'
import { activeMarksFor, findCardMark, insertMarkEvent, lockedTagsFor, markTagIds, relationEvents } from './marks.repo'
import { insertMark, markTagRows, PEER, RISK, SPAM } from './marks.testing'

function setup() {
  const deps = makeTestDeps()
  seed(deps.db, {
    ...markTagRows(),
    staff: [makeStaff({ userid: 'admin', name: '管理员', role: 'admin' })],
    customers: [
      makeCustomer({ externalUserid: 'wmA', name: '甲', unionid: 'oUNION_A' }),
      makeCustomer({ externalUserid: 'wmB', name: '乙', unionid: 'oUNION_B' }),
      makeCustomer({ externalUserid: 'wmC', name: '丙' }),
    ],
  })
  return deps
}

describe('activeMarksFor', () => {
  it('activeMarksFor – marks by external_userid and by unionid, one removed – each customer with its active mark, removed ignored', () => {
    const deps = setup()
    const byExt = insertMark(deps.db, { externalUserid: 'wmA' })
    const byUnion = insertMark(deps.db, { externalUserid: '', unionid: 'oUNION_B', tagId: SPAM })
    insertMark(deps.db, { externalUserid: 'wmC', status: 'removed' })

    const found = activeMarksFor(deps.db, TEST_CORP_ID, ['wmA', 'wmB', 'wmC'])

    expect([...found].map(([id, m]) => [id, m.id]).sort()).toEqual([['wmA', byExt.id], ['wmB', byUnion.id]])
  })
  it('activeMarksFor – one mark by id and another by the same customer’s unionid – the one by id wins', () => {
    const deps = setup()
    insertMark(deps.db, { externalUserid: '', unionid: 'oUNION_A', tagId: PEER })
    const byExt = insertMark(deps.db, { externalUserid: 'wmA' })

    expect(activeMarksFor(deps.db, TEST_CORP_ID, ['wmA']).get('wmA')?.id).toBe(byExt.id)
  })
  it('activeMarksFor – a customer without unionid and a unionid-only mark – not matched by the empty unionid', () => {
    const deps = setup()
    insertMark(deps.db, { externalUserid: '', unionid: 'oOTHER' })

    expect(activeMarksFor(deps.db, TEST_CORP_ID, ['wmC']).size).toBe(0)
  })
})

describe('lockedTagsFor', () => {
  it('lockedTagsFor – one customer marked – only its mark tag locked, unmarked customers absent', () => {
    const deps = setup()
    insertMark(deps.db, { externalUserid: 'wmA', tagId: SPAM })

    expect(lockedTagsFor(deps.db, TEST_CORP_ID, ['wmA', 'wmB'])).toEqual(new Map([['wmA', new Set([SPAM])]]))
  })
})

describe('markTagIds', () => {
  it('markTagIds – never chosen – the 客户标记 group’s tags in display order', () => {
    expect(markTagIds(setup().db, TEST_CORP_ID)).toEqual([RISK, SPAM, PEER])
  })
  it('markTagIds – chosen, one id since deleted – the stored order, unknown ids left out', () => {
    const deps = setup()
    deps.db.insert(settings).values({ corpId: TEST_CORP_ID, key: 'marks.tagIds', value: [PEER, 'etGONE', RISK] }).run()

    expect(markTagIds(deps.db, TEST_CORP_ID)).toEqual([PEER, RISK])
  })
  it('markTagIds – chosen empty – none, not the default', () => {
    const deps = setup()
    deps.db.insert(settings).values({ corpId: TEST_CORP_ID, key: 'marks.tagIds', value: [] }).run()

    expect(markTagIds(deps.db, TEST_CORP_ID)).toEqual([])
  })
})

describe('relationEvents', () => {
  it('relationEvents – applied for lisi, applied and notified for wangwu (one naming its createtime), list events – per follower, list events left out', () => {
    const deps = setup()
    const mark = insertMark(deps.db, { externalUserid: 'wmA' })
    const at = 1
    for (const [kind, userid] of [['added', ''], ['applied', 'lisi'], ['applied', 'wangwu']] as const) {
      insertMarkEvent(deps.db, { corpId: TEST_CORP_ID, markId: mark.id, kind, userid, at })
    }
    insertMarkEvent(deps.db, { corpId: TEST_CORP_ID, markId: mark.id, kind: 'notified', userid: 'wangwu', detail: { createtime: 7 }, at })

    expect(relationEvents(deps.db, TEST_CORP_ID, mark.id)).toEqual(
      new Map([
        ['lisi', [{ kind: 'applied', at }]],
        ['wangwu', [{ kind: 'applied', at }, { kind: 'notified', createtime: 7, at }]],
      ]),
    )
  })
})

describe('findCardMark', () => {
  it('findCardMark – customer marked by unionid with a reason – banner with tag name, default remark, marker’s name', () => {
    const deps = setup()
    insertMark(deps.db, { externalUserid: '', unionid: 'oUNION_A', reason: '投诉', markedAt: 123 })

    expect(findCardMark(deps.db, TEST_CORP_ID, 'wmA')).toEqual({
      tagId: RISK,
      banner: { tagName: '风险客户', reason: '投诉', remark: '【风险客户】甲', markedBy: { userid: 'admin', name: '管理员' }, markedAt: 123 },
    })
    expect(findCardMark(deps.db, TEST_CORP_ID, 'wmB')).toBeUndefined()
  })
  it('findCardMark – the mark tag renamed, the customer renamed, then the tag deleted – banner names the tag as it is (else as kept); the remark keeps the names of the mark', () => {
    const deps = setup()
    insertMark(deps.db, { externalUserid: 'wmA' })
    deps.db.update(tags).set({ name: '高风险' }).where(eq(tags.id, RISK)).run()
    deps.db.update(customers).set({ name: '甲2' }).where(eq(customers.externalUserid, 'wmA')).run()

    expect(findCardMark(deps.db, TEST_CORP_ID, 'wmA')?.banner).toMatchObject({ tagName: '高风险', remark: '【风险客户】甲' })
    deps.db.delete(tags).where(eq(tags.id, RISK)).run()
    expect(findCardMark(deps.db, TEST_CORP_ID, 'wmA')?.banner).toMatchObject({ tagName: '风险客户', remark: '【风险客户】甲' })
  })
})
