import type { SendLogInput, SensitiveCheckResult } from '@kelan/shared'
import { checkSensitiveText, logSensitiveSend } from './sensitive.api'

/** The check before a send and the record after it, as the sidebar's send flow uses them. */
export interface SensitiveCheck {
  /** The corp's sensitive words found in `text`; `blocked` when any of them is a 拦截 word. */
  check(text: string): Promise<SensitiveCheckResult>
  /** Records a send that hit words: confirmed after the warning, or blocked. */
  log(input: SendLogInput): Promise<void>
}

/**
 * Sensitive-word calls for the send flow. Failures reject with ApiError (NETWORK when the
 * server could not be reached): the caller decides whether a send may go on unchecked.
 *
 * @example
 * const { check, log } = useSensitiveCheck()
 * const result = await check('加我微信')
 * if (result.hits.length) await log({ itemId: 12, text: '加我微信', outcome: 'confirmed', words: ['微信'], chatId })
 */
export function useSensitiveCheck(): SensitiveCheck {
  return { check: checkSensitiveText, log: logSensitiveSend }
}
