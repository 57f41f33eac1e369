import { flushPromises } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { useLazyChunk } from './use-lazy-chunk'

/** A loader the test settles by hand, to look at the chunk while it downloads. */
function deferredLoader() {
  const calls: { resolve: () => void; reject: (err: Error) => void }[] = []
  const load = vi.fn(() => new Promise<void>((resolve, reject) => calls.push({ resolve, reject })))
  return { load, calls }
}

describe('useLazyChunk', () => {
  it('useLazyChunk – first ensure – loading while the chunk downloads, then ready and true', async () => {
    const { load, calls } = deferredLoader()
    const chunk = useLazyChunk(load)
    const ensured = chunk.ensure()
    expect(chunk.loading.value).toBe(true)
    expect(chunk.ready.value).toBe(false)
    calls[0]?.resolve()
    expect(await ensured).toBe(true)
    expect(chunk.loading.value).toBe(false)
    expect(chunk.ready.value).toBe(true)
  })

  it('useLazyChunk – two calls during one download – one download, both get true', async () => {
    const { load, calls } = deferredLoader()
    const chunk = useLazyChunk(load)
    const first = chunk.ensure()
    const second = chunk.ensure()
    calls[0]?.resolve()
    expect(await Promise.all([first, second])).toEqual([true, true])
    expect(await chunk.ensure()).toBe(true)
    expect(load).toHaveBeenCalledOnce()
  })

  it('useLazyChunk – download fails – says so, false, and the next call retries', async () => {
    const { load, calls } = deferredLoader()
    const chunk = useLazyChunk(load)
    const failed = chunk.ensure()
    calls[0]?.reject(new TypeError('Failed to fetch dynamically imported module'))
    expect(await failed).toBe(false)
    await flushPromises()
    expect(document.body.textContent).toContain('加载失败，请检查网络后重试')
    expect(chunk.ready.value).toBe(false)
    expect(chunk.loading.value).toBe(false)

    const retried = chunk.ensure()
    calls[1]?.resolve()
    expect(await retried).toBe(true)
    expect(load).toHaveBeenCalledTimes(2)
  })
})
