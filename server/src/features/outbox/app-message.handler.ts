import { z } from 'zod'
import type { AppMessage } from '../../wecom/types'
import type { OutboxHandler } from './outbox.handler'

/** The message/send bodies an 'app_message' item may carry (agentid is the client's). */
const AppMessagePayload = z.discriminatedUnion('msgtype', [
  z.object({ touser: z.string().min(1), msgtype: z.literal('text'), text: z.object({ content: z.string().min(1) }) }),
  z.object({
    touser: z.string().min(1),
    msgtype: z.literal('textcard'),
    textcard: z.object({
      title: z.string().min(1),
      description: z.string().min(1),
      url: z.string().min(1),
      btntxt: z.string().min(1).optional(),
    }),
  }),
])

/**
 * Sends an app message (message/send) to staff: the payload is the body without agentid, the
 * key any unique name (e.g. `mark-<markId>-<userid>`, so a mark tells a follower once). Kept
 * generic: marks use it now, reminders later. Unlike the state-based kinds it is an event:
 * a retry after a timeout WeCom did act on sends the message twice, which beats losing it.
 * WeCom's refusals follow the usual rules (classifyFailure): 81013, no recipient left, fails
 * at once; busy and network errors back off.
 */
export const appMessageHandler: OutboxHandler = async (deps, item) => {
  const parsed = AppMessagePayload.safeParse(item.payload)
  // Our bug, not WeCom's: logged and retried like one, so it shows in the failures list.
  if (!parsed.success) throw new Error(`app_message item ${item.id} has a malformed payload: ${parsed.error.message}`)
  const message: AppMessage = parsed.data
  await deps.wecom.sendMessage(message)
  return 'done'
}
