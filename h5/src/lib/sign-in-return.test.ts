import { describe, expect, it } from 'vitest'
import { isSignInLoop, isSignInReturn, markSignInReturn, SIGN_IN_LOOP_MS } from './sign-in-return'

describe('markSignInReturn', () => {
  it.each([
    ['#/sidebar', '#/sidebar?signin=1'],
    ['#/manager/customers/wmA-1', '#/manager/customers/wmA-1?signin=1'],
    ['#/manager?tab=2', '#/manager?tab=2&signin=1'],
    ['#/sidebar?signin=1', '#/sidebar?signin=1'],
    ['', '#/sidebar?signin=1'],
    ['#/客户', '#/sidebar?signin=1'],
    [`#/${'a'.repeat(509)}`, '#/sidebar?signin=1'],
  ])('markSignInReturn – %s – %s', (hash, marked) => {
    expect(markSignInReturn(hash)).toBe(marked)
  })
})

describe('isSignInReturn', () => {
  it.each([
    ['#/sidebar?signin=1', true],
    ['#/manager?tab=2&signin=1', true],
    ['#/sidebar', false],
    ['#/sidebar?signin=0', false],
    ['', false],
  ])('isSignInReturn – %s – %s', (hash, expected) => {
    expect(isSignInReturn(hash)).toBe(expected)
  })
})

describe('isSignInLoop', () => {
  const now = 1_700_000_000_000

  it('isSignInLoop – marked return moments after leaving – is a loop', () => {
    expect(isSignInLoop({ hash: '#/sidebar?signin=1', leftAt: now - 3_000, now })).toBe(true)
  })

  it('isSignInLoop – unmarked fresh load moments after leaving (frame reloaded mid-sign-in) – signs in again', () => {
    expect(isSignInLoop({ hash: '#/sidebar', leftAt: now - 50, now })).toBe(false)
  })

  it('isSignInLoop – marked URL reopened long after the last sign-in – signs in again', () => {
    expect(isSignInLoop({ hash: '#/sidebar?signin=1', leftAt: now - SIGN_IN_LOOP_MS, now })).toBe(false)
  })

  it('isSignInLoop – marked URL but this tab never left – signs in again', () => {
    expect(isSignInLoop({ hash: '#/sidebar?signin=1', leftAt: 0, now })).toBe(false)
  })
})
