import { afterEach, describe, expect, it, vi } from 'vitest'
import { platformError, toPlatformError, withTimeout } from './errors'
import { PlatformError } from './types'

describe('toPlatformError', () => {
  it.each([
    [{ errMsg: 'getCurExternalContact:fail no permission', errCode: -1 }, 'no_permission'],
    [{ errMsg: 'sendChatMessage:fail without context of external contact' }, 'no_context'],
    [{ errMsg: 'agentConfig:fail invalid signature', errCode: 40093 }, 'signature_failed'],
    [{ errMsg: 'agentConfig:fail no permission' }, 'signature_failed'],
    [{ errMsg: 'getContext:fail', errCode: 42012 }, 'signature_failed'],
    [{ errMsg: 'agentConfig:fail not match any reliable domain', errCode: 80001 }, 'signature_failed'],
    [{ errMsg: 'getCurExternalContact:fail no permission', errCode: 60011 }, 'out_of_range'],
    [{ errMsg: 'getCurExternalContact:fail user not in range' }, 'out_of_range'],
    [new Error('something odd'), 'unknown'],
    ['plain string', 'unknown'],
  ])('toPlatformError – %j – maps to %s', (raw, code) => {
    expect(toPlatformError(raw).code).toBe(code)
  })

  it('toPlatformError – SDK failure – keeps errMsg and errCode as detail', () => {
    expect(toPlatformError({ errMsg: 'getContext:fail x', errCode: 7 }).detail).toBe('getContext:fail x (7)')
  })

  it('toPlatformError – already a PlatformError – returns it unchanged', () => {
    const err = platformError('outside_wecom')
    expect(toPlatformError(err)).toBe(err)
  })
})

describe('withTimeout', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('withTimeout – promise never settles – rejects with timeout', async () => {
    vi.useFakeTimers()
    const result = withTimeout(new Promise(() => {}), 1000, 'getContext').catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(1000)
    const err = await result
    expect(err).toBeInstanceOf(PlatformError)
    expect(err).toMatchObject({ code: 'timeout', message: '企业微信客户端没有响应', detail: 'getContext：1 秒内没有应答' })
  })

  it('withTimeout – promise settles in time – passes the value through', async () => {
    await expect(withTimeout(Promise.resolve('ok'), 1000, 'x')).resolves.toBe('ok')
  })
})
