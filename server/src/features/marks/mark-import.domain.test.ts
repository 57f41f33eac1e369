import { describe, expect, it } from 'vitest'
import { checkMarkRow, isExternalUseridKey } from './mark-import.domain'

const TAGS = [
  { id: 'etR', name: '风险客户' },
  { id: 'etP', name: '同行' },
  { id: 'etP2', name: '重名' },
  { id: 'etP3', name: '重名' },
]
const row = (values: Record<string, string>) => ({ row: 2, values: { customer: '', tag: '', remark: '', reason: '', ...values } })

describe('checkMarkRow', () => {
  it('checkMarkRow – an external_userid, a tag with spaces, remark and reason – the mark to create', () => {
    expect(checkMarkRow(row({ customer: ' wmA ', tag: ' 同行 ', remark: '勿联系', reason: '打探' }), TAGS)).toEqual({
      ok: true, key: 'wmA', byExternalUserid: true, tag: { id: 'etP', name: '同行' }, remark: '勿联系', reason: '打探',
    })
  })

  it('checkMarkRow – a unionid – by unionid', () => {
    expect(checkMarkRow(row({ customer: 'oJwVb5xw9d2sbPvwuue746YVVbQ', tag: '风险客户' }), TAGS)).toMatchObject({ ok: true, byExternalUserid: false })
  })

  it.each([
    ['no customer and no tag', {}, '请填写客户账号或UnionID；请填写标签'],
    ['a tag that is not a mark tag', { customer: 'wmA', tag: 'A类' }, '「A类」不是客户标记标签'],
    ['two mark tags of that name', { customer: 'wmA', tag: '重名' }, '有多个名为「重名」的标记标签，请在设置中只保留一个'],
    ['a malformed key', { customer: 'o U', tag: '同行' }, 'UnionID 格式不正确'],
    ['a long reason', { customer: 'wmA', tag: '同行', reason: '因'.repeat(201) }, '原因最多 200 个字'],
  ])('checkMarkRow – %s – refused with every reason', (_name, values, message) => {
    expect(checkMarkRow(row(values), TAGS)).toEqual({ ok: false, message })
  })
})

describe('isExternalUseridKey', () => {
  it.each([['wmK2Fa', true], ['woAB', true], ['oJwVb5', false], ['o5nN30', false]])('isExternalUseridKey – %s – %s', (key, expected) => {
    expect(isExternalUseridKey(key)).toBe(expected)
  })
})
