import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ErrorBody, ErrorCode, ErrorIssue } from '@kelan/shared'

/**
 * The one error type services throw. `onError` turns it into `{ error: { code, message } }`
 * with `status`; anything that is not an AppError is a bug and answers 500.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: ContentfulStatusCode,
    message: string,
    readonly extra: { issues?: ErrorIssue[]; errcode?: number; details?: Record<string, unknown> } = {},
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export const notFound = (what = '记录') => new AppError('NOT_FOUND', 404, `${what}不存在或无权查看`)
export const forbidden = (message = '没有权限执行此操作') => new AppError('FORBIDDEN', 403, message)

/** `{ error: { code, message } }` for every failure, so the UI has one shape to read. */
export function errorBody(err: AppError): ErrorBody {
  return { error: { code: err.code, message: err.message, ...err.extra } }
}

/**
 * Hono's own refusals (malformed JSON body, body limit, …) in our shape: they are the
 * client's fault, so a 4xx, never a 500.
 *
 * @example if (err instanceof HTTPException) return c.json(errorBody(fromHttpException(err)), err.status)
 */
export function fromHttpException(err: HTTPException): AppError {
  const code = err.status === 401 ? 'UNAUTHENTICATED' : err.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION_FAILED'
  return new AppError(code, err.status, err.message || '请求不正确')
}
