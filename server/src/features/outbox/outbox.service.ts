import type { OutboxFailureList } from '@kelan/shared'
import type { Deps } from '../../deps'
import { notFound } from '../../lib/errors'
import { describeOutboxItem, parseRelationOutboxKey } from './outbox.domain'
import { failureNames, listFailedItems, reopenItem } from './outbox.repo'

/** How many failures the admin list shows (most recent first). */
export const FAILURE_LIST_LIMIT = 200

/** The changes WeCom refused for good, newest first, each described in words. */
export function listOutboxFailures(deps: Deps): OutboxFailureList {
  const items = listFailedItems(deps.db, deps.corpId, FAILURE_LIST_LIMIT)
  const names = failureNames(deps.db, deps.corpId, items)
  return {
    items: items.map((item) => {
      const customerId = item.kind === 'mark_tag' || item.kind === 'remark' ? parseRelationOutboxKey(item.key)?.externalUserid : undefined
      return {
        id: item.id,
        kind: item.kind,
        summary: describeOutboxItem(item, names),
        errcode: item.lastErrcode,
        error: item.lastError ?? '',
        attempts: item.attempts,
        updatedAt: item.updatedAt,
        customer: customerId ? { externalUserId: customerId, name: names.customer(customerId) ?? customerId } : null,
      }
    }),
  }
}

/**
 * Sends a failed item again from zero attempts and wakes the outbox worker.
 *
 * @throws AppError 404 NOT_FOUND when the corp has no failed item `id`
 */
export function retryOutboxItem(deps: Deps, id: number): void {
  if (!reopenItem(deps.db, deps.corpId, id, deps.clock.now())) throw notFound('失败的同步任务')
  deps.wake?.('outbox')
}
