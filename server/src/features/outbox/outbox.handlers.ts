import { tagLibraryHandlers } from '../tag-library/tag-library.outbox'
import { appMessageHandler } from './app-message.handler'
import { markTagHandler } from './mark-tag.handler'
import type { OutboxHandlers } from './outbox.handler'
import { remarkHandler } from './remark.handler'

/**
 * The handler of every outbox kind: what the server's worker runs. One registry, so a new
 * kind is added here once (the OutboxHandlers type makes a missing one a compile error).
 */
export const outboxHandlers: OutboxHandlers = {
  mark_tag: markTagHandler,
  remark: remarkHandler,
  app_message: appMessageHandler,
  ...tagLibraryHandlers,
}
