import { describe, expect, it } from 'vitest'
import { LocalErrcode, WecomError } from '../../wecom/errors'
import type { OutboxKind } from '../../db/schema'
import {
  classifyFailure,
  describeOutboxItem,
  outboxRetryDelaySeconds,
  parseRelationOutboxKey,
  planMarkTag,
  type FailureNames,
} from './outbox.domain'

const wecomError = (errcode: number, httpStatus?: number) =>
  new WecomError({ errcode, httpStatus, path: '/cgi-bin/externalcontact/mark_tag', message: `errcode ${errcode}` })

describe('outboxRetryDelaySeconds', () => {
  it.each([
    [1, 5],
    [2, 10],
    [3, 20],
    [7, 320],
    [8, 600],
    [20, 600],
    [1000, 600],
  ])('outboxRetryDelaySeconds – after attempt %i – waits %i s', (attempts, seconds) => {
    expect(outboxRetryDelaySeconds(attempts)).toBe(seconds)
  })

  it('outboxRetryDelaySeconds – attempt 0 or less – the first delay, never less', () => {
    expect(outboxRetryDelaySeconds(0)).toBe(5)
    expect(outboxRetryDelaySeconds(-3)).toBe(5)
  })
})

describe('classifyFailure', () => {
  it.each([
    ['system busy -1', wecomError(-1)],
    ['frequency limit 45009', wecomError(45009)],
    ['concurrency limit 45033', wecomError(45033)],
    ['network or timeout', wecomError(LocalErrcode.network)],
    ['HTTP 502', wecomError(LocalErrcode.http, 502)],
    ['HTTP 429', wecomError(LocalErrcode.http, 429)],
    ['invalid token 40014', wecomError(40014)],
    ['expired token 42001', wecomError(42001)],
  ])('classifyFailure – %s – retried, errcode kept', (_, err) => {
    expect(classifyFailure(err)).toMatchObject({ action: 'retry', errcode: err.errcode, internal: false })
  })

  it('classifyFailure – 84061 relation gone – failed at once with the Chinese hint and errcode', () => {
    expect(classifyFailure(wecomError(84061))).toEqual({
      action: 'fail',
      errcode: 84061,
      message: '该客户已不是此成员的好友（错误码 84061）',
      internal: false,
    })
  })

  it.each([40068, 301002, 40071, 48002])('classifyFailure – WeCom refuses with %i – failed at once', (errcode) => {
    expect(classifyFailure(wecomError(errcode))).toMatchObject({ action: 'fail', errcode })
  })

  it('classifyFailure – our own Error – retried as internal, no errcode, message kept', () => {
    expect(classifyFailure(new Error('database is locked'))).toEqual({
      action: 'retry',
      errcode: null,
      message: '系统内部错误：database is locked',
      internal: true,
    })
  })

  it('classifyFailure – a thrown non-Error – retried as internal', () => {
    expect(classifyFailure('boom')).toMatchObject({ action: 'retry', message: '系统内部错误：boom', internal: true })
  })
})

describe('planMarkTag', () => {
  it('planMarkTag – desired differs from remote – pushes the difference', () => {
    expect(planMarkTag({ desired: ['a', 'b'], remote: ['b', 'c'] })).toEqual({ kind: 'push', add: ['a'], remove: ['c'] })
  })

  it('planMarkTag – same ids in another order – done', () => {
    expect(planMarkTag({ desired: ['a', 'b'], remote: ['b', 'a'] })).toEqual({ kind: 'done' })
  })

  it('planMarkTag – nothing on either side – done', () => {
    expect(planMarkTag({ desired: [], remote: [] })).toEqual({ kind: 'done' })
  })

  it('planMarkTag – a local id among others – pushes the WeCom ids only', () => {
    expect(planMarkTag({ desired: ['a', 'kl_new'], remote: [] })).toEqual({ kind: 'push', add: ['a'], remove: [] })
  })

  it('planMarkTag – only a local id left – waits', () => {
    expect(planMarkTag({ desired: ['a', 'kl_new'], remote: ['a'] })).toEqual({ kind: 'wait' })
  })

  it('planMarkTag – a local id on the remote side – never sent for removal', () => {
    expect(planMarkTag({ desired: [], remote: ['kl_odd'] })).toEqual({ kind: 'done' })
  })
})

describe('parseRelationOutboxKey', () => {
  it('parseRelationOutboxKey – a relation key – both ids', () => {
    expect(parseRelationOutboxKey('wmAbC-_1/lisi')).toEqual({ externalUserid: 'wmAbC-_1', userid: 'lisi' })
  })

  it.each(['wm1', '/lisi', 'wm1/', ''])('parseRelationOutboxKey – malformed %j – undefined', (key) => {
    expect(parseRelationOutboxKey(key)).toBeUndefined()
  })
})

describe('describeOutboxItem', () => {
  const names: FailureNames = {
    customer: (id) => ({ wm1: '王小明' })[id],
    staff: (id) => ({ lisi: '李四' })[id],
    tag: (id) => ({ etT1: { name: '高', groupName: '意向程度' } })[id],
    group: (id) => ({ etG1: '意向程度', kl_g2: '来源渠道' })[id],
  }
  const item = (kind: OutboxKind, key: string, payload = {}) => ({ kind, key, payload })

  it.each([
    [item('mark_tag', 'wm1/lisi'), '为客户「王小明」（跟进人：李四）同步标签'],
    [item('mark_tag', 'wmGone/zhang'), '为客户「wmGone」（跟进人：zhang）同步标签'],
    [item('create_tags', 'kl_g2'), '在企业微信创建标签组「来源渠道」'],
    [item('create_tags', 'etG1'), '在标签组「意向程度」中创建标签'],
    [item('create_tags', 'kl_gone'), '在企业微信创建标签（标签组 kl_gone）'],
    [item('edit_tag', 'etG1'), '修改标签组「意向程度」'],
    [item('edit_tag', 'etT1'), '修改标签「意向程度：高」'],
    [item('edit_tag', 'etX'), '修改标签（etX）'],
    [item('delete_tags', '1-a', { tagIds: ['a', 'b'], groupIds: ['g'] }), '在企业微信删除 2 个标签和 1 个标签组'],
    [item('delete_tags', '1-b', { tagIds: ['a'] }), '在企业微信删除 1 个标签'],
    [item('delete_tags', '1-c', { tagIds: 'bad' }), '在企业微信删除标签'],
    [item('remark', 'wm1/lisi', { remark: '老客户' }), '修改客户「王小明」的备注（跟进人：李四）'],
    [item('remark', 'bad'), '修改客户备注（bad）'],
    [item('app_message', 'mark-1-lisi', { touser: 'lisi', msgtype: 'textcard', textcard: { title: '客户已被标记：风险客户' } }), '发送应用消息给「李四」：客户已被标记：风险客户'],
    [item('app_message', 'x', { touser: 'zhao|lisi', msgtype: 'text', text: { content: 'hi' } }), '发送应用消息给「zhao、李四」'],
  ])('describeOutboxItem – %o – %s', (it, summary) => {
    expect(describeOutboxItem(it, names)).toBe(summary)
  })
})
