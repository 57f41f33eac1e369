import { describe, expect, it } from 'vitest'
import { apiErr, json } from '@/test/fetch-stub'
import { ApiError, isApiError, unwrap } from './errors'

describe('unwrap', () => {
  it('unwrap – 2xx reply – returns the JSON body', async () => {
    await expect(unwrap(json(200, { ok: true }))).resolves.toEqual({ ok: true })
  })

  it('unwrap – error body – throws ApiError with the server code, message and status', async () => {
    const err = await unwrap(apiErr(404, 'NOT_FOUND', '客户不存在')).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ status: 404, code: 'NOT_FOUND', message: '客户不存在' })
    expect(err).toHaveProperty('details', undefined)
  })

  it('unwrap – error body with details – the ApiError keeps them', async () => {
    const body = { error: { code: 'MUTEX_CONFLICT', message: '互斥冲突', details: { count: 2 } } }
    await expect(unwrap(json(409, body))).rejects.toMatchObject({ code: 'MUTEX_CONFLICT', details: { count: 2 } })
  })

  it('unwrap – 403 without a JSON body – falls back to FORBIDDEN', async () => {
    await expect(unwrap(new Response('<html>denied</html>', { status: 403 }))).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('unwrap – gateway 502 from a proxy – is a retryable NETWORK error', async () => {
    await expect(unwrap(new Response('Bad Gateway', { status: 502 }))).rejects.toMatchObject({ code: 'NETWORK', status: 502 })
  })

  it('unwrap – 200 that is not JSON – throws BAD_RESPONSE', async () => {
    await expect(unwrap(new Response('<html></html>', { status: 200 }))).rejects.toMatchObject({ code: 'BAD_RESPONSE' })
  })
})

describe('isApiError', () => {
  it('isApiError – code filter – matches only the listed codes', () => {
    const err = new ApiError(404, 'NOT_FOUND', 'x')
    expect(isApiError(err, 'NOT_FOUND')).toBe(true)
    expect(isApiError(err, 'NETWORK')).toBe(false)
    expect(isApiError(new Error('x'))).toBe(false)
  })
})
