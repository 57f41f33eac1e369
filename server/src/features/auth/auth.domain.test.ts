import { describe, expect, it } from 'vitest'
import { authorizeUrl, checkOAuthState, hashToken, makeOAuthState, oauthNonce, permissionsOf, readStateCookie, stateCookieValue } from './auth.domain'

describe('OAuth state', () => {
  it('accepts the state it made when the cookie holds its nonce', () => {
    const state = makeOAuthState('s'.repeat(32))
    expect(state).toMatch(/^[a-zA-Z0-9]{1,128}$/)
    expect(checkOAuthState('s'.repeat(32), state, oauthNonce(state))).toBe(true)
  })
  it('rejects a state signed with another secret', () => {
    const state = makeOAuthState('a'.repeat(32))
    expect(checkOAuthState('b'.repeat(32), state, oauthNonce(state))).toBe(false)
  })
  it('rejects a valid state arriving without its cookie', () => {
    const state = makeOAuthState('s'.repeat(32))
    expect(checkOAuthState('s'.repeat(32), state, undefined)).toBe(false)
  })
})

describe('authorizeUrl', () => {
  it('builds a snsapi_base URL with the redirect encoded and #wechat_redirect last', () => {
    const url = authorizeUrl({
      oauthBase: 'https://open.weixin.qq.com',
      corpId: 'wwcorp',
      agentId: '1000002',
      redirectUri: 'https://kelan.example.com/api/auth/callback',
      state: 'abc',
    })
    expect(url).toBe(
      'https://open.weixin.qq.com/connect/oauth2/authorize?appid=wwcorp&redirect_uri=https%3A%2F%2Fkelan.example.com%2Fapi%2Fauth%2Fcallback&response_type=code&scope=snsapi_base&state=abc&agentid=1000002#wechat_redirect',
    )
  })
})

describe('hashToken', () => {
  it('never stores the token itself', () => {
    expect(hashToken('tok')).not.toContain('tok')
    expect(hashToken('tok')).toHaveLength(64)
  })
})

describe('state cookie', () => {
  it('readStateCookie – value written by stateCookieValue – the state’s nonce and the return route', () => {
    const state = makeOAuthState('s'.repeat(32))
    expect(readStateCookie(stateCookieValue(state, '#/manager'))).toEqual({ nonce: oauthNonce(state), returnTo: '#/manager' })
  })
  it('readStateCookie – no cookie – no nonce and the sidebar', () => {
    expect(readStateCookie(undefined)).toEqual({ nonce: undefined, returnTo: '#/sidebar' })
  })
  it('readStateCookie – return route tampered into another site – the sidebar instead', () => {
    expect(readStateCookie('abc|//evil.example.com').returnTo).toBe('#/sidebar')
  })
})

describe('permissionsOf', () => {
  it.each([
    ['admin', [], ['marks']],
    ['staff', ['marks'], ['marks']],
    ['manager', [], []],
  ] as const)('permissionsOf – %s with grants %j – %j', (role, granted, expected) => {
    expect(permissionsOf(role, granted)).toEqual(expected)
  })
})
