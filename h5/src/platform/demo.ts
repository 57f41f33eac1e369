import { Entry } from '@kelan/shared'
import * as z from 'zod/mini'
import { BRIDGE_TAG, BridgeResponse, type BridgeInbox, type BridgeMethod, type BridgePeer } from './demo-protocol'
import { platformError, toPlatformError } from './errors'
import type { ChatMessage, Platform, UserProfileType } from './types'

export interface DemoPlatformDeps {
  /** The window the sidebar lives in (its parent is the simulated desktop). */
  self: BridgeInbox
  /** Where the desktop is; requests go only there and answers are only taken from there. */
  host: BridgePeer
  /** The one origin allowed on both ends (the app's own). */
  origin: string
  timeoutMs?: number
}

const ContextResult = z.object({ entry: z.catch(Entry, 'normal') })
const ContactResult = z.object({ userId: z.string().check(z.minLength(1)) })
const ChatResult = z.object({ chatId: z.string().check(z.minLength(1)) })

/**
 * The simulator's stand-in for the JS-SDK: a request/response RPC over postMessage to the
 * simulated desktop, which answers as the WeCom client would for the chat it has open.
 */
export function createDemoPlatform(deps: DemoPlatformDeps): Platform {
  const timeoutMs = deps.timeoutMs ?? 5_000
  let seq = 0

  function request(method: BridgeMethod, params?: unknown): Promise<unknown> {
    const id = `${Date.now().toString(36)}-${++seq}`
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup()
        reject(platformError('timeout', `${method}：模拟桌面没有应答`))
      }, timeoutMs)
      const onMessage = (event: MessageEvent) => {
        if (event.source !== deps.host || event.origin !== deps.origin) return
        const parsed = BridgeResponse.safeParse(event.data)
        if (!parsed.success || parsed.data.id !== id) return
        cleanup()
        if (parsed.data.ok) resolve(parsed.data.result)
        else reject(toPlatformError(parsed.data.error))
      }
      function cleanup() {
        clearTimeout(timer)
        deps.self.removeEventListener('message', onMessage)
      }
      deps.self.addEventListener('message', onMessage)
      deps.host.postMessage({ tag: BRIDGE_TAG, id, method, params }, deps.origin)
    })
  }

  async function typed<S extends z.ZodMiniType>(method: BridgeMethod, schema: S): Promise<z.infer<S>> {
    const result = schema.safeParse(await request(method))
    if (!result.success) throw platformError('unknown', `${method}：模拟桌面的应答格式不正确`)
    return result.data
  }

  return {
    kind: 'demo',
    getContext: () => typed('getContext', ContextResult),
    getCurExternalContact: async () => (await typed('getCurExternalContact', ContactResult)).userId,
    getCurExternalChat: async () => (await typed('getCurExternalChat', ChatResult)).chatId,
    sendChatMessage: async (msg: ChatMessage) => {
      await request('sendChatMessage', msg)
    },
    openUserProfile: async (type: UserProfileType, userid: string) => {
      await request('openUserProfile', { type, userid })
    },
  }
}
