import * as ww from '@wecom/jssdk'
import * as z from 'zod/mini'
import { Entry, type JssdkConfig, type Signature } from '@kelan/shared'
import { platformError, toPlatformError, withTimeout } from './errors'
import type { ChatMessage, Platform, UserProfileType } from './types'

/** The APIs we register for; the SDK rejects anything not listed here. */
export const JS_API_LIST = ['getContext', 'getCurExternalContact', 'getCurExternalChat', 'sendChatMessage', 'openUserProfile']

/** The slice of `@wecom/jssdk` this module uses, so tests can pass a fake. */
export type WecomSdk = Pick<
  typeof ww,
  'register' | 'getContext' | 'getCurExternalContact' | 'getCurExternalChat' | 'sendChatMessage' | 'openUserProfile'
>

export interface WecomPlatformDeps {
  config: Pick<JssdkConfig, 'corpId' | 'agentId'>
  /** Asks the server to sign `url` with the app ('agent') or corp ('config') jsapi ticket. */
  fetchSignature: (kind: 'agent' | 'config', url: string) => Promise<Signature>
  sdk?: WecomSdk
  /** The first call also runs agentConfig (two round trips), so allow a generous bound. */
  timeoutMs?: number
}

/**
 * The real WeCom client. `register` runs agentConfig with signatures from the server
 * (app identity is required for getCurExternalContact / sendChatMessage); every call is
 * bounded by a timeout and its failure mapped to a PlatformError.
 */
export function createWecomPlatform(deps: WecomPlatformDeps): Platform {
  const sdk = deps.sdk ?? ww
  const timeoutMs = deps.timeoutMs ?? 10_000
  const sign = (kind: 'agent' | 'config') => async (url: string) => {
    try {
      return await deps.fetchSignature(kind, url)
    } catch (err) {
      // The SDK rejects every later call with whatever this throws: make it say "signature".
      throw platformError('signature_failed', err instanceof Error ? err.message : String(err))
    }
  }
  let registered = false
  // Registered on first use, not on creation: inside WeCom `register` starts agentConfig at
  // once, and the signature endpoint needs the session the sidebar may still be signing into.
  function ensureRegistered(): void {
    if (registered) return
    registered = true
    sdk.register({
      corpId: deps.config.corpId,
      agentId: deps.config.agentId,
      jsApiList: JS_API_LIST,
      getAgentConfigSignature: sign('agent'),
      // Only used by clients older than 3.0.24, which need corp config before agentConfig.
      getConfigSignature: sign('config'),
    })
  }

  async function call<T>(name: string, run: () => Promise<T>): Promise<T> {
    try {
      ensureRegistered()
      return await withTimeout(run(), timeoutMs, name)
    } catch (err) {
      throw toPlatformError(err)
    }
  }

  return {
    kind: 'wecom',
    getContext: () =>
      call('getContext', async () => {
        const res = await sdk.getContext()
        // A client newer than our Entry list may report an entry we do not know: treat as "normal".
        return { entry: z.catch(Entry, 'normal').parse(res.entry) }
      }),
    getCurExternalContact: () => call('getCurExternalContact', async () => (await sdk.getCurExternalContact()).userId),
    getCurExternalChat: () => call('getCurExternalChat', async () => (await sdk.getCurExternalChat()).chatId),
    sendChatMessage: (msg: ChatMessage) =>
      call('sendChatMessage', async () => {
        await sdk.sendChatMessage(msg)
      }),
    openUserProfile: (type: UserProfileType, userid: string) =>
      call('openUserProfile', async () => {
        await sdk.openUserProfile({ type: type as ww.OpenUserProfileType, userid })
      }),
  }
}
