import { afterEach, describe, expect, it, vi } from 'vitest'
import { usePolling } from './use-polling'

afterEach(() => {
  vi.useRealTimers()
})

describe('usePolling', () => {
  it('usePolling – tick says go on twice then stop – three ticks, then inactive', async () => {
    vi.useFakeTimers()
    const answers = [true, true, false]
    const tick = vi.fn(async () => answers.shift() ?? false)
    const poll = usePolling(tick, 1000)
    poll.start()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(tick).toHaveBeenCalledTimes(3)
    expect(poll.active.value).toBe(false)
  })

  it('usePolling – stopped while a tick is in flight – no further tick', async () => {
    vi.useFakeTimers()
    let release: (again: boolean) => void = () => {}
    const tick = vi.fn(() => new Promise<boolean>((r) => (release = r)))
    const poll = usePolling(tick, 1000)
    poll.start()
    await vi.advanceTimersByTimeAsync(1000)
    poll.stop()
    release(true)
    await vi.advanceTimersByTimeAsync(5000)
    expect(tick).toHaveBeenCalledOnce()
    expect(poll.active.value).toBe(false)
  })

  it('usePolling – waits for a slow tick – never two ticks at once', async () => {
    vi.useFakeTimers()
    let inFlight = 0
    let most = 0
    const tick = vi.fn(async () => {
      inFlight += 1
      most = Math.max(most, inFlight)
      await new Promise((r) => setTimeout(r, 3000))
      inFlight -= 1
      return true
    })
    const poll = usePolling(tick, 1000)
    poll.start()
    await vi.advanceTimersByTimeAsync(10_000)
    poll.stop()
    expect(most).toBe(1)
    expect(tick).toHaveBeenCalledTimes(3)
  })
})
