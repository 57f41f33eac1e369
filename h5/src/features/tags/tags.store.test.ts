import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { makeLibraryGroup } from '@/test/factories'
import { apiErr, json, stubFetch } from '@/test/fetch-stub'
import { useTagLibraryStore } from './tags.store'

beforeEach(() => {
  setActivePinia(createPinia())
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date(2025, 0, 1, 9, 0, 0))
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

const library = (...names: string[]) => ({ groups: names.map((n) => makeLibraryGroup(n, ['甲'])) })

describe('useTagLibraryStore', () => {
  it('ensureFresh – opened again within a minute – uses the cached library', async () => {
    const mock = stubFetch({ '/api/tags': () => json(200, library('客户等级')) })
    const store = useTagLibraryStore()
    await store.ensureFresh()
    vi.setSystemTime(new Date(2025, 0, 1, 9, 0, 59))
    await store.ensureFresh()
    expect(mock).toHaveBeenCalledOnce()
    expect(store.groups?.map((g) => g.name)).toEqual(['客户等级'])
  })

  it('ensureFresh – cache older than a minute – fetches again and shows the new library', async () => {
    let version = 0
    const mock = stubFetch({ '/api/tags': () => json(200, ++version === 1 ? library('旧组') : library('新组')) })
    const store = useTagLibraryStore()
    await store.ensureFresh()
    vi.setSystemTime(new Date(2025, 0, 1, 9, 1, 1))
    await store.ensureFresh()
    expect(mock).toHaveBeenCalledTimes(2)
    expect(store.groups?.map((g) => g.name)).toEqual(['新组'])
  })

  it('ensureFresh – two callers at once – share one request', async () => {
    const mock = stubFetch({ '/api/tags': () => json(200, library('客户等级')) })
    const store = useTagLibraryStore()
    await Promise.all([store.ensureFresh(), store.ensureFresh()])
    expect(mock).toHaveBeenCalledOnce()
  })

  it('ensureFresh – refetch fails – keeps the cached groups and records the error', async () => {
    let calls = 0
    stubFetch({ '/api/tags': () => (++calls === 1 ? json(200, library('客户等级')) : apiErr(500, 'INTERNAL', '服务器内部错误')) })
    const store = useTagLibraryStore()
    await store.ensureFresh()
    vi.setSystemTime(new Date(2025, 0, 1, 9, 5, 0))
    await store.ensureFresh()
    expect(store.groups?.map((g) => g.name)).toEqual(['客户等级'])
    expect(store.error?.code).toBe('INTERNAL')
  })
})
