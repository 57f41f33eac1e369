import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/errors'
import { apiErr, json, stubFetch } from '@/test/fetch-stub'
import { bodyOf, callsTo } from './sensitive.testing'
import { useSensitiveCheck } from './use-sensitive-check'

afterEach(() => vi.unstubAllGlobals())

const CHECK = '/api/knowledge/check'
const SEND_LOG = '/api/knowledge/send-log'

describe('useSensitiveCheck – check', () => {
  it('check – text with a word – POSTs the text and resolves the hits', async () => {
    const result = { hits: [{ word: '微信', action: 'warn', ranges: [[2, 4]] }], blocked: false, sendToken: 'tok-1' }
    const fetchMock = stubFetch({ [CHECK]: () => json(200, result) })

    const answer = await useSensitiveCheck().check('加我微信')

    expect(answer).toEqual(result)
    expect(callsTo(fetchMock, CHECK, 'POST').map(([, init]) => bodyOf(init))).toEqual([{ text: '加我微信' }])
  })

  it('check – server refuses – rejects with its ApiError', async () => {
    stubFetch({ [CHECK]: () => apiErr(400, 'VALIDATION_FAILED', '请求参数不正确') })

    await expect(useSensitiveCheck().check('x')).rejects.toMatchObject({ status: 400, code: 'VALIDATION_FAILED' })
  })

  it('check – reply off contract – rejects with BAD_RESPONSE', async () => {
    stubFetch({ [CHECK]: () => json(200, { hits: 'none' }) })

    await expect(useSensitiveCheck().check('x')).rejects.toMatchObject({ code: 'BAD_RESPONSE' })
  })

  it('check – network down – rejects with NETWORK', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))))

    const err = await useSensitiveCheck().check('x').catch((e: unknown) => e)

    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ code: 'NETWORK' })
  })
})

describe('useSensitiveCheck – log', () => {
  it('log – a confirmed send – POSTs the entry and resolves on 204', async () => {
    const fetchMock = stubFetch({ [SEND_LOG]: () => new Response(null, { status: 204 }) })
    const input = { sendToken: 'tok-1', itemId: 12, chatId: 'wmCUST0001' }

    await expect(useSensitiveCheck().log(input)).resolves.toBeUndefined()

    expect(callsTo(fetchMock, SEND_LOG, 'POST').map(([, init]) => bodyOf(init))).toEqual([input])
  })

  it('log – server refuses – rejects with its ApiError', async () => {
    stubFetch({ [SEND_LOG]: () => apiErr(401, 'UNAUTHENTICATED') })

    await expect(
      useSensitiveCheck().log({ sendToken: 'tok-1', itemId: null, chatId: null }),
    ).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' })
  })
})
