import { describe, expect, it } from 'vitest'
import { eventXml } from '../../test/wecom-callback'
import { dedupeKey, parseXmlFields, planCallbackAction, retryDelaySeconds } from './callbacks.domain'

describe('parseXmlFields', () => {
  it('parseXmlFields – WeCom event with CDATA and numbers – flat strings, ids untouched', () => {
    const xml = eventXml({ CreateTime: 1700000000, Event: 'change_external_tag', Id: '0012', TagType: 'tag' })

    expect(parseXmlFields(xml)).toEqual({ CreateTime: '1700000000', Event: 'change_external_tag', Id: '0012', TagType: 'tag' })
  })

  it('parseXmlFields – nested element – kept as JSON text', () => {
    expect(parseXmlFields('<xml><BatchJob><JobId>j1</JobId></BatchJob></xml>')).toEqual({ BatchJob: '{"JobId":"j1"}' })
  })

  it.each([
    ['not XML at all', 'hello'],
    ['another root element', '<root><a>1</a></root>'],
    ['an empty string', ''],
    ['unclosed CDATA', '<xml><a><![CDATA[x</a></xml>'],
  ])('parseXmlFields – %s – null', (_name, input) => {
    expect(parseXmlFields(input)).toBeNull()
  })
})

describe('dedupeKey', () => {
  const event = { Event: 'change_external_contact', ChangeType: 'add_external_contact', UserID: 'u', ExternalUserID: 'wm1', CreateTime: '1' }

  it('dedupeKey – same fields in another order – same key', () => {
    const reordered = Object.fromEntries(Object.entries(event).reverse())
    expect(dedupeKey(reordered)).toBe(dedupeKey(event))
  })

  it.each([['CreateTime', '2'], ['ExternalUserID', 'wm2'], ['ChangeType', 'edit_external_contact'], ['ChatId', 'wr1']])(
    'dedupeKey – %s differs – different key',
    (field, value) => {
      expect(dedupeKey({ ...event, [field]: value })).not.toBe(dedupeKey(event))
    },
  )
})

describe('planCallbackAction', () => {
  const contact = (ChangeType: string) => ({ Event: 'change_external_contact', ChangeType, UserID: 'u1', ExternalUserID: 'wm1' })

  it.each(['add_external_contact', 'edit_external_contact', 'add_half_external_contact'])(
    'planCallbackAction – %s – re-fetch the customer',
    (change) => {
      expect(planCallbackAction(contact(change))).toEqual({ kind: 'sync-customer', externalUserid: 'wm1' })
    },
  )

  it('planCallbackAction – del_external_contact – re-fetch, member deleted the customer', () => {
    expect(planCallbackAction(contact('del_external_contact'))).toEqual({
      kind: 'sync-customer', externalUserid: 'wm1', hint: { userid: 'u1', status: 'deleted_by_staff' },
    })
  })

  it('planCallbackAction – del_follow_user – re-fetch, customer deleted the member', () => {
    expect(planCallbackAction(contact('del_follow_user'))).toEqual({
      kind: 'sync-customer', externalUserid: 'wm1', hint: { userid: 'u1', status: 'deleted_by_customer' },
    })
  })

  it.each(['create', 'update', 'delete', 'shuffle'])('planCallbackAction – change_external_tag %s – re-read tags', (change) => {
    expect(planCallbackAction({ Event: 'change_external_tag', ChangeType: change, Id: 'et1' })).toEqual({ kind: 'sync-tags' })
  })

  it.each([
    ['an unknown ChangeType', contact('transfer_fail')],
    ['a contact event without ExternalUserID', { Event: 'change_external_contact', ChangeType: 'add_external_contact' }],
    ['another event', { Event: 'change_contact', ChangeType: 'update_user', UserID: 'u1' }],
    ['a text message', { MsgType: 'text', Content: 'hi' }],
  ])('planCallbackAction – %s – ignore', (_name, payload) => {
    expect(planCallbackAction(payload).kind).toBe('ignore')
  })
})

describe('retryDelaySeconds', () => {
  it('retryDelaySeconds – successive failures – 30 s doubling, capped at an hour', () => {
    expect([1, 2, 3, 4, 7, 8, 20].map(retryDelaySeconds)).toEqual([30, 60, 120, 240, 1920, 3600, 3600])
  })
})
