import type { KnowledgeItemPage } from '@kelan/shared'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/errors'
import type { ItemListQuery } from '@/features/knowledge/knowledge.api'
import { makePage, makePhrase } from './knowledge.testing'
import { useKnowledgeItems } from './use-knowledge-items'

/** A fetcher whose answers the test releases one by one. */
function deferredFetcher() {
  const pending: { query: ItemListQuery; resolve: (page: KnowledgeItemPage) => void; reject: (err: unknown) => void }[] = []
  const fetch = vi.fn((query: ItemListQuery) => new Promise<KnowledgeItemPage>((resolve, reject) => pending.push({ query, resolve, reject })))
  return { fetch, pending }
}

describe('useKnowledgeItems', () => {
  it('useKnowledgeItems – show another category – first page of it asked for', async () => {
    const fetch = vi.fn(async () => makePage([makePhrase(1, '您好')], 1))
    const list = useKnowledgeItems(fetch)
    list.page.value = 3
    await list.show({ kind: 'phrase', categoryId: 7 })
    expect(fetch).toHaveBeenLastCalledWith({ library: 'public', sort: 'seq', kind: 'phrase', categoryId: 7, q: '', page: 1, pageSize: 20 })
    expect(list.items.value.map((i) => i.id)).toEqual([1])
    expect(list.total.value).toBe(1)
  })

  it('useKnowledgeItems – an older answer arrives last – dropped', async () => {
    const { fetch, pending } = deferredFetcher()
    const list = useKnowledgeItems(fetch)
    const first = list.show({ q: '旧' })
    const second = list.show({ q: '新' })
    pending[1]?.resolve(makePage([makePhrase(2, '新的')]))
    await second
    pending[0]?.resolve(makePage([makePhrase(1, '旧的')]))
    await first
    expect(list.items.value.map((i) => i.id)).toEqual([2])
    expect(list.loading.value).toBe(false)
  })

  it('useKnowledgeItems – the server refuses – error kept, rows stay', async () => {
    const fetch = vi.fn().mockResolvedValueOnce(makePage([makePhrase(1, '您好')])).mockRejectedValueOnce(new ApiError(0, 'NETWORK', '网络连接失败'))
    const list = useKnowledgeItems(fetch)
    await list.load()
    await list.load()
    expect(list.error.value?.code).toBe('NETWORK')
    expect(list.items.value).toHaveLength(1)
  })

  it('useKnowledgeItems – last page emptied by a delete – the page before is shown', async () => {
    const fetch = vi.fn(async (q: ItemListQuery) => (q.page === 3 ? makePage([], 40, 3) : makePage([makePhrase(21, 'x')], 40, q.page)))
    const list = useKnowledgeItems(fetch)
    await list.goTo(3)
    expect(list.page.value).toBe(2)
    expect(list.items.value.map((i) => i.id)).toEqual([21])
  })

  it('useKnowledgeItems – replace – the row updated in place', async () => {
    const list = useKnowledgeItems(async () => makePage([makePhrase(1, 'a', { seq: 1 }), makePhrase(2, 'b', { seq: 2 })]))
    await list.load()
    list.replace(makePhrase(2, 'b', { seq: 0 }))
    expect(list.items.value.map((i) => [i.id, i.seq])).toEqual([
      [1, 1],
      [2, 0],
    ])
  })
})
