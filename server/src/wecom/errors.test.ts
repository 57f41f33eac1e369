import { describe, expect, it } from 'vitest'
import { AppError } from '../lib/errors'
import { LocalErrcode, WecomError, isRetryable, isTokenErrcode, wecomErrorToAppError } from './errors'

describe('isRetryable', () => {
  it.each([-1, 45009, 45033, LocalErrcode.network, 500, 502, 503, 599, 429])('isRetryable – %i – true', (code) => {
    expect(isRetryable(code)).toBe(true)
  })

  it.each([0, 40001, 40003, 40014, 42001, 40058, 40068, 40071, 40096, 41001, 48002, 60011, 60020, 84061, 84074, 400, 404, LocalErrcode.invalidReply])(
    'isRetryable – %i – false',
    (code) => {
      expect(isRetryable(code)).toBe(false)
    },
  )

  it('isTokenErrcode – 40014 and 42001 only', () => {
    expect([40014, 42001, 40001, 41001].map(isTokenErrcode)).toEqual([true, true, false, false])
  })
})

describe('WecomError', () => {
  it('WecomError – HTTP 503 – is retryable by its status, not its errcode', () => {
    const err = new WecomError({ errcode: LocalErrcode.http, httpStatus: 503, path: '/cgi-bin/user/get', message: 'm' })

    expect(err).toMatchObject({ errcode: -3, httpStatus: 503, retryable: true, path: '/cgi-bin/user/get' })
  })

  it('wecomErrorToAppError – 84061 – 502 WECOM_ERROR carrying the errcode and a hint', () => {
    const app = wecomErrorToAppError(new WecomError({ errcode: 84061, path: '/p', message: 'm' }))

    expect(app).toBeInstanceOf(AppError)
    expect(app).toMatchObject({ code: 'WECOM_ERROR', status: 502, extra: { errcode: 84061 } })
    expect(app.message).toContain('好友')
  })
})
