import type { Viewer } from '../../app-env'
import type { Deps } from '../../deps'
import { AppError, forbidden, notFound } from '../../lib/errors'
import { isRelationActive } from '../outbox/outbox.repo'
import { isInViewerScope } from '../tags/tags.repo'
import type { CustomerRow } from './customers.domain'
import { findVisibleCustomer } from './customers.repo'

/** How a refusal names what the viewer tried to change on the relation. */
export interface RelationEditWords {
  /** 403 for staff changing a colleague's relation, e.g. 「只能修改自己跟进的客户的标签」. */
  ownOnly: string
  /** 403 NOT_FOLLOWER for a viewer changing their own relation that does not exist. */
  notFollower: string
}

/**
 * The follower whose relation `viewer` may change (tags, remark): staff their own, managers
 * those of the staff in their scope, admins any. The customer must be in the viewer's scope
 * (404 like a missing one otherwise); it is returned for the card the answer carries.
 *
 * @throws AppError 404 (customer out of scope, or another follower's relation that does not
 *   exist), 403 FORBIDDEN (staff: not their own; manager: follower out of scope), 403 NOT_FOLLOWER
 */
export function authorizeRelation(
  deps: Deps,
  viewer: Viewer,
  externalUserid: string,
  userid: string | undefined,
  words: RelationEditWords,
): { customer: CustomerRow; target: string } {
  const customer = findVisibleCustomer(deps.db, viewer, externalUserid)
  if (!customer) throw notFound('客户')
  const target = userid ?? viewer.userid
  if (target !== viewer.userid) {
    if (viewer.role === 'staff') throw forbidden(words.ownOnly)
    if (!isInViewerScope(deps.db, viewer, target)) throw forbidden('该成员不在你的管理范围内')
  }
  if (!isRelationActive(deps.db, { corpId: viewer.corpId, externalUserid, userid: target })) {
    if (target === viewer.userid) throw new AppError('NOT_FOLLOWER', 403, words.notFollower)
    throw notFound('跟进关系')
  }
  return { customer, target }
}
