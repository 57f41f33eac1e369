import { describe, expect, it } from 'vitest'
import {
  colorOr,
  describeRefusal,
  isLocalId,
  keepLatestRemovals,
  mutexViolations,
  planCustomerChange,
  planReorder,
  relationOutboxKey,
  sameIds,
  tagDiff,
  type CarriedTag,
  type CustomerChangeInput,
  type TagMeta,
} from './tags.domain'

/**
 * A small library: 意向程度 (互斥: 高 / 中 / 低), 来源 (not 互斥: 展会 / 官网), 行业 (互斥: 教育 / 医疗).
 */
const LIBRARY: TagMeta[] = [
  { id: 'hi', name: '高', groupId: 'intent', groupName: '意向程度', exclusive: true },
  { id: 'mid', name: '中', groupId: 'intent', groupName: '意向程度', exclusive: true },
  { id: 'lo', name: '低', groupId: 'intent', groupName: '意向程度', exclusive: true },
  { id: 'expo', name: '展会', groupId: 'source', groupName: '来源', exclusive: false },
  { id: 'web', name: '官网', groupId: 'source', groupName: '来源', exclusive: false },
  { id: 'edu', name: '教育', groupId: 'industry', groupName: '行业', exclusive: true },
  { id: 'med', name: '医疗', groupId: 'industry', groupName: '行业', exclusive: true },
]
const META = new Map(LIBRARY.map((t) => [t.id, t]))

/** The customer's relations: follower → tag ids. */
const relations = (r: Record<string, string[]>) => new Map(Object.entries(r).map(([userid, ids]) => [userid, new Set(ids)]))

/** planCustomerChange for `lisi`'s relation, unless the input says otherwise. */
function plan(input: Partial<CustomerChangeInput> & Pick<CustomerChangeInput, 'relations'>) {
  return planCustomerChange({ target: 'lisi', add: [], remove: [], meta: META, ...input })
}

/** The planned changes as a plain object, sorted, so expectations do not depend on Set order. */
function changesOf(result: ReturnType<typeof planCustomerChange>) {
  if ('refused' in result) throw new Error(`refused: ${JSON.stringify(result.refused)}`)
  return Object.fromEntries([...result.changes].map(([u, d]) => [u, { add: [...d.add].sort(), remove: [...d.remove].sort() }]))
}

describe('tags.domain', () => {
  it('describeRefusal – two tags of a 互斥 group – names the group and each tag', () => {
    expect(describeRefusal({ kind: 'mutex', groupName: '意向程度', tagNames: ['高', '低'] })).toBe('「意向程度」是单选标签组，不能同时选择「高」「低」')
  })

  it('describeRefusal – locked tags – names each tag as locked by a customer mark', () => {
    expect(describeRefusal({ kind: 'locked', tagNames: ['VIP', '黑名单'] })).toBe('「VIP」「黑名单」由客户标记锁定，不能移除')
  })

  it('describeRefusal – unknown tags – asks to refresh, without the meaningless ids', () => {
    const message = describeRefusal({ kind: 'unknown_tags', ids: ['etGONE'] })
    expect(message).toBe('标签不存在或已被删除，请刷新后重试')
    expect(message).not.toContain('etGONE')
  })

  it('tagDiff – current and wanted overlap – adds only the missing, removes only the extra', () => {
    expect(tagDiff(['a', 'b'], ['b', 'c'])).toEqual({ add: ['c'], remove: ['a'] })
  })

  it('tagDiff – same sets in another order, with repeats – no change', () => {
    expect(tagDiff(['a', 'b', 'a'], new Set(['b', 'a']))).toEqual({ add: [], remove: [] })
  })

  it('tagDiff – from nothing and to nothing – everything added, everything removed', () => {
    expect(tagDiff([], ['x', 'y'])).toEqual({ add: ['x', 'y'], remove: [] })
    expect(tagDiff(['x', 'y'], [])).toEqual({ add: [], remove: ['x', 'y'] })
  })

  it('isLocalId / relationOutboxKey – local and WeCom ids, a relation – told apart, key is ext/userid', () => {
    expect(isLocalId('kl_abc')).toBe(true)
    expect(isLocalId('etXYZ')).toBe(false)
    expect(relationOutboxKey('wmCUST', 'lisi')).toBe('wmCUST/lisi')
  })

  it('planCustomerChange – add a tag the relation lacks, remove one it has – both on the target only', () => {
    const result = plan({ relations: relations({ lisi: ['web'], wangwu: ['web'] }), add: ['expo'], remove: ['web'] })
    expect(changesOf(result)).toEqual({ lisi: { add: ['expo'], remove: ['web'] } })
  })

  it('planCustomerChange – add a tag already there, remove one not there – no changes at all', () => {
    const result = plan({ relations: relations({ lisi: ['expo', 'hi'], wangwu: ['web'] }), add: ['expo', 'hi'], remove: ['web'] })
    expect(changesOf(result)).toEqual({})
  })

  it('planCustomerChange – remove a tag only a colleague carries – colleague untouched, no change', () => {
    const result = plan({ relations: relations({ lisi: [], wangwu: ['expo'] }), remove: ['expo'] })
    expect(changesOf(result)).toEqual({})
  })

  it('planCustomerChange – the same tag twice in add – added once, not taken for a 互斥 clash', () => {
    const result = plan({ relations: relations({ lisi: [] }), add: ['hi', 'hi', 'expo', 'expo'] })
    expect(result).toEqual({ changes: new Map([['lisi', { add: ['hi', 'expo'], remove: [] }]]) })
  })

  it('planCustomerChange – two tags of one 互斥 group in one request – refused as mutex with group and tag names', () => {
    const result = plan({ relations: relations({ lisi: [] }), add: ['expo', 'hi', 'lo'] })
    expect(result).toEqual({ refused: { kind: 'mutex', groupName: '意向程度', tagNames: ['高', '低'] } })
  })

  it('planCustomerChange – two tags of a non-互斥 group in one request – both added', () => {
    const result = plan({ relations: relations({ lisi: [] }), add: ['expo', 'web'] })
    expect(changesOf(result)).toEqual({ lisi: { add: ['expo', 'web'], remove: [] } })
  })

  it('planCustomerChange – one tag of each of two 互斥 groups – both added, no clash', () => {
    const result = plan({ relations: relations({ lisi: [] }), add: ['hi', 'edu'] })
    expect(changesOf(result)).toEqual({ lisi: { add: ['edu', 'hi'], remove: [] } })
  })

  it('planCustomerChange – add a 互斥 tag while relations carry others of the group – those come off every relation', () => {
    const result = plan({
      relations: relations({ lisi: ['mid', 'expo'], wangwu: ['lo', 'web'], zhaoliu: ['mid', 'lo', 'edu'], qianqi: [] }),
      add: ['hi'],
    })
    expect(changesOf(result)).toEqual({
      lisi: { add: ['hi'], remove: ['mid'] },
      wangwu: { add: [], remove: ['lo'] },
      zhaoliu: { add: [], remove: ['lo', 'mid'] },
    })
  })

  it('planCustomerChange – add a 互斥 tag a colleague already carries – the colleague keeps it (same tag, no clash)', () => {
    const result = plan({ relations: relations({ lisi: ['lo'], wangwu: ['hi'] }), add: ['hi'] })
    expect(changesOf(result)).toEqual({ lisi: { add: ['hi'], remove: ['lo'] } })
  })

  it('planCustomerChange – add a 互斥 tag the target already has while a colleague has another – no add, colleague’s comes off', () => {
    const result = plan({ relations: relations({ lisi: ['hi'], wangwu: ['lo'] }), add: ['hi'] })
    expect(changesOf(result)).toEqual({ wangwu: { add: [], remove: ['lo'] } })
  })

  it('planCustomerChange – swap within a 互斥 group with an explicit remove – one add and one remove, no duplicate', () => {
    const result = plan({ relations: relations({ lisi: ['hi'] }), add: ['lo'], remove: ['hi'] })
    expect(result).toEqual({ changes: new Map([['lisi', { add: ['lo'], remove: ['hi'] }]]) })
  })

  it('planCustomerChange – add a non-互斥 tag while colleagues carry others of its group – colleagues untouched', () => {
    const result = plan({ relations: relations({ lisi: ['web'], wangwu: ['web'] }), add: ['expo'] })
    expect(changesOf(result)).toEqual({ lisi: { add: ['expo'], remove: [] } })
  })

  it('planCustomerChange – add a 互斥 tag – other 互斥 groups and non-互斥 groups untouched', () => {
    const result = plan({ relations: relations({ lisi: ['edu', 'expo'], wangwu: ['med', 'web', 'lo'] }), add: ['hi'] })
    expect(changesOf(result)).toEqual({ lisi: { add: ['hi'], remove: [] }, wangwu: { add: [], remove: ['lo'] } })
  })

  it('planCustomerChange – remove a locked tag – refused as locked naming the tag', () => {
    const result = plan({ relations: relations({ lisi: ['hi', 'expo'] }), remove: ['hi'], locked: new Set(['hi']) })
    expect(result).toEqual({ refused: { kind: 'locked', tagNames: ['高'] } })
  })

  it('planCustomerChange – add a 互斥 tag that would push a locked one off a colleague’s relation – refused as locked', () => {
    const result = plan({ relations: relations({ lisi: [], wangwu: ['lo'] }), add: ['hi'], locked: new Set(['lo']) })
    expect(result).toEqual({ refused: { kind: 'locked', tagNames: ['低'] } })
  })

  it('planCustomerChange – locked tags that stay on, and a locked tag removed that is not there – applied', () => {
    const result = plan({ relations: relations({ lisi: ['hi', 'edu'], wangwu: ['web'] }), add: ['expo'], remove: ['med'], locked: new Set(['hi', 'med', 'web']) })
    expect(changesOf(result)).toEqual({ lisi: { add: ['expo'], remove: [] } })
  })

  it('planCustomerChange – a mutex clash and a locked removal in one request – mutex reported first', () => {
    const result = plan({ relations: relations({ lisi: ['edu'] }), add: ['hi', 'lo'], remove: ['edu'], locked: new Set(['edu']) })
    expect(result).toMatchObject({ refused: { kind: 'mutex' } })
  })

  it('planCustomerChange – the target has no relation yet in the map – only adds planned for it', () => {
    const result = plan({ relations: relations({ wangwu: ['lo'] }), add: ['hi'], remove: ['expo'] })
    expect(changesOf(result)).toEqual({ lisi: { add: ['hi'], remove: [] }, wangwu: { add: [], remove: ['lo'] } })
  })

  it('planReorder – reverse two items – both get new order values, larger first', () => {
    expect(planReorder([{ id: 'a', order: 1 }, { id: 'b', order: 2 }], ['a', 'b'])).toEqual([
      { id: 'a', order: 2 },
      { id: 'b', order: 1 },
    ])
  })

  it('planReorder – order already matches – nothing to write', () => {
    expect(planReorder([{ id: 'a', order: 3 }, { id: 'b', order: 2 }, { id: 'c', order: 1 }], ['a', 'b', 'c'])).toEqual([])
  })

  it('planReorder – move the last item to the top – only the entries whose value changes', () => {
    const current = [{ id: 'a', order: 3 }, { id: 'b', order: 2 }, { id: 'c', order: 1 }]
    expect(planReorder(current, ['c', 'a', 'b'])).toEqual([
      { id: 'c', order: 3 },
      { id: 'a', order: 2 },
      { id: 'b', order: 1 },
    ])
    expect(planReorder(current, ['a', 'c', 'b'])).toEqual([
      { id: 'c', order: 2 },
      { id: 'b', order: 1 },
    ])
  })

  it('planReorder – WeCom orders all 0 (never set) – every item gets n … 1', () => {
    expect(planReorder([{ id: 'a', order: 0 }, { id: 'b', order: 0 }], ['b', 'a'])).toEqual([
      { id: 'b', order: 2 },
      { id: 'a', order: 1 },
    ])
  })

  it('sameIds – same ids in another order – true', () => {
    expect(sameIds(['a', 'b', 'c'], ['c', 'a', 'b'])).toBe(true)
  })

  it('sameIds – one missing, one extra, or a different length – false', () => {
    expect(sameIds(['a', 'b'], ['a', 'c'])).toBe(false)
    expect(sameIds(['a', 'b'], ['a'])).toBe(false)
    expect(sameIds(['a'], ['a', 'b'])).toBe(false)
  })

  it('sameIds – an id named twice on either side – false', () => {
    expect(sameIds(['a', 'a'], ['a', 'b'])).toBe(false)
    expect(sameIds(['a', 'b'], ['a', 'a'])).toBe(false)
  })

  it('sameIds – both empty – true', () => {
    expect(sameIds([], [])).toBe(true)
  })

  const carried = (externalUserid: string, userid: string, tagId: string, addedAt: number): CarriedTag => ({ externalUserid, userid, tagId, addedAt })

  it('mutexViolations – customers with one tag, the same tag on two relations, two tags – only the last is a violation', () => {
    const rows = [
      carried('c1', 'lisi', 'hi', 10),
      carried('c2', 'lisi', 'hi', 10),
      carried('c2', 'wangwu', 'hi', 20),
      carried('c3', 'wangwu', 'lo', 30),
      carried('c3', 'lisi', 'hi', 20),
    ]
    const violations = mutexViolations(rows)
    expect([...violations.keys()]).toEqual(['c3'])
    expect(violations.get('c3')).toEqual([carried('c3', 'lisi', 'hi', 20), carried('c3', 'wangwu', 'lo', 30)])
  })

  it('mutexViolations – no rows – no violations', () => {
    expect(mutexViolations([]).size).toBe(0)
  })

  it('mutexViolations – two tags added at the same second – ordered by tag id, deterministically', () => {
    const violations = mutexViolations([carried('c1', 'lisi', 'mid', 5), carried('c1', 'lisi', 'hi', 5)])
    expect(violations.get('c1')?.map((r) => r.tagId)).toEqual(['hi', 'mid'])
  })

  it('keepLatestRemovals – several violations – takes off every tag but the latest, on every relation carrying it', () => {
    const violations = mutexViolations([
      carried('c1', 'lisi', 'hi', 10),
      carried('c1', 'wangwu', 'hi', 15),
      carried('c1', 'wangwu', 'lo', 30),
      carried('c1', 'zhaoliu', 'mid', 20),
      carried('c2', 'lisi', 'lo', 50),
      carried('c2', 'lisi', 'hi', 40),
      carried('c2', 'wangwu', 'lo', 45),
    ])
    const removals = keepLatestRemovals(violations)
    expect(removals).toHaveLength(4)
    expect(removals).toEqual(
      expect.arrayContaining([
        carried('c1', 'lisi', 'hi', 10),
        carried('c1', 'wangwu', 'hi', 15),
        carried('c1', 'zhaoliu', 'mid', 20),
        carried('c2', 'lisi', 'hi', 40),
      ]),
    )
  })

  it('keepLatestRemovals – c1’s oldest tag locked by a special mark – the locked tag kept, the later ones off; c2 as usual', () => {
    const violations = mutexViolations([
      carried('c1', 'lisi', 'hi', 10),
      carried('c1', 'wangwu', 'lo', 30),
      carried('c2', 'lisi', 'hi', 40),
      carried('c2', 'lisi', 'lo', 50),
    ])
    const removals = keepLatestRemovals(violations, new Map([['c1', new Set(['hi'])]]))
    expect(removals).toEqual([carried('c1', 'wangwu', 'lo', 30), carried('c2', 'lisi', 'hi', 40)])
  })

  it('keepLatestRemovals – no violations – nothing to take off', () => {
    expect(keepLatestRemovals(new Map())).toEqual([])
  })
})

describe('colorOr', () => {
  it('colorOr – a palette colour – kept', () => {
    expect(colorOr('green', 'blue')).toBe('green')
  })
  it('colorOr – a value outside the palette – the fallback', () => {
    expect(colorOr('red', 'blue')).toBe('blue')
    expect(colorOr('', null)).toBeNull()
  })
  it('colorOr – null – the fallback', () => {
    expect(colorOr(null, 'gray')).toBe('gray')
  })
})
