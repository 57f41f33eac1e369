import { describe, expect, it } from 'vitest'
import {
  buildLibrary,
  isOwnershipRefusal,
  mutexConflictList,
  nameTaken,
  ordersFirst,
  planReorderAround,
  type GroupRecord,
  type ReorderItem,
  type TagRecord,
} from './tag-library.domain'

const group = (o: Partial<GroupRecord>): GroupRecord => ({
  id: 'g', name: '组', order: 0, createTime: 1, color: 'blue', exclusive: false, description: '', origin: 'app', ...o,
})
const tag = (o: Partial<TagRecord>): TagRecord => ({
  id: 't', groupId: 'g', name: '标签', order: 0, createTime: 1, color: null, description: '', origin: 'app', ...o,
})
const item = (id: string, order: number, fixed = false): ReorderItem => ({ id, order, fixed })

describe('buildLibrary', () => {
  it('buildLibrary – mixed orders and create times – order desc, then older first, then id', () => {
    const groups = [group({ id: 'b', order: 1, createTime: 5 }), group({ id: 'a', order: 1, createTime: 5 }), group({ id: 'c', order: 1, createTime: 2 }), group({ id: 'd', order: 9 })]
    const tags = [tag({ id: 't1', groupId: 'd', order: 0 }), tag({ id: 't2', groupId: 'd', order: 3 })]

    const lib = buildLibrary(groups, tags, { pending: new Set() })

    expect(lib.groups.map((g) => g.id)).toEqual(['d', 'c', 'a', 'b'])
    expect(lib.groups[0]!.tags.map((t) => t.id)).toEqual(['t2', 't1'])
  })

  it('buildLibrary – tag without own colour, unknown stored colour – group colour, null own colour', () => {
    const lib = buildLibrary([group({ color: 'green' })], [tag({ id: 'a' }), tag({ id: 'b', color: 'purple' }), tag({ id: 'c', color: 'red' })], {
      pending: new Set(),
    })

    expect(lib.groups[0]!.tags.map((t) => [t.id, t.color, t.ownColor])).toEqual([
      ['a', 'green', null],
      ['b', 'purple', 'purple'],
      ['c', 'green', null],
    ])
  })

  it('buildLibrary – local id, listed id, neither – pending true, true, false', () => {
    const lib = buildLibrary([group({ id: 'kl_g' })], [tag({ id: 'kl_t', groupId: 'kl_g' }), tag({ id: 'et1', groupId: 'kl_g' }), tag({ id: 'et2', groupId: 'kl_g' })], {
      pending: new Set(['et1']),
    })

    expect(lib.groups[0]!.pending).toBe(true)
    expect(Object.fromEntries(lib.groups[0]!.tags.map((t) => [t.id, t.pending]))).toEqual({ kl_t: true, et1: true, et2: false })
  })

  it('buildLibrary – counts given, not given – customerCount per tag (0 when absent), no field', () => {
    const rows = [tag({ id: 'a' }), tag({ id: 'b' })]

    const admin = buildLibrary([group({})], rows, { pending: new Set(), counts: new Map([['a', 3]]) })
    const everyone = buildLibrary([group({})], rows, { pending: new Set() })

    expect(admin.groups[0]!.tags.map((t) => t.customerCount)).toEqual([3, 0])
    expect(everyone.groups[0]!.tags[0]).not.toHaveProperty('customerCount')
  })
})

describe('ordersFirst', () => {
  it('ordersFirst – existing 3 and 7, two new – 9 then 8 (before all of them)', () => {
    expect(ordersFirst([3, 7], 2)).toEqual([9, 8])
  })

  it('ordersFirst – nothing yet – n down to 1', () => {
    expect(ordersFirst([], 3)).toEqual([3, 2, 1])
  })
})

describe('nameTaken', () => {
  it('nameTaken – same name on another item, only on itself – true, false', () => {
    const items = [{ id: 'a', name: '高' }, { id: 'b', name: '低' }]

    expect(nameTaken(items, '低', 'a')).toBe(true)
    expect(nameTaken(items, '低', 'b')).toBe(false)
    expect(nameTaken(items, '中')).toBe(false)
  })
})

describe('planReorderAround', () => {
  it('planReorderAround – nothing fixed – planReorder n … 1, changed only', () => {
    const plan = planReorderAround([item('a', 3), item('b', 2), item('c', 1)], ['c', 'a', 'b'])

    expect(plan).toEqual({ changes: [{ id: 'c', order: 3 }, { id: 'a', order: 2 }, { id: 'b', order: 1 }] })
  })

  it('planReorderAround – fixed item untouched by the plain plan – plain plan', () => {
    const plan = planReorderAround([item('a', 3), item('b', 2), item('x', 1, true)], ['b', 'a', 'x'])

    expect(plan).toEqual({ changes: [{ id: 'b', order: 3 }, { id: 'a', order: 2 }] })
  })

  it('planReorderAround – movable items swapped around fixed ones – fitted into the gaps, fixed orders kept', () => {
    const current = [item('a', 500), item('x', 400, true), item('b', 300), item('y', 200, true), item('c', 100)]

    const plan = planReorderAround(current, ['c', 'x', 'a', 'b', 'y'])

    expect('changes' in plan).toBe(true)
    if (!('changes' in plan)) return
    const orders = new Map(current.map((c) => [c.id, c.order]))
    for (const c of plan.changes) orders.set(c.id, c.order)
    const shown = [...orders].sort((p, q) => q[1] - p[1]).map(([id]) => id)
    expect(shown).toEqual(['c', 'x', 'a', 'b', 'y'])
    expect(plan.changes.map((c) => c.id)).not.toContain('x')
    expect(plan.changes.map((c) => c.id)).not.toContain('y')
  })

  it('planReorderAround – two fixed items swapped – refused naming them', () => {
    const plan = planReorderAround([item('x', 3, true), item('a', 2), item('y', 1, true)], ['y', 'a', 'x'])

    expect(plan).toEqual({ refused: ['y', 'x'] })
  })

  it('planReorderAround – a run that already fits its gap – left alone', () => {
    const plan = planReorderAround([item('a', 9), item('x', 5, true), item('b', 3), item('c', 2)], ['a', 'x', 'b', 'c'])

    expect(plan).toEqual({ changes: [] })
  })

  it('planReorderAround – gap between fixed orders too narrow – refused', () => {
    const plan = planReorderAround([item('x', 5, true), item('y', 4, true), item('a', 0)], ['x', 'a', 'y'])

    expect('refused' in plan).toBe(true)
  })

  it('planReorderAround – last movable item below a fixed one at 0 – refused (orders cannot go negative)', () => {
    const plan = planReorderAround([item('a', 9), item('x', 0, true)], ['x', 'a'])

    expect(plan).toEqual({ refused: ['x'] })
  })
})

describe('mutexConflictList', () => {
  it('mutexConflictList – customer with a tag on two relations and another – names once each, in adding order', () => {
    const rows = [
      { externalUserid: 'wm1', userid: 'a', tagId: 't1', addedAt: 1 },
      { externalUserid: 'wm1', userid: 'b', tagId: 't2', addedAt: 2 },
      { externalUserid: 'wm1', userid: 'a', tagId: 't2', addedAt: 3 },
    ]

    const list = mutexConflictList(new Map([['wm1', rows]]), new Map([['wm1', '王小明']]), new Map([['t1', '高'], ['t2', '低']]))

    expect(list).toEqual([{ externalUserId: 'wm1', name: '王小明', tagNames: ['高', '低'] }])
  })
})

describe('isOwnershipRefusal', () => {
  it('isOwnershipRefusal – 301002, 40068 – true, false', () => {
    expect([isOwnershipRefusal(301002), isOwnershipRefusal(40068)]).toEqual([true, false])
  })
})
