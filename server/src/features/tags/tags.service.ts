import type { CustomerCard, TagChangeInput, TagHistoryPage } from '@kelan/shared'
import type { Viewer } from '../../app-env'
import { IMMEDIATE } from '../../db/client'
import type { Deps } from '../../deps'
import { AppError, notFound } from '../../lib/errors'
import { authorizeRelation } from '../customers/customers.access'
import { findVisibleCustomer } from '../customers/customers.repo'
import { customerCard } from '../customers/customers.service'
import { lockedTagsFor } from '../marks/marks.repo'
import { findMarkTagItem, reopenItem } from '../outbox/outbox.repo'
import { describeRefusal, type TagRefusal } from './tags.domain'
import { applyCustomerChange, listTagHistory } from './tags.repo'

/** How a refused tag change names the relation. */
const TAG_WORDS = { ownOnly: '只能修改自己跟进的客户的标签', notFollower: '你不是该客户的跟进人，无法为其打标签' }

function refusalError(refused: TagRefusal | { kind: 'no_relation' }): AppError {
  switch (refused.kind) {
    case 'mutex':
      return new AppError('MUTEX_CONFLICT', 409, describeRefusal(refused), {
        details: { groupName: refused.groupName, tagNames: refused.tagNames },
      })
    case 'locked':
      return new AppError('TAG_LOCKED', 409, describeRefusal(refused), { details: { tagNames: refused.tagNames } })
    case 'no_relation':
      return new AppError('NOT_FOLLOWER', 403, '该跟进关系已不存在，请刷新后重试')
    case 'unknown_tags':
      return new AppError('VALIDATION_FAILED', 400, describeRefusal(refused), { details: { tagIds: refused.ids } })
  }
}

/**
 * Changes the tags of one follow relation of a customer (the viewer's own unless `userid`
 * names another follower) and answers with the updated card. The change is stored with its
 * history and queued for WeCom in one transaction; WeCom gets it from the outbox worker.
 *
 * @throws AppError 404 (customer out of scope), 403 FORBIDDEN / NOT_FOLLOWER, 409 MUTEX_CONFLICT /
 *   TAG_LOCKED, 400 VALIDATION_FAILED (unknown tag)
 */
export async function changeCustomerTags(
  deps: Deps,
  viewer: Viewer,
  externalUserid: string,
  input: TagChangeInput,
): Promise<CustomerCard> {
  const { customer, target } = authorizeRelation(deps, viewer, externalUserid, input.userid, TAG_WORDS)
  const ctx = { corpId: viewer.corpId, operator: viewer.userid, source: 'sidebar' as const, now: deps.clock.now() }
  // A special mark's tag may not come off while the mark stands (409 TAG_LOCKED). The lock is
  // read in the change's IMMEDIATE transaction (applyCustomerChange's nests in it as a
  // savepoint), so a mark made between the read and the write cannot be missed.
  const result = deps.db.transaction(() => {
    const locked = lockedTagsFor(deps.db, viewer.corpId, [externalUserid]).get(externalUserid)
    return applyCustomerChange(deps.db, ctx, { externalUserid, target, add: input.add, remove: input.remove, locked })
  }, IMMEDIATE)
  if ('refused' in result) throw refusalError(result.refused)
  if (result.applied.size) deps.wake?.('outbox')
  return customerCard(deps, viewer, customer)
}

/**
 * Tries again to push a relation's tags that WeCom refused (the sidebar's 重试).
 * A relation with nothing waiting is left alone.
 */
export async function retryCustomerTags(
  deps: Deps,
  viewer: Viewer,
  externalUserid: string,
  userid: string | undefined,
): Promise<CustomerCard> {
  const { customer, target } = authorizeRelation(deps, viewer, externalUserid, userid, TAG_WORDS)
  const item = findMarkTagItem(deps.db, viewer.corpId, externalUserid, target)
  if (item && reopenItem(deps.db, viewer.corpId, item.id, deps.clock.now())) deps.wake?.('outbox')
  return customerCard(deps, viewer, customer)
}

/** A customer's tag history, newest first, for anyone who may see the customer. */
export function getTagHistory(
  deps: Deps,
  viewer: Viewer,
  externalUserid: string,
  page: { cursor?: number; limit: number },
): TagHistoryPage {
  if (!findVisibleCustomer(deps.db, viewer, externalUserid)) throw notFound('客户')
  return listTagHistory(deps.db, viewer.corpId, externalUserid, page)
}
