import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import type { CustomerCard } from '@kelan/shared'
import { makeCustomerCard, makeMine } from '@/test/factories'
import { useCustomerCard } from './use-customer-card'

const card = (id: string, status: 'pending' | 'synced', name = id) =>
  makeCustomerCard({ externalUserId: id, name, mine: makeMine({ tagSync: { status, error: null } }) })

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
})
afterEach(() => {
  vi.useRealTimers()
})

function setup(fetchCard: (id: string) => Promise<CustomerCard>, id = 'wmA') {
  const externalUserId = ref(id)
  const scope = effectScope()
  const state = scope.run(() => useCustomerCard(externalUserId, fetchCard))!
  return { externalUserId, scope, ...state }
}

describe('useCustomerCard', () => {
  it('replaceCard – reply for the customer on screen – shows it without a fetch', async () => {
    const fetchCard = vi.fn(async (id: string) => card(id, 'synced'))
    const { card: shown, replaceCard, scope } = setup(fetchCard)
    await flushPromises()
    replaceCard(card('wmA', 'synced', '新名字'))
    expect(shown.value?.name).toBe('新名字')
    expect(fetchCard).toHaveBeenCalledOnce()
    scope.stop()
  })

  it('replaceCard – reply for a customer no longer on screen – is dropped', async () => {
    const fetchCard = vi.fn(async (id: string) => card(id, 'synced'))
    const { card: shown, externalUserId, replaceCard, scope } = setup(fetchCard)
    await flushPromises()
    externalUserId.value = 'wmB'
    await nextTick()
    await flushPromises()
    replaceCard(card('wmA', 'synced', '旧客户'))
    expect(shown.value?.externalUserId).toBe('wmB')
    scope.stop()
  })

  it('poll – answer arrives after a save replaced the card – is dropped as older', async () => {
    let release: (c: CustomerCard) => void = () => {}
    let calls = 0
    const fetchCard = vi.fn((id: string) => (++calls === 1 ? Promise.resolve(card(id, 'pending')) : new Promise<CustomerCard>((r) => (release = r))))
    const { card: shown, replaceCard, scope } = setup(fetchCard)
    await flushPromises()
    await vi.advanceTimersByTimeAsync(2_000)
    expect(fetchCard).toHaveBeenCalledTimes(2)
    replaceCard(card('wmA', 'pending', '保存后'))
    release(card('wmA', 'synced', '保存前'))
    await flushPromises()
    expect(shown.value?.name).toBe('保存后')
    scope.stop()
  })

  it('poll – customer changes while a poll is in flight – the old customer’s card is dropped', async () => {
    let release: (c: CustomerCard) => void = () => {}
    const fetchCard = vi.fn((id: string) => (id === 'wmA' && fetchCard.mock.calls.length > 1 ? new Promise<CustomerCard>((r) => (release = r)) : Promise.resolve(card(id, id === 'wmA' ? 'pending' : 'synced'))))
    const { card: shown, externalUserId, scope } = setup(fetchCard)
    await flushPromises()
    await vi.advanceTimersByTimeAsync(2_000)
    externalUserId.value = 'wmB'
    await nextTick()
    await flushPromises()
    release(card('wmA', 'synced'))
    await flushPromises()
    expect(shown.value?.externalUserId).toBe('wmB')
    scope.stop()
  })
})
