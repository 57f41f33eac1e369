import type { ErrorCode, ErrorIssue } from '@kelan/shared'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/**
 * The one error type services throw. `onError` turns it into `{ error: { code, message } }`
 * with `status`; anything that is not an AppError is a bug and answers 500.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: ContentfulStatusCode,
    message: string,
    readonly extra: { issues?: ErrorIssue[]; errcode?: number } = {},
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export const notFound = (what = '记录') => new AppError('NOT_FOUND', 404, `${what}不存在或无权查看`)
export const forbidden = (message = '没有权限执行此操作') => new AppError('FORBIDDEN', 403, message)
