import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import type { SensitiveCheckResult } from '@kelan/shared'
import type { Platform } from '@/platform'
import { json, stubFetch } from '@/test/fetch-stub'
import type { SensitiveChecker } from './knowledge.sensitive'
import { clean, fakePlatform, hitsOf, makePhrase } from './knowledge.testing'
import { useKnowledgeSend } from './use-knowledge-send'

afterEach(() => vi.unstubAllGlobals())

const checker = (result: SensitiveCheckResult = clean(), log = vi.fn().mockResolvedValue(undefined)): SensitiveChecker & { log: typeof log } => ({
  check: vi.fn().mockResolvedValue(result),
  log,
})

function setup(platform: Platform | null, chatId: string | null, check: SensitiveChecker) {
  stubFetch({ '/api/knowledge/items/1/use': () => json(200, { id: 1, useCount: 3 }) })
  const scope = effectScope()
  const onUsed = vi.fn()
  const sender = scope.run(() => useKnowledgeSend({ platform, chatId, checker: check, onUsed }))!
  return { sender, scope, onUsed }
}

describe('useKnowledgeSend', () => {
  it('useKnowledgeSend – clean text – sends, counts the use and reports how many messages went out', async () => {
    const platform = fakePlatform()
    const { sender, onUsed } = setup(platform, 'wmCUST', checker())
    expect(await sender.send(makePhrase(1, '您好'))).toEqual({ status: 'sent', messages: 1, skippedMedia: 0 })
    expect(onUsed).toHaveBeenCalledWith({ id: 1, useCount: 3 })
  })

  it('useKnowledgeSend – no chat – refuses without checking or sending', async () => {
    const platform = fakePlatform()
    const check = checker()
    const { sender } = setup(platform, null, check)
    expect(await sender.send(makePhrase(1, '您好'))).toEqual({ status: 'failed', message: '当前不在聊天中，无法发送' })
    expect(check.check).not.toHaveBeenCalled()
    expect(platform.sendChatMessage).not.toHaveBeenCalled()
  })

  it('useKnowledgeSend – tapped twice while the first send runs – sends once', async () => {
    let release: () => void = () => undefined
    const platform = fakePlatform({ sendChatMessage: vi.fn(() => new Promise<void>((r) => (release = r))) })
    const { sender } = setup(platform, 'wmCUST', checker())
    const first = sender.send(makePhrase(1, '您好'))
    await flushPromises()
    expect(await sender.send(makePhrase(1, '您好'))).toEqual({ status: 'cancelled' })
    release()
    expect(await first).toMatchObject({ status: 'sent' })
    expect(platform.sendChatMessage).toHaveBeenCalledTimes(1)
  })

  it('useKnowledgeSend – block word and the log call fails – still refused', async () => {
    const platform = fakePlatform()
    const check = checker(hitsOf('返现', [['返现', 'block']]), vi.fn().mockRejectedValue(new Error('offline')))
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const { sender } = setup(platform, 'wmCUST', check)
    const outcome = sender.send(makePhrase(1, '返现'))
    await flushPromises()
    expect(sender.review.value?.verdict).toBe('block')
    sender.answerReview(false)
    expect(await outcome).toEqual({ status: 'blocked', words: ['返现'] })
    expect(platform.sendChatMessage).not.toHaveBeenCalled()
  })

  it('useKnowledgeSend – panel closed while the warn dialog is open – the send ends as cancelled', async () => {
    const platform = fakePlatform()
    const { sender, scope } = setup(platform, 'wmCUST', checker(hitsOf('加微信', [['微信', 'warn']])))
    const outcome = sender.send(makePhrase(1, '加微信'))
    await flushPromises()
    scope.stop()
    expect(await outcome).toEqual({ status: 'cancelled' })
    expect(platform.sendChatMessage).not.toHaveBeenCalled()
  })
})
