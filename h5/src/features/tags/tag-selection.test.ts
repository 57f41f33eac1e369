import { describe, expect, it } from 'vitest'
import { makeCardTag, makeLibraryGroup, makeTagGroup } from '@/test/factories'
import { isEmptyDiff, lockedMessage, lockedTagIds, searchGroups, selectionDiff, selectionRules, toggleTag } from './tag-selection'

const intent = () => makeLibraryGroup('意向程度', ['高意向', '中意向', '低意向'], { exclusive: true })
const source = () => makeLibraryGroup('客户来源', ['展会', '官网', '转介绍'])
const rules = (locked: string[] = []) => selectionRules([intent(), source()], locked)
const outcome = (r: ReturnType<typeof toggleTag>) => (r.ok ? [...r.selected] : r)

describe('selectionDiff', () => {
  it('selectionDiff – tags added and removed – lists only the difference', () => {
    expect(selectionDiff(['a', 'b'], new Set(['b', 'c']))).toEqual({ add: ['c'], remove: ['a'] })
  })

  it('selectionDiff – same tags in another order – is empty', () => {
    const diff = selectionDiff(['a', 'b'], new Set(['b', 'a']))
    expect(diff).toEqual({ add: [], remove: [] })
    expect(isEmptyDiff(diff)).toBe(true)
  })

  it('selectionDiff – everything deselected – removes all current tags', () => {
    expect(selectionDiff(['a', 'b'], new Set())).toEqual({ add: [], remove: ['a', 'b'] })
  })
})

describe('toggleTag', () => {
  it('toggleTag – tag of a normal group – adds it next to the others of its group', () => {
    expect(outcome(toggleTag(new Set(['et-展会']), 'et-官网', rules()))).toEqual(['et-展会', 'et-官网'])
  })

  it('toggleTag – selected tag – deselects it', () => {
    expect(outcome(toggleTag(new Set(['et-展会', 'et-官网']), 'et-展会', rules()))).toEqual(['et-官网'])
  })

  it('toggleTag – second tag of a 互斥 group – replaces the first and keeps other groups', () => {
    const r = toggleTag(new Set(['et-高意向', 'et-展会']), 'et-低意向', rules())
    expect(outcome(r)).toEqual(['et-展会', 'et-低意向'])
  })

  it('toggleTag – 互斥 group with two tags already (legacy data) – keeps only the new one', () => {
    const r = toggleTag(new Set(['et-高意向', 'et-中意向']), 'et-低意向', rules())
    expect(outcome(r)).toEqual(['et-低意向'])
  })

  it('toggleTag – selected tag of a 互斥 group – can be deselected, leaving none', () => {
    expect(outcome(toggleTag(new Set(['et-高意向']), 'et-高意向', rules()))).toEqual([])
  })

  it('toggleTag – locked selected tag – refuses with its name and leaves the selection', () => {
    const selected = new Set(['et-展会'])
    expect(toggleTag(selected, 'et-展会', rules(['et-展会']))).toEqual({ ok: false, lockedNames: ['展会'] })
    expect([...selected]).toEqual(['et-展会'])
  })

  it('toggleTag – another tag of a 互斥 group whose locked tag is on the customer – refuses', () => {
    const r = toggleTag(new Set(), 'et-低意向', rules(['et-高意向']))
    expect(r).toEqual({ ok: false, lockedNames: ['高意向'] })
  })

  it('toggleTag – locked tag not on my relation yet – can be added', () => {
    expect(outcome(toggleTag(new Set(), 'et-展会', rules(['et-展会'])))).toEqual(['et-展会'])
  })

  it('toggleTag – tag missing from the library – toggles like a normal tag', () => {
    expect(outcome(toggleTag(new Set(['x']), 'x', rules()))).toEqual([])
  })
})

describe('lockedTagIds / lockedMessage', () => {
  it('lockedTagIds – card with one locked tag – returns its id only', () => {
    const groups = [makeTagGroup('标记', [], { tags: [makeCardTag('VIP', { locked: true }), makeCardTag('普通')] })]
    expect(lockedTagIds(groups)).toEqual(['et-VIP'])
  })

  it('lockedMessage – two names – quotes both', () => {
    expect(lockedMessage(['A', 'B'])).toBe('「A」、「B」已被客户标记锁定，不能移除')
  })
})

describe('searchGroups', () => {
  const groups = () => [
    makeLibraryGroup('意向程度', ['高意向', '低意向']),
    makeLibraryGroup('客户等级', ['VIP 客户', '普通客户']),
    makeLibraryGroup('行业', ['教育', '医疗']),
  ]
  const names = (gs: ReturnType<typeof searchGroups>) => gs.map((g) => `${g.name}:${g.tags.map((t) => t.name).join(',')}`)

  it('searchGroups – Chinese substring – finds matches across groups, with their group', () => {
    expect(names(searchGroups(groups(), '客户'))).toEqual(['客户等级:VIP 客户,普通客户'])
    expect(names(searchGroups(groups(), '高'))).toEqual(['意向程度:高意向'])
  })

  it('searchGroups – match in two groups – keeps library order and drops the rest', () => {
    const gs = [makeLibraryGroup('A 组', ['重点客户', '其他']), makeLibraryGroup('B 组', ['普通']), makeLibraryGroup('C 组', ['重点跟进'])]
    expect(names(searchGroups(gs, '重点'))).toEqual(['A 组:重点客户', 'C 组:重点跟进'])
  })

  it('searchGroups – latin in another case or full width – matches', () => {
    expect(names(searchGroups(groups(), 'vip'))).toEqual(['客户等级:VIP 客户'])
    expect(names(searchGroups(groups(), 'ＶＩＰ'))).toEqual(['客户等级:VIP 客户'])
  })

  it('searchGroups – blank query – returns every group unchanged', () => {
    expect(searchGroups(groups(), '  ')).toEqual(groups())
  })

  it('searchGroups – no match – returns no groups', () => {
    expect(searchGroups(groups(), '金融')).toEqual([])
  })

  it('searchGroups – group name matches – keeps all the group’s tags', () => {
    expect(names(searchGroups(groups(), '行业'))).toEqual(['行业:教育,医疗'])
  })
})
