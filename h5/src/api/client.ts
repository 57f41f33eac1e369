import type * as z from 'zod/mini'
import type { Rpc } from './rpc'
import { ApiError, networkError, type ResponseLike, unwrap } from './errors'

/** How long any call may take before it is reported as a network failure. */
const TIMEOUT_MS = 15_000

type Query = Record<string, string | number | undefined>
type UnauthenticatedHandler = () => void

/** The HTTP methods the Kelan routes use. */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** What goes into a request besides method and path. */
export interface RequestParts {
  /** Query string values; undefined and empty ones are left out. */
  query?: Query
  /** Sent as JSON; no body (and no content type) when undefined. */
  body?: unknown
}

export interface CallOptions {
  /** Run the sign-in handler on 401 (default). Off for calls where "not signed in" is fine. */
  signInOn401?: boolean
}

let onUnauthenticated: UnauthenticatedHandler | undefined

/**
 * Registers what happens when the session is missing or expired (a 401 from any call):
 * main.ts points it at the OAuth sign-in. The call still rejects, so callers stop.
 */
export function setUnauthenticatedHandler(handler: UnauthenticatedHandler | undefined): void {
  onUnauthenticated = handler
}

/**
 * Sends one request with the session cookie and a timeout. Network failures and timeouts
 * become `ApiError('NETWORK')` so the UI has one retryable case. Every call goes through it,
 * the typed RPC client in rpc.ts included.
 */
export async function send(input: RequestInfo | URL, init: RequestInit, options: CallOptions): Promise<Response> {
  const controller = new AbortController()
  // Not AbortSignal.timeout(): older WeCom webviews lack it.
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS)
  try {
    const headers = new Headers(init.headers)
    headers.set('accept', 'application/json')
    const res = await fetch(input, { ...init, headers, credentials: 'same-origin', signal: controller.signal })
    if (res.status === 401 && options.signInOn401 !== false) onUnauthenticated?.()
    return res
  } catch {
    throw networkError()
  } finally {
    clearTimeout(timer)
  }
}

/**
 * The typed RPC client (rpc.ts), fetched on first use: hono/client then stays out of the
 * first load of pages that only read (the sidebar card calls it only for tag writes). A chunk
 * that fails to download is a NETWORK ApiError, like any call that never got an answer.
 *
 * @example const rpc = await loadRpc(); parsed(await rpc.api.health.$get(), Health)
 */
export function loadRpc(): Promise<Rpc> {
  return import('./rpc').then(
    (m) => m.rpc,
    () => {
      throw networkError()
    },
  )
}

function withQuery(path: string, query?: Query): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.set(key, String(value))
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

/**
 * The body of a 2xx reply checked against its contract; a reply that does not match is
 * `ApiError('BAD_RESPONSE')` like any other failed call (never a bare ZodError).
 *
 * @example const health = await parsed(await rpc.api.health.$get(), Health)
 */
export async function parsed<S extends z.ZodMiniType>(res: ResponseLike<unknown>, schema: S): Promise<z.infer<S>> {
  const body = await unwrap(res)
  const result = schema.safeParse(body)
  if (!result.success) throw new ApiError(res.status, 'BAD_RESPONSE', '服务器返回的数据格式不正确')
  return result.data
}

/**
 * Calls a JSON endpoint with any method and validates the reply with a zod schema from
 * @kelan/shared. For routes whose types are not (yet) in `AppType`; shares `send` (cookie,
 * timeout, 401 handler) with `rpc`. Refusals arrive as ApiError, with the server's `details`.
 *
 * @example const lib = await apiCall('PATCH', `/api/admin/tags/${id}`, LibraryTag, { body: { name } })
 */
export async function apiCall<S extends z.ZodMiniType>(
  method: Method,
  path: string,
  schema: S,
  { query, body }: RequestParts = {},
  options: CallOptions = {},
): Promise<z.infer<S>> {
  const init: RequestInit = { method }
  if (body !== undefined) {
    init.headers = { 'content-type': 'application/json' }
    init.body = JSON.stringify(body)
  }
  return parsed(await send(withQuery(path, query), init, options), schema)
}

/**
 * GETs a JSON endpoint and validates the reply; `apiCall('GET', …)` with the query inline.
 *
 * @example const me = await apiGet('/api/me', Me)
 */
export function apiGet<S extends z.ZodMiniType>(path: string, schema: S, query?: Query, options: CallOptions = {}): Promise<z.infer<S>> {
  return apiCall('GET', path, schema, { query }, options)
}

/**
 * POSTs JSON (an empty object when `body` is nullish) and validates the reply.
 *
 * @example await apiPost('/sim/_control/session', { userid: 'lisi' }, SimOk)
 */
export function apiPost<S extends z.ZodMiniType>(path: string, body: unknown, schema: S, options: CallOptions = {}): Promise<z.infer<S>> {
  return apiCall('POST', path, schema, { body: body ?? {} }, options)
}

/**
 * POSTs a multipart form (a file upload) and validates the reply. Goes through the same
 * `send` as every other call (cookie, timeout, 401 handler, ApiError on refusal); no
 * content type is set so the browser adds the multipart boundary itself.
 *
 * @example const job = await apiUpload('/api/knowledge/import', form, KnowledgeImportJob, { kind: 'script' })
 */
export async function apiUpload<S extends z.ZodMiniType>(
  path: string,
  formData: FormData,
  schema: S,
  query?: Query,
  options: CallOptions = {},
): Promise<z.infer<S>> {
  return parsed(await send(withQuery(path, query), { method: 'POST', body: formData }, options), schema)
}
