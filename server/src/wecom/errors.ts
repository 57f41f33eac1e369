import { AppError } from '../lib/errors'

/**
 * Errcodes the client makes up for failures that never reached a WeCom errcode. WeCom's own
 * codes are 0, -1 and positive numbers, so negatives below -1 cannot collide with them.
 */
export const LocalErrcode = {
  /** The request never got an answer: connection refused/reset, DNS, or our timeout. */
  network: -2,
  /** WeCom (or a proxy in front of it) answered with a non-2xx HTTP status; see `httpStatus`. */
  http: -3,
  /** The reply was not JSON or did not match the schema for that API. */
  invalidReply: -4,
} as const

/** WeCom says "busy, try again": system busy, frequency limit, concurrency limit. */
const RETRYABLE_ERRCODES: ReadonlySet<number> = new Set([-1, LocalErrcode.network, 45009, 45033])

/** The access token was rejected: refresh it and retry the call once. */
const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40014, 42001])

/**
 * Whether a failure may succeed if simply tried again later. Takes either a WeCom errcode or
 * an HTTP status (the ranges do not overlap): -1, 45009, 45033, network/timeout (-2), HTTP 5xx
 * and HTTP 429 are retryable. Parameter and permission errors (40003, 40058, 48002, 60020,
 * 84061, ...) and token errors (handled separately, see {@link isTokenErrcode}) are not.
 *
 * @example isRetryable(45009) // true
 * @example isRetryable(503)   // true (HTTP status)
 * @example isRetryable(84061) // false
 */
export function isRetryable(code: number): boolean {
  return RETRYABLE_ERRCODES.has(code) || code === 429 || (code >= 500 && code <= 599)
}

/** 40014 (invalid token) and 42001 (expired token): drop the cached token, refresh, retry once. */
export function isTokenErrcode(errcode: number): boolean {
  return TOKEN_ERRCODES.has(errcode)
}

export interface WecomErrorInit {
  errcode: number
  /** API path only, e.g. '/cgi-bin/externalcontact/get': never the query (it holds the token). */
  path: string
  message: string
  httpStatus?: number
}

/**
 * The one error every WecomClient method throws. `retryable` tells a job whether trying again
 * later may help; it stays true on an error the client already retried up to its bound.
 */
export class WecomError extends Error {
  readonly errcode: number
  readonly path: string
  readonly httpStatus: number | undefined
  readonly retryable: boolean

  constructor(init: WecomErrorInit) {
    super(init.message)
    this.name = 'WecomError'
    this.errcode = init.errcode
    this.path = init.path
    this.httpStatus = init.httpStatus
    this.retryable = isRetryable(init.httpStatus ?? init.errcode)
  }
}

/** Hints for the errcodes an operator can fix, shown to the user in Chinese. */
const HINTS: Record<number, string> = {
  45009: '调用过于频繁，请稍后重试',
  45033: '并发调用过多，请稍后重试',
  48002: '应用未获授权调用该接口（请把应用加入"客户联系"可调用应用）',
  60011: '应用的可见范围不包含该成员或部门',
  60020: '服务器 IP 不在应用的企业可信 IP 中',
  84061: '该客户已不是此成员的好友',
  84074: '成员没有客户联系权限',
  // Unverified code for "not created by this app" (REFERENCE §6.2); the simulator uses it.
  301002: '该标签在企业微信后台创建，应用无权修改',
  [LocalErrcode.network]: '连接企业微信超时或失败，请稍后重试',
}

/**
 * Turns a WecomError into the API's error shape (502 WECOM_ERROR, errcode kept), for routes
 * that let a WeCom failure reach the user.
 *
 * @example app.onError: if (err instanceof WecomError) err = wecomErrorToAppError(err)
 */
export function wecomErrorToAppError(err: WecomError): AppError {
  const hint = HINTS[err.errcode] ?? '企业微信接口调用失败'
  return new AppError('WECOM_ERROR', 502, `${hint}（错误码 ${err.errcode}）`, { errcode: err.errcode })
}
