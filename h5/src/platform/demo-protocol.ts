import * as z from 'zod/mini'

/**
 * The postMessage protocol between the sidebar (in an iframe) and the simulated WeCom
 * desktop that hosts it. The desktop plays the WeCom client: it answers the same calls the
 * JS-SDK would, for the chat that is open. Both sides only talk to their own origin.
 */
export const BRIDGE_TAG = 'kelan-sim-bridge'

export const BridgeMethod = z.enum([
  'getContext',
  'getCurExternalContact',
  'getCurExternalChat',
  'sendChatMessage',
  'openUserProfile',
])
export type BridgeMethod = z.infer<typeof BridgeMethod>

export const BridgeRequest = z.object({
  tag: z.literal(BRIDGE_TAG),
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  method: BridgeMethod,
  params: z.optional(z.unknown()),
})
export type BridgeRequest = z.infer<typeof BridgeRequest>

export const BridgeResponse = z.discriminatedUnion('ok', [
  z.object({ tag: z.literal(BRIDGE_TAG), id: z.string(), ok: z.literal(true), result: z.unknown() }),
  z.object({
    tag: z.literal(BRIDGE_TAG),
    id: z.string(),
    ok: z.literal(false),
    /** Shaped like a JS-SDK failure so the same error mapping applies. */
    error: z.object({ errMsg: z.string(), errCode: z.optional(z.number()) }),
  }),
])
export type BridgeResponse = z.infer<typeof BridgeResponse>

/** The half of a Window that sends (the other side of the bridge). */
export interface BridgePeer {
  postMessage(message: unknown, targetOrigin: string): void
}

/** The half of a Window that receives. */
export interface BridgeInbox {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void
}
