import { onMounted, ref, shallowRef } from 'vue'
import { type ApiError, isApiError } from '@/api/errors'
import { useSessionStore } from '@/stores/session'

/**
 * Makes sure someone is signed in before a page loads its data (401 → WeCom OAuth).
 * Returns `{ ready, error, check }`: `ready` turns true once the session is known.
 */
export function useSessionGate() {
  const session = useSessionStore()
  const ready = ref(false)
  const error = shallowRef<ApiError | null>(null)

  async function check(): Promise<void> {
    error.value = null
    try {
      ready.value = await session.ensureSession()
    } catch (err) {
      if (!isApiError(err)) throw err
      error.value = err
    }
  }

  onMounted(check)
  return { ready, error, check }
}
