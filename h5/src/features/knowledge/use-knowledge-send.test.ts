import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import type { SensitiveCheckResult } from '@kelan/shared'
import type { Platform } from '@/platform'
import { json, stubFetch } from '@/test/fetch-stub'
import type { SensitiveChecker } from './knowledge.sensitive'
import { clean, fakePlatform, hitsOf, makePhrase, makeScript, mediaPart, textPart } from './knowledge.testing'
import { useKnowledgeSend } from './use-knowledge-send'

afterEach(() => vi.unstubAllGlobals())

const checker = (result: SensitiveCheckResult = clean(), log = vi.fn().mockResolvedValue(undefined)): SensitiveChecker & { log: typeof log } => ({
  check: vi.fn().mockResolvedValue(result),
  log,
})

function setup(platform: Platform | null, chatId: string | null, check: SensitiveChecker, routes: Parameters<typeof stubFetch>[0] = {}) {
  stubFetch({ '/api/knowledge/items/1/use': () => json(200, { id: 1, useCount: 3 }), ...routes })
  const scope = effectScope()
  const onUsed = vi.fn()
  const sender = scope.run(() => useKnowledgeSend({ platform, chatId, checker: check, onUsed }))!
  return { sender, scope, onUsed }
}

describe('useKnowledgeSend', () => {
  it('useKnowledgeSend – clean text – sends, counts the use and reports how many messages went out', async () => {
    const platform = fakePlatform()
    const { sender, onUsed } = setup(platform, 'wmCUST', checker())
    expect(await sender.send(makePhrase(1, '您好'))).toEqual({ status: 'sent', messages: 1 })
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

  it('useKnowledgeSend – text then image – the text, then the image by the media_id the server gave, in order', async () => {
    const platform = fakePlatform()
    const media = vi.fn(() => json(200, { msgtype: 'image', mediaId: 'MEDIA-1' }))
    const { sender } = setup(platform, 'wmCUST', checker(), { '/api/knowledge/items/1/media': media })

    const outcome = await sender.send(makeScript(1, '门店', [textPart('请看门店照片'), mediaPart('image')]))

    expect(outcome).toEqual({ status: 'sent', messages: 2 })
    expect(vi.mocked(platform.sendChatMessage).mock.calls.map((c) => c[0])).toEqual([
      { msgtype: 'text', text: { content: '请看门店照片' } },
      { msgtype: 'image', image: { mediaid: 'MEDIA-1' } },
    ])
    expect(media).toHaveBeenCalledTimes(1)
  })

  it('useKnowledgeSend – the server cannot get a media_id – fails naming the part, the text already out', async () => {
    const platform = fakePlatform()
    const media = () => json(502, { error: { code: 'WECOM_ERROR', message: '企业微信暂时不可用' } })
    const { sender } = setup(platform, 'wmCUST', checker(), { '/api/knowledge/items/1/media': media })

    const outcome = await sender.send(makeScript(1, '门店', [textPart('请看'), mediaPart('image')]))

    expect(outcome).toEqual({ status: 'failed', message: '第 2 条发送失败（前 1 条已发送）：企业微信暂时不可用' })
    expect(platform.sendChatMessage).toHaveBeenCalledTimes(1)
  })
})
