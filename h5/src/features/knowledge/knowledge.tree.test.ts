import { describe, expect, it } from 'vitest'
import { categoryOptions, pathOf } from './knowledge.tree'
import { makeCategory, makeTree } from './knowledge.testing'

const tree = () => makeTree([makeCategory(5, '舒化奶', [makeCategory(9, '低乳糖', [], { depth: 2 })]), makeCategory(6, '金典')]).root

describe('pathOf', () => {
  it('pathOf – two levels down – the nodes from the top level down', () => {
    expect(pathOf(tree(), [5, 9]).map((n) => n.name)).toEqual(['舒化奶', '低乳糖'])
  })

  it('pathOf – a category deleted meanwhile – stops above it', () => {
    expect(pathOf(tree(), [5, 404, 9]).map((n) => n.id)).toEqual([5])
  })

  it('pathOf – no ids – empty (全部)', () => {
    expect(pathOf(tree(), [])).toEqual([])
  })
})

describe('categoryOptions', () => {
  it('categoryOptions – nested tree – every category depth first with its full path, 未分类 first', () => {
    expect(categoryOptions(tree())).toEqual([
      { id: 2, label: '未分类' },
      { id: 5, label: '舒化奶' },
      { id: 9, label: '舒化奶 / 低乳糖' },
      { id: 6, label: '金典' },
    ])
  })
})
