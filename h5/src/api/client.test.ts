import { KnowledgeImportJob, Me, TagLibrary } from '@kelan/shared'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as z from 'zod/mini'
import { apiErr, json, stubFetch } from '@/test/fetch-stub'
import { fetchHealth } from './health.api'
import { apiCall, apiGet, apiPost, apiUpload, setUnauthenticatedHandler } from './client'

afterEach(() => {
  vi.unstubAllGlobals()
  setUnauthenticatedHandler(undefined)
})

describe('apiGet', () => {
  const me = { corpId: 'ww1', userid: 'zhangsan', name: '张三', avatar: '', role: 'staff', permissions: [], mode: 'demo' }

  it('apiGet – valid reply – returns the parsed body', async () => {
    stubFetch({ '/api/me': () => json(200, me) })
    await expect(apiGet('/api/me', Me)).resolves.toEqual(me)
  })

  it('apiGet – fetch rejects (offline) – throws ApiError NETWORK', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')))
    await expect(apiGet('/api/me', Me)).rejects.toMatchObject({ code: 'NETWORK', status: 0 })
  })

  it('apiGet – reply does not match the contract – throws BAD_RESPONSE', async () => {
    stubFetch({ '/api/me': () => json(200, { userid: 42 }) })
    await expect(apiGet('/api/me', Me)).rejects.toMatchObject({ code: 'BAD_RESPONSE' })
  })

  it('apiGet – 401 – calls the sign-in handler and rejects with UNAUTHENTICATED', async () => {
    const handler = vi.fn()
    setUnauthenticatedHandler(handler)
    stubFetch({ '/api/me': () => apiErr(401, 'UNAUTHENTICATED') })
    await expect(apiGet('/api/me', Me)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(handler).toHaveBeenCalledOnce()
  })

  it('apiGet – query values – are encoded and empty ones dropped', async () => {
    const fetchMock = stubFetch({ '/api/customers': () => json(200, me) })
    await apiGet('/api/customers', Me, { q: '王 总', page: 2, empty: '' })
    expect(String(fetchMock.mock.calls[0]?.[0])).toBe('/api/customers?q=%E7%8E%8B+%E6%80%BB&page=2')
  })
})

describe('rpc', () => {
  it('fetchHealth – typed hc client – calls /api/health and returns the mode', async () => {
    const fetchMock = stubFetch({ '/api/health': () => json(200, { ok: true, mode: 'wecom' }) })
    await expect(fetchHealth()).resolves.toEqual({ ok: true, mode: 'wecom' })
    expect(String(fetchMock.mock.calls[0]?.[0])).toMatch(/\/api\/health$/)
  })

  it('fetchHealth – reply does not match the contract – ApiError BAD_RESPONSE, not a bare ZodError', async () => {
    stubFetch({ '/api/health': () => json(200, { ok: 'yes' }) })
    await expect(fetchHealth()).rejects.toMatchObject({ name: 'ApiError', code: 'BAD_RESPONSE' })
  })
})

describe('loadRpc', () => {
  it('loadRpc – the rpc chunk fails to download – ApiError NETWORK, not a bare TypeError', async () => {
    vi.resetModules()
    vi.doMock('./rpc', () => {
      throw new TypeError('Failed to fetch dynamically imported module')
    })
    try {
      const { loadRpc } = await import('./client')
      await expect(loadRpc()).rejects.toMatchObject({ name: 'ApiError', code: 'NETWORK' })
    } finally {
      vi.doUnmock('./rpc')
      vi.resetModules()
    }
  })
})

describe('apiPost', () => {
  it('apiPost – 401 with signInOn401 off – rejects without calling the sign-in handler', async () => {
    const handler = vi.fn()
    setUnauthenticatedHandler(handler)
    stubFetch({ '/api/auth/logout': () => apiErr(401, 'UNAUTHENTICATED') })
    await expect(apiPost('/api/auth/logout', {}, Me, { signInOn401: false })).rejects.toMatchObject({ status: 401 })
    expect(handler).not.toHaveBeenCalled()
  })

  it('apiPost – body – is sent as JSON with a content type', async () => {
    const fetchMock = stubFetch({ '/sim/_control/session': () => json(200, {}) })
    await apiPost('/sim/_control/session', { userid: 'lisi' }, z.partial(Me))
    const init = fetchMock.mock.calls[0]?.[1]
    expect(init?.method).toBe('POST')
    expect(new Headers(init?.headers).get('content-type')).toBe('application/json')
    expect(init?.body).toBe('{"userid":"lisi"}')
  })
})

describe('apiCall', () => {
  it('apiCall – PATCH with a body – JSON sent with the method and the reply parsed', async () => {
    const fetchMock = stubFetch({ '/api/admin/tags': () => json(200, { groups: [] }) })
    await expect(apiCall('PATCH', '/api/admin/tags', TagLibrary, { body: { a: 1 } })).resolves.toEqual({ groups: [] })
    const init = fetchMock.mock.calls[0]?.[1]
    expect(init?.method).toBe('PATCH')
    expect(init?.body).toBe('{"a":1}')
    expect(new Headers(init?.headers).get('content-type')).toBe('application/json')
  })

  it('apiCall – no body – sends neither a body nor a content type', async () => {
    const fetchMock = stubFetch({ '/api/x': () => json(200, { groups: [] }) })
    await apiCall('DELETE', '/api/x', TagLibrary)
    const init = fetchMock.mock.calls[0]?.[1]
    expect(init?.method).toBe('DELETE')
    expect(init?.body).toBeUndefined()
    expect(new Headers(init?.headers).has('content-type')).toBe(false)
  })

  it('apiCall – refusal with details – ApiError keeping status, code, message and details', async () => {
    stubFetch({ '/api/x': () => json(409, { error: { code: 'TAG_IN_USE', message: '标签使用中', details: { customers: 3 } } }) })
    await expect(apiCall('DELETE', '/api/x', TagLibrary)).rejects.toMatchObject({
      name: 'ApiError',
      status: 409,
      code: 'TAG_IN_USE',
      message: '标签使用中',
      details: { customers: 3 },
    })
  })

  it('apiCall – 401 – calls the sign-in handler whatever the method', async () => {
    const handler = vi.fn()
    setUnauthenticatedHandler(handler)
    stubFetch({ '/api/x': () => apiErr(401, 'UNAUTHENTICATED') })
    await expect(apiCall('PUT', '/api/x', TagLibrary, { body: { ids: [] } })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(handler).toHaveBeenCalledOnce()
  })

  it('apiCall – HTML 502 from a proxy – NETWORK', async () => {
    stubFetch({ '/api/x': () => new Response('<html>bad gateway</html>', { status: 502 }) })
    await expect(apiCall('GET', '/api/x', TagLibrary)).rejects.toMatchObject({ code: 'NETWORK' })
  })

  it('apiCall – 204 – resolves without a body', async () => {
    stubFetch({ '/api/x': () => new Response(null, { status: 204 }) })
    await expect(apiCall('DELETE', '/api/x', z.optional(TagLibrary))).resolves.toBeUndefined()
  })

  it('apiCall – query values – encoded, empty ones dropped', async () => {
    const fetchMock = stubFetch({ '/api/x': () => json(200, { groups: [] }) })
    await apiCall('GET', '/api/x', TagLibrary, { query: { q: '王', empty: '', page: 2 } })
    expect(String(fetchMock.mock.calls[0]?.[0])).toBe('/api/x?q=%E7%8E%8B&page=2')
  })
})

describe('apiUpload', () => {
  const job = { id: 7, kind: 'script', status: 'queued', total: 0, done: 0, failed: 0, fileName: 'a.xlsx', createdAt: 1, finishedAt: null, error: null }
  const form = () => {
    const data = new FormData()
    data.append('file', new File(['x'], 'a.xlsx'))
    return data
  }

  it('apiUpload – form and query – POSTs the FormData itself with no content type, query encoded, reply parsed', async () => {
    const fetchMock = stubFetch({ '/api/knowledge/import': () => json(202, job) })
    const data = form()
    await expect(apiUpload('/api/knowledge/import', data, KnowledgeImportJob, { kind: 'script' })).resolves.toEqual(job)
    const [url, init] = fetchMock.mock.calls[0] ?? []
    expect(String(url)).toBe('/api/knowledge/import?kind=script')
    expect(init?.method).toBe('POST')
    expect(init?.body).toBe(data)
    expect(init?.credentials).toBe('same-origin')
    expect(new Headers(init?.headers).has('content-type')).toBe(false)
  })

  it('apiUpload – 413 refusal – ApiError with the server code and message', async () => {
    stubFetch({ '/api/knowledge/import': () => apiErr(413, 'PAYLOAD_TOO_LARGE', '文件不能超过 5 MB') })
    await expect(apiUpload('/api/knowledge/import', form(), KnowledgeImportJob)).rejects.toMatchObject({
      name: 'ApiError',
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: '文件不能超过 5 MB',
    })
  })

  it('apiUpload – 401 – calls the sign-in handler like any other call', async () => {
    const handler = vi.fn()
    setUnauthenticatedHandler(handler)
    stubFetch({ '/api/knowledge/import': () => apiErr(401, 'UNAUTHENTICATED') })
    await expect(apiUpload('/api/knowledge/import', form(), KnowledgeImportJob)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(handler).toHaveBeenCalledOnce()
  })

  it('apiUpload – fetch rejects – ApiError NETWORK', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')))
    await expect(apiUpload('/api/knowledge/import', form(), KnowledgeImportJob)).rejects.toMatchObject({ code: 'NETWORK' })
  })
})
