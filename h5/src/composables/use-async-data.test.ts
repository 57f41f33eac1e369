import { afterEach, describe, expect, it } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { ApiError } from '@/api/errors'
import { useAsyncData } from './use-async-data'

/** A fetcher whose answers the test releases by key. */
function deferredFetcher() {
  const pending = new Map<string, { resolve: (v: string) => void; reject: (e: unknown) => void }>()
  const fetcher = (key: string) => new Promise<string>((resolve, reject) => pending.set(key, { resolve, reject }))
  return { fetcher, pending }
}

let scope = effectScope()
afterEach(() => {
  scope.stop()
  scope = effectScope()
})

describe('useAsyncData', () => {
  it('useAsyncData – answer arrives – data set, loading off', async () => {
    const { fetcher, pending } = deferredFetcher()
    const state = scope.run(() => useAsyncData('a', fetcher))!
    expect(state.loading.value).toBe(true)
    pending.get('a')?.resolve('A')
    await nextTick()
    await nextTick()
    expect(state.data.value).toBe('A')
    expect(state.loading.value).toBe(false)
  })

  it('useAsyncData – key changes while the old answer is shown – clears it at once', async () => {
    const { fetcher, pending } = deferredFetcher()
    const key = ref('a')
    const state = scope.run(() => useAsyncData(key, fetcher))!
    pending.get('a')?.resolve('A')
    await new Promise((r) => setTimeout(r))
    key.value = 'b'
    await nextTick()
    expect(state.data.value).toBeNull()
    expect(state.loading.value).toBe(true)
  })

  it('useAsyncData – old key answers after the new one – the stale answer is dropped', async () => {
    const { fetcher, pending } = deferredFetcher()
    const key = ref('a')
    const state = scope.run(() => useAsyncData(key, fetcher))!
    key.value = 'b'
    await nextTick()
    pending.get('b')?.resolve('B')
    pending.get('a')?.resolve('A')
    await new Promise((r) => setTimeout(r))
    expect(state.data.value).toBe('B')
  })

  it('useAsyncData – ApiError – lands in error, loading off', async () => {
    const { fetcher, pending } = deferredFetcher()
    const state = scope.run(() => useAsyncData('a', fetcher))!
    pending.get('a')?.reject(new ApiError(0, 'NETWORK', '网络连接失败'))
    await new Promise((r) => setTimeout(r))
    expect(state.error.value?.code).toBe('NETWORK')
    expect(state.loading.value).toBe(false)
  })
})
