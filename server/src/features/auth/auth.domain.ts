import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { ReturnTo, type Role } from '@kelan/shared'
import { STAFF_PERMISSIONS, type StaffPermission } from '../../db/schema'

/** Sessions last a working week; WeCom re-signs in silently through OAuth when they lapse. */
export const SESSION_TTL_SECONDS = 7 * 24 * 3600
export const SESSION_COOKIE = 'kelan_sid'
export const STATE_COOKIE = 'kelan_oauth'

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Only the hash is stored, so a copy of the database cannot be replayed as cookies. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/**
 * OAuth `state` must match [a-zA-Z0-9]{0,128}. We send a random nonce plus its HMAC, and
 * keep the nonce in a short-lived cookie too, so a callback cannot be forged or replayed
 * into another browser (login CSRF).
 */
export function makeOAuthState(secret: string, nonce = randomBytes(12).toString('hex')): string {
  return nonce + createHmac('sha256', secret).update(nonce).digest('hex').slice(0, 32)
}

export function checkOAuthState(secret: string, state: string, cookieNonce: string | undefined): boolean {
  if (!/^[a-f0-9]{56}$/.test(state) || !cookieNonce) return false
  const expected = Buffer.from(makeOAuthState(secret, cookieNonce))
  const given = Buffer.from(state)
  return expected.length === given.length && timingSafeEqual(expected, given)
}

export function oauthNonce(state: string): string {
  return state.slice(0, 24)
}

/** Where sign-in lands when nothing (valid) says otherwise. */
export const DEFAULT_RETURN_TO = '#/sidebar'

/**
 * The short-lived cookie /login sets beside `state`: the nonce `state` proves, and where to
 * land afterwards (a hash route, so it never leaves the app).
 */
export function stateCookieValue(state: string, returnTo: string): string {
  return `${oauthNonce(state)}|${returnTo}`
}

/**
 * Reads {@link stateCookieValue} back. A missing or tampered cookie gives no nonce (so the
 * state check fails) and an invalid return route gives the default.
 *
 * @example readStateCookie('0123…|#/manager') // { nonce: '0123…', returnTo: '#/manager' }
 */
export function readStateCookie(value: string | undefined): { nonce: string | undefined; returnTo: string } {
  const [nonce, returnTo] = (value ?? '').split('|')
  const route = ReturnTo.safeParse(returnTo)
  return { nonce: nonce || undefined, returnTo: route.success ? route.data : DEFAULT_RETURN_TO }
}

/** The authorize URL WeCom opens inside its webview (snsapi_base: no consent screen). */
export function authorizeUrl(opts: {
  oauthBase: string
  corpId: string
  agentId: string
  redirectUri: string
  state: string
}): string {
  const q = new URLSearchParams({
    appid: opts.corpId,
    redirect_uri: opts.redirectUri,
    response_type: 'code',
    scope: 'snsapi_base',
    state: opts.state,
    agentid: opts.agentId,
  })
  return `${opts.oauthBase}/connect/oauth2/authorize?${q}#wechat_redirect`
}

/**
 * The permissions a member holds beyond their role: admins hold every one; others those an
 * admin granted them (staff_grants).
 *
 * @example permissionsOf('admin', []) // ['marks']
 */
export function permissionsOf(role: Role, granted: readonly StaffPermission[]): StaffPermission[] {
  if (role === 'admin') return [...STAFF_PERMISSIONS]
  return STAFF_PERMISSIONS.filter((p) => granted.includes(p))
}
