import { onScopeDispose, ref, shallowRef, toValue, type MaybeRefOrGetter } from 'vue'
import type { KnowledgeItem, KnowledgeUseResult } from '@kelan/shared'
import { isApiError } from '@/api/errors'
import { useSensitiveCheck } from '@/features/admin-sensitive/use-sensitive-check'
import { toPlatformError, type Platform } from '@/platform'
import { fetchMediaId, recordUse } from './knowledge.api'
import { buildSendPlan, mediaMessage, type SendStep } from './knowledge.message'
import { reviewOf, type SensitiveChecker, type SensitiveReview } from './knowledge.sensitive'

export type SendOutcome =
  | { status: 'sent'; messages: number }
  | { status: 'cancelled' }
  | { status: 'blocked'; words: string[] }
  | { status: 'failed'; message: string }

/** A review the member must answer: warn (发送 / 取消) or block (知道了). */
export type OpenReview = Exclude<SensitiveReview, { verdict: 'clear' }>

export interface KnowledgeSendOptions {
  platform: MaybeRefOrGetter<Platform | null>
  /** The chat the sidebar is open in (external_userid or chat_id), for the send log. */
  chatId: MaybeRefOrGetter<string | null>
  checker?: SensitiveChecker
  /** The item's new 使用次数 after a send. */
  onUsed?: (result: KnowledgeUseResult) => void
}

const failed = (message: string): SendOutcome => ({ status: 'failed', message })

/**
 * The chat message of a step: images, videos and files are uploaded to WeCom by the server
 * right before they go out (a media_id lives 3 days; the server reuses a young one).
 */
async function messageOf(item: KnowledgeItem, step: SendStep) {
  if (step.type === 'message') return step.message
  const { mediaId } = await fetchMediaId(item.id, step.partIndex)
  return mediaMessage(step.msgtype, mediaId)
}
const reason = (err: unknown) => (isApiError(err) ? err.message : toPlatformError(err).message)

/**
 * Sends an item into the current chat: checks its text for sensitive words, asks to confirm
 * warn words (logged as 'confirmed'), refuses block words (logged as 'blocked'), then sends
 * its messages one after another and counts a use. The review dialog binds to `review` and
 * answers through `answerReview`. Fails closed: no check, or no log of a confirmed send, no send.
 */
export function useKnowledgeSend(options: KnowledgeSendOptions) {
  const checker = options.checker ?? useSensitiveCheck()
  /** The item being sent; one send at a time, so a double tap cannot send twice. */
  const sendingId = ref<number | null>(null)
  const review = shallowRef<OpenReview | null>(null)
  let answer: ((ok: boolean) => void) | null = null

  function ask(open: OpenReview): Promise<boolean> {
    review.value = open
    return new Promise((resolve) => (answer = resolve))
  }

  /** The member's answer to the open review: true sends (warn only), false cancels. */
  function answerReview(ok: boolean): void {
    const resolve = answer
    answer = null
    review.value = null
    resolve?.(ok)
  }

  async function deliver(item: KnowledgeItem, platform: Platform): Promise<SendOutcome> {
    const plan = buildSendPlan(item)
    let found: SensitiveReview
    // The check's one-time token: the server logs this check and counts this send's use with it.
    let sendToken: string
    try {
      const result = await checker.check(plan.text)
      found = reviewOf(plan.text, result)
      sendToken = result.sendToken
    } catch (err) {
      return failed(`敏感词检查失败，未发送：${reason(err)}`)
    }
    if (found.verdict !== 'clear') {
      const words = found.words.map((w) => w.word)
      // The server logs the checked text and words, blocked or confirmed as its check found.
      const log = () => checker.log({ sendToken, itemId: item.id, chatId: toValue(options.chatId) })
      if (found.verdict === 'block') {
        // The refusal stands whether or not the log call gets through.
        await log().catch((err: unknown) => console.warn('send-log failed', err))
        await ask(found)
        return { status: 'blocked', words }
      }
      if (!(await ask(found))) return { status: 'cancelled' }
      try {
        await log()
      } catch (err) {
        return failed(`发送记录保存失败，未发送：${reason(err)}`)
      }
    }
    for (const [i, step] of plan.steps.entries()) {
      try {
        await platform.sendChatMessage(await messageOf(item, step))
      } catch (err) {
        return failed(i === 0 ? `发送失败：${reason(err)}` : `第 ${i + 1} 条发送失败（前 ${i} 条已发送）：${reason(err)}`)
      }
    }
    try {
      options.onUsed?.(await recordUse(item.id, sendToken))
    } catch {
      // The messages are out; a missed 使用次数 is not worth an error on screen.
    }
    return { status: 'sent', messages: plan.steps.length }
  }

  async function send(item: KnowledgeItem): Promise<SendOutcome> {
    const platform = toValue(options.platform)
    if (!platform || !toValue(options.chatId)) return failed('当前不在聊天中，无法发送')
    if (sendingId.value !== null) return { status: 'cancelled' }
    sendingId.value = item.id
    try {
      return await deliver(item, platform)
    } finally {
      sendingId.value = null
    }
  }

  /**
   * A copy counts a use too, with the token of a check of the copied `text` (the server counts
   * a use only against a check; a text with a 拦截 word is not counted).
   */
  async function countCopy(item: KnowledgeItem, text: string): Promise<KnowledgeUseResult> {
    return recordUse(item.id, (await checker.check(text)).sendToken)
  }

  // A panel closed with the dialog open: the pending send ends as cancelled, not never.
  onScopeDispose(() => answerReview(false))
  return { sendingId, review, answerReview, send, countCopy }
}
