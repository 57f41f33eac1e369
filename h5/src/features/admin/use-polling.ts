import { getCurrentScope, onScopeDispose, ref } from 'vue'

/**
 * Runs `tick` every `intervalMs` (after the previous tick settled, so slow answers never
 * pile up) while it returns true. Stops by itself when its component goes away.
 *
 * @example const poll = usePolling(async () => (await fetchJob(id)).status === 'running', 1000); poll.start()
 */
export function usePolling(tick: () => Promise<boolean>, intervalMs: number) {
  const active = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined
  // A start() or stop() while a tick is in flight makes that tick's answer stale.
  let generation = 0

  function schedule(mine: number): void {
    timer = setTimeout(async () => {
      timer = undefined
      let again = false
      try {
        again = await tick()
      } finally {
        if (mine === generation) {
          if (again) schedule(mine)
          else active.value = false
        }
      }
    }, intervalMs)
  }

  function stop(): void {
    generation += 1
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    active.value = false
  }

  function start(): void {
    stop()
    active.value = true
    schedule(generation)
  }

  if (getCurrentScope()) onScopeDispose(stop)
  return { active, start, stop }
}
