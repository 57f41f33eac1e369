import { describe, expect, it } from 'vitest'
import type { TagMeta } from '../tags/tags.domain'
import {
  addMutexClash,
  appliedResult,
  mutexReplacements,
  NO_RELATION_MESSAGE,
  planBatchCustomer,
  refusalMessage,
  type BatchChange,
  type BatchCustomerState,
} from './tag-batches.domain'

const tag = (id: string, groupId: string, name: string, exclusive = false): TagMeta => ({
  id, name, groupId, groupName: groupId === 'gI' ? '意向程度' : '行业', exclusive,
})
const META = new Map([
  ['high', tag('high', 'gI', '高意向', true)],
  ['low', tag('low', 'gI', '低意向', true)],
  ['it', tag('it', 'gX', '互联网')],
  ['edu', tag('edu', 'gX', '教育')],
])
const change = (add: string[], remove: string[] = []): BatchChange => ({ add, remove, meta: META })
const state = (relations: Record<string, string[]>, targets: string[], o: Partial<BatchCustomerState> = {}): BatchCustomerState => ({
  externalUserid: 'wm1',
  name: '张三',
  relations: new Map(Object.entries(relations).map(([u, ids]) => [u, new Set(ids)])),
  targets,
  locked: new Set(),
  ...o,
})

describe('planBatchCustomer', () => {
  it('planBatchCustomer – add to two in-scope relations – both change, no conflict', () => {
    expect(planBatchCustomer(state({ a: [], b: [] }, ['a', 'b']), change(['it']))).toEqual({ relations: 2, conflicts: [] })
  })

  it('planBatchCustomer – tag already on every target – nothing changes', () => {
    expect(planBatchCustomer(state({ a: ['it'] }, ['a']), change(['it'])).relations).toBe(0)
  })

  it('planBatchCustomer – remove a tag only an out-of-scope follower carries – nothing changes', () => {
    expect(planBatchCustomer(state({ a: [], other: ['it'] }, ['a']), change([], ['it'])).relations).toBe(0)
  })

  it('planBatchCustomer – no relation the operator may change – a no_relation conflict', () => {
    const plan = planBatchCustomer(state({ other: [] }, []), change(['it']))
    expect(plan).toEqual({ relations: 0, conflicts: [expect.objectContaining({ kind: 'no_relation', externalUserId: 'wm1' })] })
  })

  it('planBatchCustomer – adding 低意向 to a customer with 高意向 – a mutex conflict naming both, and the other relation changes too', () => {
    const plan = planBatchCustomer(state({ a: [], other: ['high'] }, ['a']), change(['low']))
    expect(plan.relations).toBe(2)
    expect(plan.conflicts).toEqual([
      { externalUserId: 'wm1', name: '张三', kind: 'mutex', detail: '已有「意向程度：高意向」，将被「低意向」替换' },
    ])
  })

  it('planBatchCustomer – removing a locked tag – a locked conflict and nothing changes', () => {
    const plan = planBatchCustomer(state({ a: ['it'] }, ['a'], { locked: new Set(['it']) }), change([], ['it']))
    expect(plan).toEqual({ relations: 0, conflicts: [expect.objectContaining({ kind: 'locked', detail: expect.stringContaining('互联网') })] })
  })
})

describe('batch rules', () => {
  it('addMutexClash – two tags of one 互斥 group – names the group and tags', () => {
    expect(addMutexClash(change(['high', 'low']))).toEqual({ kind: 'mutex', groupName: '意向程度', tagNames: ['高意向', '低意向'] })
  })

  it('addMutexClash – two tags of an ordinary group – none', () => {
    expect(addMutexClash(change(['it', 'edu', 'high']))).toBeUndefined()
  })

  it('mutexReplacements – adding a tag the customer already has – nothing to replace', () => {
    expect(mutexReplacements(state({ a: ['high'] }, ['a']), change(['high']))).toEqual([])
  })

  it('appliedResult – no relation changed – skipped; some – done', () => {
    expect(appliedResult(0).status).toBe('skipped')
    expect(appliedResult(2)).toEqual({ status: 'done', message: '已修改 2 个跟进关系的标签' })
  })

  it('refusalMessage – unknown tags – says they were deleted', () => {
    expect(refusalMessage({ kind: 'unknown_tags', ids: ['x'] })).toBe('标签不存在或已被删除，请刷新后重试')
  })

  it('refusalMessage – no relation – the batch’s own sentence', () => {
    expect(refusalMessage({ kind: 'no_relation' })).toBe(NO_RELATION_MESSAGE)
  })
})
