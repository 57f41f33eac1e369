import { describe, expect, it } from 'vitest'
import { customerStatus, editDiff, markEventText, tagsStillInUse, uniqueTargets, type ResolvedTarget } from './marks-admin.domain'

const known = (externalUserid: string, unionid = ''): ResolvedTarget => ({ known: true, customer: { externalUserid, unionid, name: '', avatar: '' } })

describe('customerStatus', () => {
  it.each([
    ['', 0, 'not_added'],
    ['wmA', 0, 'lost'],
    ['wmA', 2, 'normal'],
  ] as const)('customerStatus – ext %j, %i active relations – %s', (ext, active, status) => {
    expect(customerStatus(ext, active)).toBe(status)
  })
})

describe('uniqueTargets', () => {
  it('uniqueTargets – a customer by id, by its unionid, and an unknown unionid twice – one of each', () => {
    const targets = [known('wmA', 'oUA'), known('wmA', 'oUA'), { known: false, unionid: 'oX' } as const, { known: false, unionid: 'oX' } as const]
    expect(uniqueTargets(targets)).toEqual([known('wmA', 'oUA'), { known: false, unionid: 'oX' }])
  })
})

describe('editDiff', () => {
  const before = { tagId: 'etR', tagName: '风险客户', remark: '', reason: '投诉' }

  it('editDiff – same values – null', () => {
    expect(editDiff(before, { tagId: 'etR', remark: '', reason: '投诉' })).toBeNull()
  })

  it('editDiff – new tag and remark – only those, before and after', () => {
    expect(editDiff(before, { tagId: 'etP', tagName: '同行', remark: '勿联系' })).toEqual({
      before: { tagId: 'etR', tagName: '风险客户', remark: '' },
      after: { tagId: 'etP', tagName: '同行', remark: '勿联系' },
    })
  })

  it('editDiff – same tag, renamed in the library – the name change', () => {
    expect(editDiff(before, { tagId: 'etR', tagName: '高风险' })).toEqual({
      before: { tagId: 'etR', tagName: '风险客户' },
      after: { tagId: 'etR', tagName: '高风险' },
    })
  })
})

describe('tagsStillInUse', () => {
  it('tagsStillInUse – a used tag dropped, an unused one dropped, a used one kept – only the used dropped one', () => {
    expect(tagsStillInUse(['a', 'b', 'c'], ['c'], new Map([['a', 2], ['c', 1]]))).toEqual(['a'])
  })
})

describe('markEventText', () => {
  it.each([
    ['added', { tagName: '同行', remark: '勿联系', reason: '', source: 'import' }, null, '批量导入，加入标记名单：标签 「同行」，备注 「勿联系」'],
    ['edited', { before: { remark: '' }, after: { remark: '勿联系' } }, null, '编辑标记：备注由 默认备注（【标签】+昵称） 改为 「勿联系」'],
    ['edited', { before: { reason: '' }, after: { reason: '投诉' } }, null, '编辑标记：原因由 「无」 改为 「投诉」'],
    ['reapplied', { what: ['remark'], tagName: '同行', remark: '【同行】王', found: '王总' }, '张三', '张三 在企业微信中把备注改为 「王总」，已恢复为 「【同行】王」'],
    ['reapplied', { what: ['tag', 'remark'], tagName: '同行', remark: '【同行】王', found: '王总' }, '张三', '张三 在企业微信中移除了标签 「同行」并把备注改为 「王总」，已恢复为 「【同行】王」'],
    ['notified', { tagName: '同行' }, '李四', '已通知 李四：该客户已被标记（应用消息已排队发送）'],
    ['removed', { mergedInto: 3, externalUserid: 'wmA' }, null, '该客户已按客户账号 wmA 在标记名单中，此 UnionID 标记自动移除'],
    ['applied', {}, null, '已为 员工 的客户打上标签 「」，备注改为 「」'],
  ] as const)('markEventText – %s %j – one line', (kind, detail, follower, text) => {
    expect(markEventText(kind, detail, follower)).toBe(text)
  })
})
