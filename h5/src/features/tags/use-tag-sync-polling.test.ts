import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { useTagSyncPolling } from './use-tag-sync-polling'

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
})
afterEach(() => {
  vi.useRealTimers()
})

/** Polling inside its own scope, with a refresh that counts calls. */
function setup(pending = true) {
  const status = ref(pending)
  const refresh = vi.fn(async () => {})
  const scope = effectScope()
  const polling = scope.run(() => useTagSyncPolling({ pending: () => status.value, refresh }))!
  return { status, refresh, scope, polling }
}

describe('useTagSyncPolling', () => {
  it('useTagSyncPolling – pending – refreshes every 2 s', async () => {
    const { refresh } = setup()
    await vi.advanceTimersByTimeAsync(1_999)
    expect(refresh).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(4_001)
    expect(refresh).toHaveBeenCalledTimes(3)
  })

  it('useTagSyncPolling – no longer pending – stops', async () => {
    const { status, refresh } = setup()
    await vi.advanceTimersByTimeAsync(2_000)
    status.value = false
    await nextTick()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(refresh).toHaveBeenCalledTimes(1)
  })

  it('useTagSyncPolling – still pending after 30 s – gives up', async () => {
    const { refresh } = setup()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(refresh).toHaveBeenCalledTimes(15)
  })

  it('useTagSyncPolling – restart after giving up – polls for another 30 s', async () => {
    const { refresh, polling } = setup()
    await vi.advanceTimersByTimeAsync(60_000)
    polling.restart()
    await vi.advanceTimersByTimeAsync(2_000)
    expect(refresh).toHaveBeenCalledTimes(16)
  })

  it('useTagSyncPolling – not pending at first – does not poll until it is', async () => {
    const { status, refresh } = setup(false)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(refresh).not.toHaveBeenCalled()
    status.value = true
    await nextTick()
    await vi.advanceTimersByTimeAsync(2_000)
    expect(refresh).toHaveBeenCalledOnce()
  })

  it('useTagSyncPolling – scope disposed – stops', async () => {
    const { refresh, scope } = setup()
    scope.stop()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(refresh).not.toHaveBeenCalled()
  })

  it('useTagSyncPolling – slow refresh and a restart meanwhile – keeps one loop', async () => {
    let release: () => void = () => {}
    const status = ref(true)
    const refresh = vi.fn(() => new Promise<void>((r) => (release = r)))
    const scope = effectScope()
    const polling = scope.run(() => useTagSyncPolling({ pending: () => status.value, refresh }))!
    await vi.advanceTimersByTimeAsync(2_000)
    polling.restart()
    await vi.advanceTimersByTimeAsync(5_000)
    expect(refresh).toHaveBeenCalledOnce()
    release()
    await vi.advanceTimersByTimeAsync(2_000)
    expect(refresh).toHaveBeenCalledTimes(2)
    scope.stop()
  })
})
