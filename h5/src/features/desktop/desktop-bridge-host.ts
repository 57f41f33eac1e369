import { BRIDGE_TAG, BridgeRequest, type BridgeInbox, type BridgeMethod, type BridgePeer, type BridgeResponse } from '@/platform/demo-protocol'
import type { BridgeAnswer } from './desktop-bridge'

export interface BridgeHostOptions {
  /** The desktop's window, where the sidebar's requests arrive. */
  self: BridgeInbox
  /** The sidebar iframe's window right now (it changes on every reload). */
  frame: () => BridgePeer | null | undefined
  /** The only origin accepted and answered (the app's own). */
  origin: string
  answer: (method: BridgeMethod, params: unknown) => BridgeAnswer
}

/**
 * Plays the WeCom client for the sidebar iframe: answers each bridge request that comes from
 * the current frame on our own origin, and ignores everything else. Returns a dispose function.
 */
export function createBridgeHost(options: BridgeHostOptions): () => void {
  const onMessage = (event: MessageEvent) => {
    const frame = options.frame()
    if (!frame || event.source !== frame || event.origin !== options.origin) return
    const parsed = BridgeRequest.safeParse(event.data)
    if (!parsed.success) return
    const { id, method, params } = parsed.data
    const answer = options.answer(method, params)
    const reply: BridgeResponse = answer.ok
      ? { tag: BRIDGE_TAG, id, ok: true, result: answer.result }
      : { tag: BRIDGE_TAG, id, ok: false, error: { errMsg: answer.errMsg } }
    frame.postMessage(reply, options.origin)
  }
  options.self.addEventListener('message', onMessage)
  return () => options.self.removeEventListener('message', onMessage)
}
