import { ErrorBody, type ErrorCode } from '@kelan/shared'

/** Server error codes plus the two failures that never reach the server's error handler. */
export type ApiErrorCode = ErrorCode | 'NETWORK' | 'BAD_RESPONSE'

/** Any failed call to the Kelan server, in one shape the UI can branch on. */
export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    /**
     * The server's `error.details`: machine-readable specifics of a refusal, e.g. the
     * customers behind a MUTEX_CONFLICT or the count behind TAG_IN_USE.
     */
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** True for an ApiError, optionally with one of the given codes. */
export function isApiError(err: unknown, ...codes: ApiErrorCode[]): err is ApiError {
  return err instanceof ApiError && (codes.length === 0 || codes.includes(err.code))
}

/** The request could not be sent or timed out. */
export function networkError(): ApiError {
  return new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试')
}

/** What `unwrap` needs from a fetch Response or a hono `ClientResponse`. */
export interface ResponseLike<T> {
  ok: boolean
  status: number
  json(): Promise<T>
}

/**
 * Returns the JSON body of a 2xx reply; turns anything else into an ApiError, reading the
 * server's `{ error: { code, message, details? } }` body when there is one (a proxy's HTML 502 has none).
 *
 * @example const me = await unwrap(await fetch('/api/me'))
 */
export async function unwrap<T>(res: ResponseLike<T>): Promise<T> {
  const body: unknown = await res.json().catch(() => undefined)
  if (res.ok) {
    // 204 has no body by definition; any other 2xx without JSON is a broken reply.
    if (body === undefined && res.status !== 204) throw new ApiError(res.status, 'BAD_RESPONSE', '服务器返回了无法识别的内容')
    return body as T
  }
  const parsed = ErrorBody.safeParse(body)
  if (parsed.success) {
    const { code, message, details } = parsed.data.error
    throw new ApiError(res.status, code, message, details)
  }
  throw new ApiError(res.status, fallbackCode(res.status), `请求失败（${res.status}）`)
}

function fallbackCode(status: number): ApiErrorCode {
  if (status === 401) return 'UNAUTHENTICATED'
  if (status === 403) return 'FORBIDDEN'
  if (status === 404) return 'NOT_FOUND'
  // A gateway answering for a server that is down or restarting: worth a retry, like a network error.
  if (status >= 502 && status <= 504) return 'NETWORK'
  return 'INTERNAL'
}
