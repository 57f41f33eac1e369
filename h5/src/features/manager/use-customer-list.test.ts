import { describe, expect, it, vi } from 'vitest'
import type { CustomerListItem, CustomerListPage, CustomerListQuery } from './manager.api'
import { useCustomerList } from './use-customer-list'

const item = (id: string): CustomerListItem => ({ externalUserId: id, name: id, avatar: '', type: 1, corpName: '', followerNames: [], addedAt: 1 })
const page = (ids: string[], total: number): CustomerListPage => ({ items: ids.map(item), total })

describe('useCustomerList', () => {
  it('useCustomerList – two pages – appends and finishes at total', async () => {
    const fetchPage = vi.fn(async (q: CustomerListQuery) => (q.page === 1 ? page(['a', 'b'], 3) : page(['c'], 3)))
    const list = useCustomerList(fetchPage)
    await list.loadMore()
    expect(list.finished.value).toBe(false)
    await list.loadMore()
    expect(list.items.value.map((i) => i.externalUserId)).toEqual(['a', 'b', 'c'])
    expect(list.finished.value).toBe(true)
    expect(fetchPage.mock.calls.map(([q]) => q.page)).toEqual([1, 2])
  })

  it('useCustomerList – new search while the old one is in flight – drops the stale page', async () => {
    let release: (p: CustomerListPage) => void = () => {}
    const fetchPage = vi.fn((q: CustomerListQuery) =>
      q.q === '' ? new Promise<CustomerListPage>((r) => (release = r)) : Promise.resolve(page(['wang'], 1)),
    )
    const list = useCustomerList(fetchPage)
    const stale = list.loadMore()
    list.q.value = '王'
    await list.search()
    release(page(['old'], 1))
    await stale
    expect(list.items.value.map((i) => i.externalUserId)).toEqual(['wang'])
  })
})
