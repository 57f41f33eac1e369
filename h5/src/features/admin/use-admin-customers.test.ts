import type { AdminCustomerPage } from '@kelan/shared'
import { describe, expect, it, vi } from 'vitest'
import { makeAdminCustomer } from '@/test/admin-factories'
import { useAdminCustomers } from './use-admin-customers'

const pageOf = (ids: string[], total: number): AdminCustomerPage => ({ items: ids.map((id) => makeAdminCustomer(id, id)), total })

describe('useAdminCustomers', () => {
  it('useAdminCustomers – a newer search answers first – the older answer is dropped', async () => {
    let releaseOld: (p: AdminCustomerPage) => void = () => {}
    const fetchPage = vi.fn((q: Record<string, string | number>) =>
      q.q === '王' ? Promise.resolve(pageOf(['wang'], 1)) : new Promise<AdminCustomerPage>((r) => (releaseOld = r)),
    )
    const list = useAdminCustomers(fetchPage)
    const old = list.search()
    list.form.value = { ...list.form.value, q: '王' }
    await list.search()
    releaseOld(pageOf(['old'], 1))
    await old
    expect(list.items.value.map((i) => i.externalUserId)).toEqual(['wang'])
  })

  it('useAdminCustomers – rows picked on two pages – both kept, page checkbox follows the page', async () => {
    const fetchPage = vi.fn(async (q: Record<string, string | number>) => (q.page === 1 ? pageOf(['a', 'b'], 4) : pageOf(['c', 'd'], 4)))
    const list = useAdminCustomers(fetchPage)
    await list.search()
    list.togglePage(true)
    expect(list.pageSelected.value).toBe(true)
    await list.goTo(2)
    expect(list.pageSelected.value).toBe(false)
    list.toggle('c', true)
    expect(list.batch.value).toEqual({ ids: ['a', 'b', 'c'] })
    expect(list.selectedCount.value).toBe(3)
  })

  it('useAdminCustomers – all matching then one row unticked – back to picked ids', async () => {
    const list = useAdminCustomers(async () => pageOf(['a', 'b'], 40))
    await list.search()
    list.selectAllMatching()
    expect(list.selectedCount.value).toBe(40)
    list.toggle('a', false)
    expect(list.selection.allMatching).toBe(false)
    expect(list.batch.value).toBeNull()
  })

  it('useAdminCustomers – new search – selection cleared', async () => {
    const list = useAdminCustomers(async () => pageOf(['a'], 1))
    await list.search()
    list.toggle('a', true)
    await list.search()
    expect(list.selectedCount.value).toBe(0)
  })
})
