import { ReturnTo } from '@kelan/shared'

/**
 * The sign-in loop guard. Leaving for OAuth stamps the time and marks the return route with
 * `?signin=1`; a page that still has no session *and* carries that mark *and* left moments ago
 * has come straight back from an OAuth round that did not stick: it must stop, not loop.
 * Without the mark it is a fresh load (the simulated desktop reloading its sidebar frame while
 * an earlier sign-in was still under way, a user reopening the sidebar): that one signs in again.
 */
const RETURN_PARAM = 'signin'
const DEFAULT_RETURN = '#/sidebar'

/** How recent the last departure must be for a marked return to count as a loop. */
export const SIGN_IN_LOOP_MS = 20_000

function params(hash: string): URLSearchParams {
  const at = hash.indexOf('?')
  return new URLSearchParams(at < 0 ? '' : hash.slice(at + 1))
}

/** True when `hash` is the route OAuth just brought us back to. */
export function isSignInReturn(hash: string): boolean {
  return params(hash).get(RETURN_PARAM) === '1'
}

/**
 * The hash route to come back to after OAuth, marked as a return from sign-in. A route the
 * server would refuse as `returnTo` (odd characters) falls back to the sidebar.
 *
 * @example markSignInReturn('#/manager') // '#/manager?signin=1'
 */
export function markSignInReturn(hash: string): string {
  const marked = isSignInReturn(hash) ? hash : `${hash}${hash.includes('?') ? '&' : '?'}${RETURN_PARAM}=1`
  return ReturnTo.safeParse(marked).success ? marked : `${DEFAULT_RETURN}?${RETURN_PARAM}=1`
}

/**
 * Whether signing in again would loop: we are on a marked return and left for OAuth less than
 * SIGN_IN_LOOP_MS ago (`leftAt` is 0 when we never left in this tab).
 */
export function isSignInLoop(input: { hash: string; leftAt: number; now: number }): boolean {
  return isSignInReturn(input.hash) && input.leftAt > 0 && input.now - input.leftAt < SIGN_IN_LOOP_MS
}
