import { afterEach, describe, expect, it, vi } from 'vitest'
import { answerBridge, type DesktopChat } from '@/features/desktop/desktop-bridge'
import { createBridgeHost } from '@/features/desktop/desktop-bridge-host'
import { fakeFramePair, fakeWindow } from '@/test/fake-windows'
import { createDemoPlatform } from './demo'

const ORIGIN = 'http://localhost'
const customer: DesktopChat = { kind: 'customer', id: 'wmCUST', name: '王小明', avatar: '', type: 1, corpName: '' }
const group: DesktopChat = { kind: 'group', id: 'wrGROUP', name: '客户群', memberCount: 3 }

/** A sidebar platform wired to a desktop host answering for `chat`. */
function setup(chat: DesktopChat | null, answer = vi.fn((method: Parameters<typeof answerBridge>[1]) => answerBridge(chat, method))) {
  const { sidebar, desktop } = fakeFramePair(ORIGIN)
  const dispose = createBridgeHost({ self: desktop, frame: () => sidebar, origin: ORIGIN, answer })
  const platform = createDemoPlatform({ self: sidebar, host: desktop, origin: ORIGIN, timeoutMs: 200 })
  return { platform, answer, dispose, sidebar, desktop }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('demo bridge', () => {
  it('getContext/getCurExternalContact – single chat open – single_chat_tools and the customer id', async () => {
    const { platform } = setup(customer)
    await expect(platform.getContext()).resolves.toEqual({ entry: 'single_chat_tools' })
    await expect(platform.getCurExternalContact()).resolves.toBe('wmCUST')
  })

  it('getCurExternalChat – group chat open – group_chat_tools and the chat id', async () => {
    const { platform } = setup(group)
    await expect(platform.getContext()).resolves.toEqual({ entry: 'group_chat_tools' })
    await expect(platform.getCurExternalChat()).resolves.toBe('wrGROUP')
  })

  it('getCurExternalContact – group chat open – fails like WeCom with no_context', async () => {
    const { platform } = setup(group)
    await expect(platform.getCurExternalContact()).rejects.toMatchObject({ code: 'no_context' })
  })

  it('sendChatMessage – chat open – reaches the desktop with the message', async () => {
    const { platform, answer } = setup(customer)
    const msg = { msgtype: 'text' as const, text: { content: '您好' } }
    await platform.sendChatMessage(msg)
    expect(answer).toHaveBeenCalledWith('sendChatMessage', msg)
  })

  it('request – answer from the parent window but another origin (it navigated away) – is ignored', async () => {
    const { sidebar, desktop } = fakeFramePair(ORIGIN)
    desktop.addEventListener('message', (event) => {
      const { id } = event.data as { id: string }
      sidebar.receive({ tag: 'kelan-sim-bridge', id, ok: true, result: { entry: 'single_chat_tools' } }, desktop, 'https://evil.example')
    })
    const platform = createDemoPlatform({ self: sidebar, host: desktop, origin: ORIGIN, timeoutMs: 50 })
    await expect(platform.getContext()).rejects.toMatchObject({ code: 'timeout' })
  })

  it('request – answer from a window that is not the parent – is ignored', async () => {
    const { sidebar, desktop } = fakeFramePair(ORIGIN)
    const sibling = fakeWindow(ORIGIN)
    desktop.addEventListener('message', (event) => {
      const { id } = event.data as { id: string }
      sidebar.receive({ tag: 'kelan-sim-bridge', id, ok: true, result: { entry: 'single_chat_tools' } }, sibling)
    })
    const platform = createDemoPlatform({ self: sidebar, host: desktop, origin: ORIGIN, timeoutMs: 50 })
    await expect(platform.getContext()).rejects.toMatchObject({ code: 'timeout' })
  })

  it('host – request from the frame but another origin – gets no answer', () => {
    const { sidebar, desktop } = fakeFramePair(ORIGIN)
    const answer = vi.fn(() => ({ ok: true as const, result: {} }))
    createBridgeHost({ self: desktop, frame: () => sidebar, origin: ORIGIN, answer })
    desktop.receive({ tag: 'kelan-sim-bridge', id: '1', method: 'getContext' }, sidebar, 'https://evil.example')
    expect(answer).not.toHaveBeenCalled()
  })

  it('host – request from a window that is not the sidebar frame – gets no answer', () => {
    const { desktop } = fakeFramePair(ORIGIN)
    const stranger = fakeWindow(ORIGIN)
    const answer = vi.fn(() => ({ ok: true as const, result: {} }))
    createBridgeHost({ self: desktop, frame: () => fakeWindow(ORIGIN), origin: ORIGIN, answer })
    desktop.receive({ tag: 'kelan-sim-bridge', id: '1', method: 'getContext' }, stranger)
    expect(answer).not.toHaveBeenCalled()
  })

  it('host – disposed – stops answering', async () => {
    const { platform, dispose } = setup(customer)
    dispose()
    await expect(platform.getContext()).rejects.toMatchObject({ code: 'timeout' })
  })
})
