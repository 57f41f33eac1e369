import type { CustomerCard, RemarkChangeInput } from '@kelan/shared'
import type { Viewer } from '../../app-env'
import { IMMEDIATE } from '../../db/client'
import type { Deps } from '../../deps'
import { AppError } from '../../lib/errors'
import { findCardMark } from '../marks/marks.repo'
import { enqueue } from '../outbox/outbox.repo'
import { relationOutboxKey } from '../tags/tags.domain'
import { authorizeRelation } from './customers.access'
import { writeRelationRemark } from './customers.repo'
import { customerCard } from './customers.service'

/** How a refused remark change names the relation. */
const REMARK_WORDS = { ownOnly: '只能修改自己跟进的客户的备注', notFollower: '你不是该客户的跟进人，无法修改备注' }

/**
 * Changes the remark of one follow relation (the viewer's own unless `userid` names another
 * follower; same rules as tags) and answers with the updated card. Optimistic: the remark is
 * written at once, with a 'remark' outbox item carrying it to WeCom, in one transaction. The
 * mark check is in that transaction too, so a mark made meanwhile is never overwritten.
 *
 * @throws AppError 404 (customer out of scope), 403 FORBIDDEN / NOT_FOLLOWER, 409 REMARK_LOCKED
 *   while a special mark stands on the customer
 */
export function changeCustomerRemark(deps: Deps, viewer: Viewer, externalUserid: string, input: RemarkChangeInput): CustomerCard {
  const { customer, target } = authorizeRelation(deps, viewer, externalUserid, input.userid, REMARK_WORDS)
  const { db } = deps
  const relation = { corpId: viewer.corpId, externalUserid, userid: target }
  db.transaction(() => {
    const mark = findCardMark(db, viewer.corpId, externalUserid)
    if (mark) throw new AppError('REMARK_LOCKED', 409, `该客户已被标记为「${mark.banner.tagName}」，备注不能修改`)
    const now = deps.clock.now()
    writeRelationRemark(db, relation, { remark: input.remark, stampAfter: now + 1, operator: viewer.userid })
    const key = relationOutboxKey(externalUserid, target)
    enqueue(db, { corpId: viewer.corpId, kind: 'remark', key, payload: { remark: input.remark }, createdBy: viewer.userid, now })
  }, IMMEDIATE)
  deps.wake?.('outbox')
  return customerCard(deps, viewer, customer)
}
