import { flushPromises } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { useLazySheet } from './use-lazy-sheet'

/** A loader the test settles by hand, to look at the sheet while its chunk downloads. */
function deferredLoader() {
  const calls: { resolve: () => void; reject: (err: Error) => void }[] = []
  const load = vi.fn(() => new Promise<void>((resolve, reject) => calls.push({ resolve, reject })))
  return { load, calls }
}

describe('useLazySheet', () => {
  it('useLazySheet – first show – loading while the chunk downloads, then ready and open', async () => {
    const { load, calls } = deferredLoader()
    const sheet = useLazySheet(load)
    const shown = sheet.show()
    expect(sheet.loading.value).toBe(true)
    expect(sheet.ready.value).toBe(false)
    expect(sheet.open.value).toBe(false)
    calls[0]?.resolve()
    await shown
    expect(sheet.loading.value).toBe(false)
    expect(sheet.ready.value).toBe(true)
    expect(sheet.open.value).toBe(true)
  })

  it('useLazySheet – shown again after closing – opens without loading again', async () => {
    const load = vi.fn(async () => {})
    const sheet = useLazySheet(load)
    await sheet.show()
    sheet.open.value = false
    await sheet.show()
    expect(sheet.open.value).toBe(true)
    expect(load).toHaveBeenCalledOnce()
  })

  it('useLazySheet – second tap while loading – does not start a second download', async () => {
    const { load, calls } = deferredLoader()
    const sheet = useLazySheet(load)
    const first = sheet.show()
    await sheet.show()
    calls[0]?.resolve()
    await first
    expect(load).toHaveBeenCalledOnce()
    expect(sheet.open.value).toBe(true)
  })

  it('useLazySheet – download fails – says so, stays closed, and the next tap retries', async () => {
    const { load, calls } = deferredLoader()
    const sheet = useLazySheet(load)
    const failed = sheet.show()
    calls[0]?.reject(new TypeError('Failed to fetch dynamically imported module'))
    await failed
    await flushPromises()
    expect(document.body.textContent).toContain('加载失败，请检查网络后重试')
    expect(sheet.loading.value).toBe(false)
    expect(sheet.ready.value).toBe(false)
    expect(sheet.open.value).toBe(false)

    const retried = sheet.show()
    calls[1]?.resolve()
    await retried
    expect(load).toHaveBeenCalledTimes(2)
    expect(sheet.open.value).toBe(true)
  })
})
