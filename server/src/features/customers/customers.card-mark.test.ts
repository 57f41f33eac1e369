import { describe, expect, it } from 'vitest'
import { makeCustomer, makeRelation, makeStaff, makeTestDeps, seed, TEST_CORP_ID } from '../../test/helpers'
import { insertMark, markTagRows, PEER, RISK } from '../marks/marks.testing'
import { customerCard } from './customers.service'

// The card reads its mark in one statement of its own (marks.repo findCardMark): these pin it
// to the rules of findActiveMark.
function setup() {
  const deps = makeTestDeps()
  seed(deps.db, {
    ...markTagRows(),
    staff: [makeStaff({ userid: 'admin', name: '管理员', role: 'admin' }), makeStaff({ userid: 'lisi', name: '李四' })],
    customers: [makeCustomer({ externalUserid: 'wmA', name: '甲', unionid: 'oUNION_A' })],
    relations: [makeRelation({ externalUserid: 'wmA', userid: 'lisi' })],
  })
  return deps
}
const viewer = { corpId: TEST_CORP_ID, userid: 'lisi', role: 'staff' as const }
const customer = { externalUserid: 'wmA', name: '甲', avatar: '', type: 1, gender: 0, corpName: '' }

describe('customerCard mark', () => {
  it('customerCard – one mark by the customer’s id and another by their unionid – banner and locked tag of the one by id', () => {
    const deps = setup()
    insertMark(deps.db, { externalUserid: 'wmA', tagId: RISK, reason: '按 ID' })
    insertMark(deps.db, { externalUserid: '', unionid: 'oUNION_A', tagId: PEER, reason: '按 unionid' })

    const card = customerCard(deps, viewer, customer)

    expect(card.mark).toMatchObject({ tagName: '风险客户', reason: '按 ID' })
  })
  it('customerCard – unionid-only mark by a marker no longer in staff, custom remark – banner with the marker’s userid as name and the remark as typed', () => {
    const deps = setup()
    insertMark(deps.db, { externalUserid: '', unionid: 'oUNION_A', tagId: PEER, markedBy: 'gone', remark: '勿联系', markedAt: 5 })

    const card = customerCard(deps, viewer, customer)

    expect(card.mark).toEqual({ tagName: '同行', reason: '', remark: '勿联系', markedBy: { userid: 'gone', name: 'gone' }, markedAt: 5 })
  })
  it('customerCard – mark removed – no banner', () => {
    const deps = setup()
    insertMark(deps.db, { externalUserid: 'wmA', status: 'removed' })

    expect(customerCard(deps, viewer, customer).mark).toBeNull()
  })
})
