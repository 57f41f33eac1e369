import type { CustomerCard, TagChangeInput, TagHistoryPage } from '@kelan/shared'
import type { Viewer } from '../../app-env'
import type { Deps } from '../../deps'
import { AppError, forbidden, notFound } from '../../lib/errors'
import type { CustomerRow } from '../customers/customers.domain'
import { findVisibleCustomer } from '../customers/customers.repo'
import { customerCard } from '../customers/customers.service'
import { findMarkTagItem, isRelationActive, reopenItem } from '../outbox/outbox.repo'
import { describeRefusal, type TagRefusal } from './tags.domain'
import { applyCustomerChange, isInViewerScope, listTagHistory } from './tags.repo'

/**
 * The follower whose relation `viewer` may change: staff their own, managers those of the
 * staff in their scope, admins any. The customer must be in the viewer's scope (404 like a
 * missing one otherwise); it is returned for the card the answer carries.
 */
function authorizeRelation(
  deps: Deps,
  viewer: Viewer,
  externalUserid: string,
  userid: string | undefined,
): { customer: CustomerRow; target: string } {
  const customer = findVisibleCustomer(deps.db, viewer, externalUserid)
  if (!customer) throw notFound('客户')
  const target = userid ?? viewer.userid
  if (target !== viewer.userid) {
    if (viewer.role === 'staff') throw forbidden('只能修改自己跟进的客户的标签')
    if (!isInViewerScope(deps.db, viewer, target)) throw forbidden('该成员不在你的管理范围内')
  }
  if (!isRelationActive(deps.db, { corpId: viewer.corpId, externalUserid, userid: target })) {
    if (target === viewer.userid) throw new AppError('NOT_FOLLOWER', 403, '你不是该客户的跟进人，无法为其打标签')
    throw notFound('跟进关系')
  }
  return { customer, target }
}

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
  const { customer, target } = authorizeRelation(deps, viewer, externalUserid, input.userid)
  const ctx = { corpId: viewer.corpId, operator: viewer.userid, source: 'sidebar' as const, now: deps.clock.now() }
  const result = applyCustomerChange(deps.db, ctx, { externalUserid, target, add: input.add, remove: input.remove })
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
  const { customer, target } = authorizeRelation(deps, viewer, externalUserid, userid)
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
