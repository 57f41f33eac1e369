import { onScopeDispose, watch } from 'vue'

export interface TagSyncPollingOptions {
  /** True while the viewer's tags are on their way to WeCom (tagSync 'pending'). */
  pending: () => boolean
  /** Fetches the card again and applies it; must handle its own API errors. */
  refresh: () => Promise<void>
  intervalMs?: number
  /** How long to keep asking after the last change; past it the status stays 同步中 until a reload. */
  maxMs?: number
}

/**
 * Polls while the viewer's relation is 同步中, so it turns into 已同步 or 同步失败 without a
 * reload. The outbox usually pushes within a second or two; when WeCom is slow or retrying
 * with backoff, ~30 s of polling is enough to show progress without polling forever.
 * `restart()` opens a new window (after a save or a retry). Stops with the calling scope.
 */
export function useTagSyncPolling(options: TagSyncPollingOptions) {
  const intervalMs = options.intervalMs ?? 2_000
  const maxMs = options.maxMs ?? 30_000
  let timer: ReturnType<typeof setTimeout> | undefined
  let deadline = 0
  // A refresh in flight: the loop continues from its end, so no second loop may start.
  let ticking = false
  let disposed = false

  function stop(): void {
    clearTimeout(timer)
    timer = undefined
  }

  function schedule(): void {
    stop()
    if (disposed || ticking || !options.pending() || Date.now() + intervalMs > deadline) return
    timer = setTimeout(() => void tick(), intervalMs)
  }

  async function tick(): Promise<void> {
    timer = undefined
    ticking = true
    try {
      await options.refresh()
    } finally {
      ticking = false
      schedule()
    }
  }

  /** Polls for another `maxMs` from now (while pending). */
  function restart(): void {
    deadline = Date.now() + maxMs
    schedule()
  }

  watch(
    options.pending,
    (pending) => {
      if (pending) restart()
      else stop()
    },
    { immediate: true },
  )
  onScopeDispose(() => {
    disposed = true
    stop()
  })

  return { restart, stop }
}
