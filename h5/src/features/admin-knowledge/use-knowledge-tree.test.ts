import type { KnowledgeCategoryTree, KnowledgeKind } from '@kelan/shared'
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'
import { apiErr, json, stubFetch } from '@/test/fetch-stub'
import { findNode } from './knowledge-tree'
import { cat, makeTree } from './knowledge.testing'
import { useKnowledgeTree } from './use-knowledge-tree'

afterEach(() => vi.unstubAllGlobals())

const tree = () => makeTree('script', [cat(10, '金典', [cat(11, '产品')]), cat(20, '安慕希')])

async function loaded(fetchTree: (kind: KnowledgeKind) => Promise<KnowledgeCategoryTree> = async () => tree()) {
  const state = useKnowledgeTree(ref<KnowledgeKind>('script'), fetchTree)
  await flushPromises()
  return state
}

describe('useKnowledgeTree – move', () => {
  it('move – allowed – shown at once, then the server tree replaces it', async () => {
    const moved = makeTree('script', [cat(20, '安慕希'), cat(10, '金典', [cat(11, '产品')])])
    const fetchMock = stubFetch({ '/api/knowledge/categories/20/position': () => json(200, moved) })
    const state = await loaded()
    const saving = state.move(20, 1, 0)
    expect(state.root.value?.children.map((c) => c.id)).toEqual([2, 20, 10])
    expect(await saving).toBeNull()
    expect(JSON.parse(String(fetchMock.mock.calls[0]?.[1]?.body))).toEqual({ parentId: 1, index: 0 })
    expect(state.data.value).toEqual(moved)
  })

  it('move – under 未分类 – refused here, nothing sent', async () => {
    const fetchMock = stubFetch({})
    const state = await loaded()
    expect(await state.move(20, 2, 0)).toBe('「未分类」下不能添加子分类')
    expect(fetchMock).not.toHaveBeenCalled()
    expect(findNode(state.root.value!, 20)?.depth).toBe(1)
  })

  it('move – refused by the server – the tree reloaded as the server has it, its message returned', async () => {
    stubFetch({ '/api/knowledge/categories/20/position': () => apiErr(409, 'NAME_TAKEN', '同一级已有名为「安慕希」的分类') })
    const fetchTree = vi.fn(async () => tree())
    const state = await loaded(fetchTree)
    expect(await state.move(20, 10, 0)).toBe('同一级已有名为「安慕希」的分类')
    expect(fetchTree).toHaveBeenCalledTimes(2)
    expect(state.root.value?.children.map((c) => c.id)).toEqual([2, 10, 20])
  })

  it('apply – a tree of another kind (the tab changed meanwhile) – ignored', async () => {
    const state = await loaded()
    state.apply(makeTree('phrase', [cat(99, '问候')]))
    expect(state.data.value?.kind).toBe('script')
  })
})
