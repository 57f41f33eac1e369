import { describe, expect, it } from 'vitest'
import { CreateKnowledgeItemInput } from '@kelan/shared'
import {
  createRefusal,
  deleteRefusal,
  depthOf,
  heightOf,
  indexTree,
  itemContent,
  nextSort,
  planMove,
  renameRefusal,
  subtreeIds,
  toCategoryNode,
  toKnowledgeItem,
  NO_ATTACHMENTS,
  type CategoryRecord,
  type ItemRecord,
} from './knowledge.domain'

const root: CategoryRecord = { id: 1, parentId: null, name: '全部', sort: 0, fixed: 'root' }
const uncategorized: CategoryRecord = { id: 2, parentId: 1, name: '未分类', sort: 0, fixed: 'uncategorized' }
const cat = (id: number, parentId: number, name = `分类${id}`, sort = id): CategoryRecord => ({ id, parentId, name, sort, fixed: null })

/** 全部 > 未分类, 金典 (10) > 纯牛奶 (11) > 250ml (12) > 礼盒 (13); 舒化 (20). */
const deepTree = () => indexTree([root, uncategorized, cat(10, 1, '金典'), cat(11, 10, '纯牛奶'), cat(12, 11, '250ml'), cat(13, 12, '礼盒'), cat(20, 1, '舒化')])

describe('indexTree', () => {
  it('indexTree – 未分类 with a higher sort than its siblings – still listed first, then by sort', () => {
    const tree = indexTree([root, cat(10, 1, 'B', 0), { ...uncategorized, sort: 99 }, cat(11, 1, 'A', 5)])

    expect(tree.children.get(1)!.map((c) => c.id)).toEqual([2, 10, 11])
  })

  it('indexTree – no root row – throws', () => {
    expect(() => indexTree([uncategorized])).toThrow(/root/)
  })
})

describe('depth and height', () => {
  it('depthOf – root, level-1 and level-4 categories – 0, 1 and 4', () => {
    const tree = deepTree()

    expect([depthOf(tree, 1), depthOf(tree, 10), depthOf(tree, 13)]).toEqual([0, 1, 4])
  })

  it('heightOf – a leaf and a category with three levels below it – 1 and 4', () => {
    const tree = deepTree()

    expect([heightOf(tree, 20), heightOf(tree, 10)]).toEqual([1, 4])
  })

  it('subtreeIds – a category with descendants – itself and every descendant', () => {
    expect(subtreeIds(deepTree(), 11).sort()).toEqual([11, 12, 13])
  })
})

describe('createRefusal', () => {
  it('createRefusal – under a level-3 category – allowed (the new one is level 4)', () => {
    expect(createRefusal(deepTree(), 12, '新分类')).toBeNull()
  })

  it('createRefusal – under a level-4 category – depth', () => {
    expect(createRefusal(deepTree(), 13, '第五级')).toBe('depth')
  })

  it('createRefusal – under 未分类 – under_uncategorized', () => {
    expect(createRefusal(deepTree(), 2, '子分类')).toBe('under_uncategorized')
  })

  it('createRefusal – a sibling has the name – name_taken; the same name elsewhere – allowed', () => {
    const tree = deepTree()

    expect(createRefusal(tree, 1, '金典')).toBe('name_taken')
    expect(createRefusal(tree, 20, '金典')).toBeNull()
  })

  it('createRefusal – named 全部 or 未分类, at any level – reserved_name', () => {
    const tree = deepTree()

    expect([1, 10, 12].flatMap((parentId) => ['全部', '未分类'].map((name) => createRefusal(tree, parentId, name)))).toEqual(
      Array(6).fill('reserved_name'),
    )
    expect(createRefusal(tree, 10, '全部商品')).toBeNull()
  })
})

describe('renameRefusal and deleteRefusal', () => {
  it('renameRefusal – root or 未分类 – fixed', () => {
    const tree = deepTree()

    expect([renameRefusal(tree, 1, 'x'), renameRefusal(tree, 2, 'x')]).toEqual(['fixed', 'fixed'])
  })

  it('renameRefusal – to its own name – allowed; to a sibling’s – name_taken', () => {
    const tree = deepTree()

    expect(renameRefusal(tree, 10, '金典')).toBeNull()
    expect(renameRefusal(tree, 10, '舒化')).toBe('name_taken')
  })

  it('renameRefusal – to 全部 or 未分类 – reserved_name', () => {
    const tree = deepTree()

    expect([renameRefusal(tree, 10, '全部'), renameRefusal(tree, 12, '未分类')]).toEqual(['reserved_name', 'reserved_name'])
  })

  it('deleteRefusal – root or 未分类, even empty – fixed', () => {
    const tree = deepTree()

    expect([deleteRefusal(tree, 1, 0), deleteRefusal(tree, 2, 0)]).toEqual(['fixed', 'fixed'])
  })

  it('deleteRefusal – with sub-categories, with items, empty leaf – not_empty, not_empty, allowed', () => {
    const tree = deepTree()

    expect([deleteRefusal(tree, 10, 0), deleteRefusal(tree, 20, 3), deleteRefusal(tree, 20, 0)]).toEqual(['not_empty', 'not_empty', null])
  })
})

describe('planMove', () => {
  it('planMove – within the same parent to the front – order with it first (未分类 not counted)', () => {
    expect(planMove(deepTree(), 20, 1, 0)).toEqual({ order: [20, 10] })
  })

  it('planMove – index past the end – placed last', () => {
    expect(planMove(deepTree(), 10, 1, 99)).toEqual({ order: [20, 10] })
  })

  it('planMove – a leaf under a level-3 category – allowed', () => {
    expect(planMove(deepTree(), 20, 12, 0)).toEqual({ order: [20, 13] })
  })

  it('planMove – a 2-level subtree under a level-3 category – depth', () => {
    const tree = indexTree([root, uncategorized, cat(10, 1), cat(11, 10), cat(12, 11), cat(20, 1), cat(21, 20)])

    expect(planMove(tree, 20, 12, 0)).toEqual({ refused: 'depth' })
  })

  it('planMove – under itself or a descendant – cycle', () => {
    const tree = deepTree()

    expect([planMove(tree, 10, 10, 0), planMove(tree, 10, 12, 0)]).toEqual([{ refused: 'cycle' }, { refused: 'cycle' }])
  })

  it('planMove – 未分类 or root – fixed', () => {
    const tree = deepTree()

    expect([planMove(tree, 2, 10, 0), planMove(tree, 1, 10, 0)]).toEqual([{ refused: 'fixed' }, { refused: 'fixed' }])
  })

  it('planMove – under 未分类 – under_uncategorized', () => {
    expect(planMove(deepTree(), 20, 2, 0)).toEqual({ refused: 'under_uncategorized' })
  })

  it('planMove – next to a sibling of the same name – name_taken', () => {
    const tree = indexTree([root, uncategorized, cat(10, 1, '礼盒'), cat(11, 1, '金典'), cat(12, 11, '礼盒')])

    expect(planMove(tree, 12, 1, 0)).toEqual({ refused: 'name_taken' })
  })
})

describe('nextSort and toCategoryNode', () => {
  it('nextSort – children with sorts 0 and 7 – 8; no children – 0', () => {
    const tree = indexTree([root, uncategorized, cat(10, 1, 'a', 7)])

    expect([nextSort(tree, 1), nextSort(tree, 10)]).toEqual([8, 0])
  })

  it('toCategoryNode – items at several levels – each node counts its own and all below, depth per level', () => {
    const tree = deepTree()

    const node = toCategoryNode(tree, new Map([[2, 1], [10, 2], [13, 4], [20, 3]]))

    expect(node.itemCount).toBe(10)
    expect(node.children.map((c) => [c.name, c.itemCount, c.depth])).toEqual([['未分类', 1, 1], ['金典', 6, 1], ['舒化', 3, 1]])
    const level4 = node.children[1]!.children[0]!.children[0]!.children[0]!
    expect([level4.name, level4.depth, level4.itemCount, level4.fixed]).toEqual(['礼盒', 4, 4, null])
  })
})

describe('items', () => {
  const record = (o: Partial<ItemRecord>): ItemRecord => ({
    id: 1, treeId: 1, library: 'public', owner: '', kind: 'script', categoryId: 2, title: '', similar: '', answer: null, url: null,
    description: '', cover: null, body: '', seq: 0, useCount: 0, createdAt: 1, updatedAt: 2, ...o,
  })

  it('itemContent – a script with text, image and text parts – body is the text parts, one per line', () => {
    const input = CreateKnowledgeItemInput.parse({
      library: 'public', kind: 'script', question: '金典哪里好', similar: ['金典好在哪', '为什么选金典'],
      answer: [{ type: 'text', text: '有机奶源' }, { type: 'image', attachmentId: 'img1' }, { type: 'text', text: '3.8g 蛋白' }],
    })

    const content = itemContent(input)

    expect(content).toMatchObject({ title: '金典哪里好', similar: '金典好在哪\n为什么选金典', body: '有机奶源\n3.8g 蛋白' })
  })

  it('itemContent – a link – title, url, cover, and its description is the searched body', () => {
    const input = CreateKnowledgeItemInput.parse({ library: 'public', kind: 'link', title: '伊利官网', url: 'https://yili.com', description: '品牌介绍', cover: 'c1' })

    expect(itemContent(input)).toEqual({ title: '伊利官网', similar: '', answer: null, url: 'https://yili.com', description: '品牌介绍', cover: 'c1', body: '品牌介绍' })
  })

  it('toKnowledgeItem – script, phrase and link rows – each in its API shape', () => {
    const answer = [{ type: 'text', text: '答' }]

    expect(toKnowledgeItem(record({ title: '问', similar: 'a\nb', answer }), NO_ATTACHMENTS)).toMatchObject({ kind: 'script', question: '问', similar: ['a', 'b'], answer })
    expect(toKnowledgeItem(record({ kind: 'phrase', title: '您好' }), NO_ATTACHMENTS)).toMatchObject({ kind: 'phrase', text: '您好' })
    expect(toKnowledgeItem(record({ kind: 'link', title: 'T', url: 'https://x.cn', description: 'D' }), NO_ATTACHMENTS)).toMatchObject({
      kind: 'link', title: 'T', url: 'https://x.cn', description: 'D', cover: null,
    })
  })

  it('toKnowledgeItem – a script without similar questions – an empty list, not one empty string', () => {
    const item = toKnowledgeItem(record({ title: '问', answer: [] }), NO_ATTACHMENTS)

    expect(item.kind === 'script' && item.similar).toEqual([])
  })
})
