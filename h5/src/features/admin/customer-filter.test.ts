import { CustomerFilter } from '@kelan/shared'
import { describe, expect, it } from 'vitest'
import {
  ADD_WAY_OPTIONS,
  batchSelection,
  dayEnd,
  dayStart,
  emptyFilterForm,
  filterFormErrors,
  filterToQuery,
  pageQuery,
  type CustomerFilterForm,
} from './customer-filter'

const form = (over: Partial<CustomerFilterForm> = {}): CustomerFilterForm => ({ ...emptyFilterForm(), ...over })

describe('filterToQuery', () => {
  it('filterToQuery – empty form – empty query', () => {
    expect(filterToQuery(form())).toEqual({})
  })

  it('filterToQuery – tag mode without tags – left out', () => {
    expect(filterToQuery(form({ tagMode: 'none' }))).toEqual({})
  })

  it('filterToQuery – every field set – every parameter, as the server parses it', () => {
    const query = filterToQuery(
      form({
        q: ' 王 ',
        tagIds: ['t1', 't2'],
        tagMode: 'all',
        userid: 'zhangsan',
        departmentId: '12',
        addedRange: [new Date(2024, 0, 1, 15), new Date(2024, 0, 31, 9)],
        addWay: 1,
      }),
    )
    expect(query).toEqual({
      q: '王',
      tagIds: 't1,t2',
      tagMode: 'all',
      userid: 'zhangsan',
      departmentId: '12',
      addedFrom: String(new Date(2024, 0, 1).getTime() / 1000),
      addedTo: String(new Date(2024, 1, 1).getTime() / 1000 - 1),
      addWay: '1',
    })
    expect(CustomerFilter.parse(query)).toMatchObject({ tagIds: ['t1', 't2'], departmentId: 12, addWay: 1 })
  })

  it('filterToQuery – add way 0 (未知来源) – kept', () => {
    expect(filterToQuery(form({ addWay: 0 }))).toEqual({ addWay: '0' })
  })
})

describe('dayStart / dayEnd', () => {
  it('dayStart / dayEnd – one day – its first and last second', () => {
    const d = new Date(2024, 5, 10, 13, 45)
    expect(dayStart(d)).toBe(new Date(2024, 5, 10).getTime() / 1000)
    expect(dayEnd(d) - dayStart(d)).toBe(86_399)
  })
})

describe('filterFormErrors', () => {
  it.each(['abc', '0', '-3', '1.5'])('filterFormErrors – department id %s – refused', (departmentId) => {
    expect(filterFormErrors(form({ departmentId }))).toEqual({ departmentId: '部门 ID 应为正整数' })
  })

  it('filterFormErrors – a valid form – no errors', () => {
    expect(filterFormErrors(form({ departmentId: '7', q: '王' }))).toEqual({})
  })
})

describe('pageQuery', () => {
  it('pageQuery – filter and page – both in one query', () => {
    expect(pageQuery({ q: '王', tagIds: 't1' }, 2, 20)).toEqual({ q: '王', tagIds: 't1', page: 2, pageSize: 20 })
  })
})

describe('batchSelection', () => {
  it('batchSelection – all matching – the applied filter, not the picked ids', () => {
    expect(batchSelection({ allMatching: true, ids: ['wm1'] }, { q: '王', tagMode: 'any' })).toEqual({ filter: { q: '王', tagMode: 'any' } })
  })

  it('batchSelection – picked rows – their ids', () => {
    expect(batchSelection({ allMatching: false, ids: ['wm1', 'wm2'] }, { q: '王' })).toEqual({ ids: ['wm1', 'wm2'] })
  })

  it('batchSelection – nothing picked – null', () => {
    expect(batchSelection({ allMatching: false, ids: [] }, {})).toBeNull()
  })
})

describe('ADD_WAY_OPTIONS', () => {
  it('ADD_WAY_OPTIONS – WeCom codes – sorted by code with their labels', () => {
    expect(ADD_WAY_OPTIONS[0]).toEqual({ value: 0, label: '未知来源' })
    expect(ADD_WAY_OPTIONS.at(-1)).toEqual({ value: 202, label: '管理员/负责人分配' })
  })
})
