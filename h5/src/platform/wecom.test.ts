import * as ww from '@wecom/jssdk'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { PlatformError } from './types'
import { createWecomPlatform, JS_API_LIST, type WecomSdk } from './wecom'

const config = { corpId: 'wwcorp', agentId: '1000002' }
const signature = { timestamp: 1_700_000_000, nonceStr: 'n', signature: 's' }

/** A fake SDK whose calls resolve with `answers` (or reject when the answer is an Error-like). */
function fakeSdk(over: Partial<WecomSdk> = {}): WecomSdk {
  return {
    register: vi.fn(),
    getContext: vi.fn().mockResolvedValue({ errMsg: 'getContext:ok', entry: 'single_chat_tools' }),
    getCurExternalContact: vi.fn().mockResolvedValue({ errMsg: 'getCurExternalContact:ok', userId: 'wmA' }),
    getCurExternalChat: vi.fn().mockResolvedValue({ errMsg: 'getCurExternalChat:ok', chatId: 'wrA' }),
    sendChatMessage: vi.fn().mockResolvedValue({ errMsg: 'sendChatMessage:ok' }),
    openUserProfile: vi.fn().mockResolvedValue({ errMsg: 'openUserProfile:ok' }),
    ...over,
  } as WecomSdk
}

afterEach(() => {
  vi.useRealTimers()
})

describe('createWecomPlatform', () => {
  it('createWecomPlatform – created – registers nothing until the first call', () => {
    const sdk = fakeSdk()
    createWecomPlatform({ config, fetchSignature: vi.fn(), sdk })
    expect(sdk.register).not.toHaveBeenCalled()
  })

  it('createWecomPlatform – first call – registers app identity once, with server-signed URLs', async () => {
    const sdk = fakeSdk()
    const fetchSignature = vi.fn().mockResolvedValue(signature)
    const platform = createWecomPlatform({ config, fetchSignature, sdk })
    await platform.getContext()
    await platform.getCurExternalContact()
    expect(sdk.register).toHaveBeenCalledOnce()
    const options = vi.mocked(sdk.register).mock.calls[0]?.[0]
    expect(options).toMatchObject({ corpId: 'wwcorp', agentId: '1000002', jsApiList: JS_API_LIST })
    await expect(options?.getAgentConfigSignature?.('https://kelan.example.com/')).resolves.toEqual(signature)
    expect(fetchSignature).toHaveBeenCalledWith('agent', 'https://kelan.example.com/')
  })

  it('createWecomPlatform – signature request fails – the factory throws signature_failed', async () => {
    const sdk = fakeSdk()
    await createWecomPlatform({ config, fetchSignature: vi.fn().mockRejectedValue(new Error('502')), sdk }).getContext()
    const options = vi.mocked(sdk.register).mock.calls[0]?.[0]
    await expect(options?.getAgentConfigSignature?.('https://x/')).rejects.toMatchObject({ code: 'signature_failed' })
  })

  it('getCurExternalContact – SDK answers – returns the external userid', async () => {
    const platform = createWecomPlatform({ config, fetchSignature: vi.fn(), sdk: fakeSdk() })
    await expect(platform.getCurExternalContact()).resolves.toBe('wmA')
  })

  it('getCurExternalContact – SDK rejects with no permission – PlatformError no_permission', async () => {
    const sdk = fakeSdk({
      getCurExternalContact: vi.fn().mockRejectedValue({ errMsg: 'getCurExternalContact:fail no permission', errCode: -1 }),
    })
    const platform = createWecomPlatform({ config, fetchSignature: vi.fn(), sdk })
    const err = await platform.getCurExternalContact().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PlatformError)
    expect(err).toMatchObject({ code: 'no_permission' })
  })

  it('getContext – SDK never answers – rejects with timeout', async () => {
    vi.useFakeTimers()
    const sdk = fakeSdk({ getContext: vi.fn(() => new Promise<never>(() => {})) })
    const platform = createWecomPlatform({ config, fetchSignature: vi.fn(), sdk, timeoutMs: 500 })
    const result = platform.getContext().catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(500)
    expect(await result).toMatchObject({ code: 'timeout' })
  })

  it('getContext – an entry this app does not know – reads as normal', async () => {
    const sdk = fakeSdk({ getContext: vi.fn().mockResolvedValue({ errMsg: 'getContext:ok', entry: 'some_future_entry' }) })
    const platform = createWecomPlatform({ config, fetchSignature: vi.fn(), sdk })
    await expect(platform.getContext()).resolves.toEqual({ entry: 'normal' })
  })
})

describe('createWecomPlatform with the real @wecom/jssdk', () => {
  it('getCurExternalContact – bridge answers fail no permission – maps the real SDK rejection', async () => {
    // The SDK talks to window.WeixinJSBridge; stand one in, as the WeCom client would.
    const bridge = {
      invoke: (name: string, _params: unknown, cb: (r: object) => void) =>
        setTimeout(() => cb({ err_msg: name === 'getCurExternalContact' ? `${name}:fail no permission` : `${name}:ok` })),
      on: () => {},
    }
    vi.stubGlobal('WeixinJSBridge', bridge)
    document.dispatchEvent(new Event('WeixinJSBridgeReady'))
    const platform = createWecomPlatform({ config, fetchSignature: vi.fn().mockResolvedValue(signature), sdk: ww })
    await expect(platform.getCurExternalContact()).rejects.toMatchObject({ code: 'no_permission' })
    vi.unstubAllGlobals()
  })
})
