import type { SyncRun } from '@kelan/shared'
import { computed, ref, shallowRef } from 'vue'
import { type ApiError, isApiError } from '@/api/errors'
import { fetchLastSync, startSync } from './admin.api'
import { usePolling } from './use-polling'

/** How often a running sync is looked at. */
export const SYNC_POLL_MS = 2000

/**
 * The last full sync and the 从企业微信同步 action: starting one (or finding one already
 * running) polls GET /api/sync/last until it is done or failed, then calls `onFinished`.
 */
export function useSyncRun(onFinished?: (run: SyncRun) => void) {
  const run = shallowRef<SyncRun | null>(null)
  const loaded = ref(false)
  const starting = ref(false)
  const error = shallowRef<ApiError | null>(null)
  /** Why the last 同步 click did not start a run (e.g. one is already running). */
  const notice = ref<string | null>(null)
  const running = computed(() => run.value?.status === 'running')

  async function refresh(): Promise<boolean> {
    try {
      run.value = await fetchLastSync()
      error.value = null
    } catch (err) {
      if (!isApiError(err)) throw err
      error.value = err
      return false
    } finally {
      loaded.value = true
    }
    return true
  }

  const poll = usePolling(async () => {
    if (!(await refresh())) return false
    if (running.value) return true
    if (run.value) onFinished?.(run.value)
    return false
  }, SYNC_POLL_MS)

  /** Loads the last run; keeps watching it when it is still running. */
  async function load(): Promise<void> {
    if ((await refresh()) && running.value) poll.start()
  }

  async function start(): Promise<void> {
    starting.value = true
    notice.value = null
    try {
      run.value = await startSync()
      poll.start()
    } catch (err) {
      if (!isApiError(err)) throw err
      const busy = err.code === 'SYNC_RUNNING'
      notice.value = busy ? '同步正在进行中' : err.message
      // Someone else's run: follow it like our own.
      if (busy) poll.start()
    } finally {
      starting.value = false
    }
  }

  return { run, loaded, starting, running, error, notice, load, start }
}
