import { describe, expect, it } from 'vitest'
import {
  addChildRefusal,
  categoryOptions,
  deleteRefusal,
  findNode,
  heightOf,
  movableChildren,
  moveNode,
  moveRefusal,
  pathTo,
  uncategorizedId,
} from './knowledge-tree'
import { cat, makeTree } from './knowledge.testing'

/** 全部 > 未分类, 金典 (1 item) > 产品 > 规格 > 容量 (4 levels), 安慕希 (2 items). */
const deepTree = () =>
  makeTree('script', [cat(10, '金典', [cat(11, '产品', [cat(12, '规格', [cat(13, '容量')])])], 1), cat(20, '安慕希', [], 2)]).root

const ids = (nodes: { id: number }[]) => nodes.map((n) => n.id)

describe('knowledge-tree – lookups', () => {
  it('pathTo – a category four levels down – the chain from 全部', () => {
    expect(ids(pathTo(deepTree(), 13))).toEqual([1, 10, 11, 12, 13])
  })

  it('pathTo / findNode – an id not in the tree – empty and null', () => {
    expect(pathTo(deepTree(), 99)).toEqual([])
    expect(findNode(deepTree(), 99)).toBeNull()
  })

  it('heightOf – a leaf and a branch of three levels below it – 1 and 4', () => {
    const root = deepTree()
    expect(heightOf(findNode(root, 13)!)).toBe(1)
    expect(heightOf(findNode(root, 10)!)).toBe(4)
  })

  it('movableChildren – the root – 未分类 left out', () => {
    expect(ids(movableChildren(deepTree()))).toEqual([10, 20])
  })

  it('uncategorizedId – a tree – the id of 未分类', () => {
    expect(uncategorizedId(deepTree())).toBe(2)
  })
})

describe('knowledge-tree – rules', () => {
  it.each([
    ['全部', 1, null],
    ['未分类', 2, 'under_uncategorized'],
    ['a level-3 category', 12, null],
    ['a level-4 category', 13, 'depth'],
  ] as const)('addChildRefusal – %s – %s', (_, id, expected) => {
    expect(addChildRefusal(findNode(deepTree(), id)!)).toBe(expected)
  })

  it.each([
    ['全部', 1, 'fixed'],
    ['未分类', 2, 'fixed'],
    ['a category with sub-categories', 11, 'not_empty'],
    ['a category with items', 20, 'not_empty'],
    ['an empty leaf', 13, null],
  ] as const)('deleteRefusal – %s – %s', (_, id, expected) => {
    expect(deleteRefusal(findNode(deepTree(), id)!)).toBe(expected)
  })

  it.each([
    ['未分类 moved', 2, 10, 'fixed'],
    ['into its own sub-category', 10, 12, 'cycle'],
    ['into itself', 10, 10, 'cycle'],
    ['under 未分类', 20, 2, 'under_uncategorized'],
    ['a 4-level branch under a top category', 10, 20, 'depth'],
    ['a leaf under the level-3 category', 20, 12, null],
    ['a leaf to the top', 13, 1, null],
  ] as const)('moveRefusal – %s – %s', (_, id, parentId, expected) => {
    expect(moveRefusal(deepTree(), id, parentId)).toBe(expected)
  })
})

describe('knowledge-tree – moveNode', () => {
  it('moveNode – reorder at the top – 未分类 stays first, index counts movable siblings only', () => {
    const root = moveNode(deepTree(), 20, 1, 0)
    expect(ids(root.children)).toEqual([2, 20, 10])
  })

  it('moveNode – a category into another – depths and counts redone along both paths', () => {
    const root = moveNode(deepTree(), 20, 12, 5)
    const moved = findNode(root, 20)!
    expect(moved.depth).toBe(4)
    expect(ids(findNode(root, 12)!.children)).toEqual([13, 20])
    expect(findNode(root, 10)!.itemCount).toBe(3)
    expect(root.itemCount).toBe(3)
  })

  it('moveNode – a branch to the top – its sub-categories move up a level with it', () => {
    const root = moveNode(deepTree(), 11, 1, 1)
    expect(ids(root.children)).toEqual([2, 10, 11, 20])
    expect(findNode(root, 13)!.depth).toBe(3)
  })

  it('moveNode – a refused move – the tree unchanged', () => {
    const before = deepTree()
    expect(moveNode(before, 10, 20, 0)).toBe(before)
  })
})

describe('knowledge-tree – categoryOptions', () => {
  it('categoryOptions – a tree – every category but 全部 in tree order, with paths', () => {
    const options = categoryOptions(deepTree())
    expect(options.map((o) => o.id)).toEqual([2, 10, 11, 12, 13, 20])
    expect(options[4]).toEqual({ id: 13, name: '容量', label: '金典 / 产品 / 规格 / 容量', depth: 4 })
  })
})
