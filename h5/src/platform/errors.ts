import { PlatformError, type PlatformErrorCode } from './types'

/** WeCom errcodes that mean the JS-SDK signature or trusted domain is wrong. */
const SIGNATURE_ERRCODES = new Set([40093, 42012, 80001, 40013])
/** errcodes for a member outside the app's visible range. */
const OUT_OF_RANGE_ERRCODES = new Set([60011])

const MESSAGES: Record<PlatformErrorCode, string> = {
  no_context: '请从聊天工具栏打开',
  no_permission: '应用没有客户联系权限',
  out_of_range: '你不在应用的可见范围内',
  signature_failed: '企业微信 JS-SDK 签名校验失败',
  outside_wecom: '请在企业微信中打开',
  timeout: '企业微信客户端没有响应',
  unknown: '企业微信客户端返回了错误',
}

/** Builds a PlatformError with the standard Chinese message for its code. */
export function platformError(code: PlatformErrorCode, detail?: string): PlatformError {
  return new PlatformError(code, MESSAGES[code], detail)
}

function readErr(err: unknown): { errMsg: string; errCode: number | undefined } {
  if (typeof err === 'object' && err !== null) {
    const rec = err as { errMsg?: unknown; errCode?: unknown; message?: unknown }
    const errMsg = typeof rec.errMsg === 'string' ? rec.errMsg : typeof rec.message === 'string' ? rec.message : ''
    return { errMsg, errCode: typeof rec.errCode === 'number' ? rec.errCode : undefined }
  }
  return { errMsg: typeof err === 'string' ? err : '', errCode: undefined }
}

function classify(errMsg: string, errCode: number | undefined): PlatformErrorCode {
  const msg = errMsg.toLowerCase()
  // Order matters: an agentConfig failure often also says "no permission".
  if (/^(agentconfig|config|preverifyjsapi):/.test(msg) || (errCode !== undefined && SIGNATURE_ERRCODES.has(errCode))) {
    return 'signature_failed'
  }
  if ((errCode !== undefined && OUT_OF_RANGE_ERRCODES.has(errCode)) || /not in range|out of range|visible range/.test(msg)) {
    return 'out_of_range'
  }
  if (msg.includes('without context')) return 'no_context'
  if (msg.includes('no permission') || msg.includes('permission denied')) return 'no_permission'
  return 'unknown'
}

/**
 * Maps whatever the JS-SDK rejected with (`{ errMsg: 'getCurExternalContact:fail no permission',
 * errCode }`, an Error, a PlatformError) to a PlatformError.
 *
 * @example toPlatformError({ errMsg: 'sendChatMessage:fail without context of external contact' }).code // 'no_context'
 */
export function toPlatformError(err: unknown): PlatformError {
  if (err instanceof PlatformError) return err
  const { errMsg, errCode } = readErr(err)
  const detail = errCode === undefined ? errMsg : `${errMsg} (${errCode})`
  return platformError(classify(errMsg, errCode), detail || undefined)
}

/**
 * Rejects with PlatformError 'timeout' when `promise` has not settled after `ms`. Outside
 * WeCom the SDK waits forever for a bridge that never comes, so every call goes through this.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(platformError('timeout', `${what}：${ms / 1000} 秒内没有应答`)), ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (err: unknown) => {
        clearTimeout(timer)
        reject(err)
      },
    )
  })
}
