import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { JssdkConfig, Me } from '@kelan/shared'
import { fetchAuthConfig, fetchMe } from '@/api/auth.api'
import { isApiError } from '@/api/errors'
import { navigateTo } from '@/lib/navigate'
import { isSignInLoop, markSignInReturn } from '@/lib/sign-in-return'

/** When this tab last left for OAuth (sessionStorage: it survives the round trip). */
const SIGN_IN_AT_KEY = 'kelan.signInAt'

export type SessionStatus = 'idle' | 'loading' | 'ready' | 'redirecting' | 'sign_in_failed'

/** Who is signed in and how the server runs; outlives pages. */
export const useSessionStore = defineStore('session', () => {
  /** The server's JS-SDK config: corp, agent and demo/wecom mode. */
  const config = ref<JssdkConfig | null>(null)
  /** The signed-in staff member, once known. */
  const me = ref<Me | null>(null)
  const status = ref<SessionStatus>('idle')
  const mode = computed(() => config.value?.mode ?? me.value?.mode ?? null)

  /** Loads the JS-SDK config once per page. */
  async function loadConfig(): Promise<JssdkConfig> {
    config.value ??= await fetchAuthConfig()
    return config.value
  }

  /**
   * Leaves for WeCom OAuth (snsapi_base), which comes back to `returnTo` with a session cookie.
   * Refuses to loop when this page is the return of an attempt that just came back without one.
   */
  function signIn(returnTo: string = window.location.hash || '#/sidebar'): void {
    if (status.value === 'redirecting') return
    const leftAt = Number(sessionStorage.getItem(SIGN_IN_AT_KEY) ?? 0)
    if (isSignInLoop({ hash: window.location.hash, leftAt, now: Date.now() })) {
      status.value = 'sign_in_failed'
      return
    }
    sessionStorage.setItem(SIGN_IN_AT_KEY, String(Date.now()))
    status.value = 'redirecting'
    navigateTo(`/api/auth/login?returnTo=${encodeURIComponent(markSignInReturn(returnTo))}`)
  }

  /** Makes sure someone is signed in; false when the page is leaving for sign-in (or gave up). */
  async function ensureSession(): Promise<boolean> {
    if (me.value) return true
    status.value = 'loading'
    try {
      me.value = await fetchMe()
      status.value = 'ready'
      sessionStorage.removeItem(SIGN_IN_AT_KEY)
      return true
    } catch (err) {
      if (!isApiError(err, 'UNAUTHENTICATED')) {
        status.value = 'idle'
        throw err
      }
      signIn()
      return false
    }
  }

  /** Clears the loop guard so the user can try signing in again by hand. */
  function retrySignIn(): void {
    sessionStorage.removeItem(SIGN_IN_AT_KEY)
    status.value = 'idle'
    signIn()
  }

  return { config, me, status, mode, loadConfig, signIn, ensureSession, retrySignIn }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSessionStore, import.meta.hot))
