import { describe, expect, it } from 'vitest'
import { makeLibraryGroup, makeLibraryTag } from '@/test/factories'
import { searchLibrary, tagNames, toggleTag } from './tag-picker'

const intent = makeLibraryGroup('意向程度', [makeLibraryTag('高意向', { id: 't1' }), makeLibraryTag('低意向', { id: 't2' })], { id: 'g1', exclusive: true })
const source = makeLibraryGroup('客户来源', [makeLibraryTag('展会', { id: 't3' }), makeLibraryTag('Web 官网', { id: 't4' })], { id: 'g2' })

describe('searchLibrary', () => {
  it('searchLibrary – blank query – every group', () => {
    expect(searchLibrary([intent, source], '  ').map((g) => g.id)).toEqual(['g1', 'g2'])
  })

  it('searchLibrary – part of a tag name – only matching tags, empty groups dropped', () => {
    const found = searchLibrary([intent, source], '高')
    expect(found.map((g) => [g.id, g.tags.map((t) => t.id)])).toEqual([['g1', ['t1']]])
  })

  it('searchLibrary – group name – the whole group', () => {
    expect(searchLibrary([intent, source], '来源')[0]?.tags.map((t) => t.id)).toEqual(['t3', 't4'])
  })

  it('searchLibrary – Latin in another case – found', () => {
    expect(searchLibrary([intent, source], 'web')[0]?.tags.map((t) => t.id)).toEqual(['t4'])
  })
})

describe('toggleTag', () => {
  it('toggleTag – selected tag – removed', () => {
    expect(toggleTag(['t1', 't3'], intent, 't1', true)).toEqual(['t3'])
  })

  it('toggleTag – second tag of a 互斥 group, single – replaces the first', () => {
    expect(toggleTag(['t1', 't3'], intent, 't2', true)).toEqual(['t3', 't2'])
  })

  it('toggleTag – second tag of a 互斥 group, not single (filter) – both kept', () => {
    expect(toggleTag(['t1'], intent, 't2', false)).toEqual(['t1', 't2'])
  })

  it('toggleTag – tag of a normal group, single – added', () => {
    expect(toggleTag(['t3'], source, 't4', true)).toEqual(['t3', 't4'])
  })
})

describe('tagNames', () => {
  it('tagNames – ids in any order, one unknown – names in library order', () => {
    expect(tagNames([intent, source], ['t3', 'gone', 't1'])).toEqual(['高意向', '展会'])
  })
})
