import { platformError } from './errors'
import type { Platform } from './types'

/**
 * A plain browser. Every call rejects at once: the real SDK would wait forever for a
 * WeixinJSBridge that never arrives.
 */
export function createOutsidePlatform(): Platform {
  const reject = () => Promise.reject(platformError('outside_wecom'))
  return {
    kind: 'outside',
    getContext: reject,
    getCurExternalContact: reject,
    getCurExternalChat: reject,
    sendChatMessage: reject,
    openUserProfile: reject,
  }
}
