import { IMMEDIATE, type Db } from '../../db/client'
import type { Deps } from '../../deps'
import { writeRelationRemark } from '../customers/customers.repo'
import { currentForcedRemark } from '../marks/marks.enforce'
import type { OutboxHandler } from './outbox.handler'
import { parseRelationOutboxKey } from './outbox.domain'
import { deleteItem, findOpenItem, isRelationActive, type OutboxRow, type RelationRef } from './outbox.repo'

/**
 * The remark a 'remark' item pushes, from the state now: the forced remark while a mark
 * stands on the customer (it outranks any user's edit), else the user's edit in the payload;
 * undefined when there is nothing to push (a mark's item whose mark was removed meanwhile).
 */
function desiredRemark(db: Db, item: Pick<OutboxRow, 'corpId' | 'payload'>, ref: RelationRef): string | undefined {
  const forced = currentForcedRemark(db, item.corpId, ref.externalUserid)
  if (forced !== undefined) return forced
  return typeof item.payload.remark === 'string' ? item.payload.remark : undefined
}

/**
 * Pushes a relation's remark to WeCom (externalcontact/remark; key `${externalUserid}/${userid}`,
 * payload `{ remark? }`). Like mark_tag it is state-based: what it sends is decided from the
 * state when it runs, and every decision that ends the item is taken in the transaction of
 * the read it rests on, which deletes the item too. On success the relation's remark becomes
 * the pushed one, stamped after the push, so a sync read taken before it cannot bring the old
 * remark back (and be taken for tampering).
 */
export const remarkHandler: OutboxHandler = async (deps, item) => {
  const relation = parseRelationOutboxKey(item.key)
  if (!relation) throw new Error(`remark item ${item.id} has a malformed key: ${item.key}`)
  const ref: RelationRef = { corpId: item.corpId, ...relation }
  const remark = deps.db.transaction(() => {
    const desired = isRelationActive(deps.db, ref) ? desiredRemark(deps.db, item, ref) : undefined
    if (desired === undefined) deleteItem(deps.db, item.id)
    return desired
  }, IMMEDIATE)
  if (remark === undefined) return 'done'
  await deps.wecom.remark({ userid: ref.userid, external_userid: ref.externalUserid, remark })
  return confirmRemark(deps, item, ref, remark)
}

/**
 * Records what WeCom accepted. When the remark wanted now is another (a newer edit, or the
 * mark changed while the call was in flight), the local remark is left as it is and the item
 * runs again; an ended relation is done.
 */
function confirmRemark(deps: Deps, item: OutboxRow, ref: RelationRef, pushed: string) {
  const { db } = deps
  return db.transaction(() => {
    const current = findOpenItem(db, item.corpId, 'remark', item.key) ?? item
    if (!isRelationActive(db, ref)) {
      deleteItem(db, item.id)
      return 'done' as const
    }
    if (desiredRemark(db, current, ref) !== pushed) return { again: true as const }
    // Stamped after the push: a sync read taken before it must not bring the old remark back.
    writeRelationRemark(db, ref, { remark: pushed, stampAfter: deps.clock.now() + 1, operator: '' })
    deleteItem(db, item.id)
    return 'done' as const
  }, IMMEDIATE)
}
