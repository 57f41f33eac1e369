import { IMMEDIATE } from '../../db/client'
import type { Deps } from '../../deps'
import type { OutboxHandler } from './outbox.handler'
import { planMarkTag, parseRelationOutboxKey, type MarkTagPlan } from './outbox.domain'
import {
  confirmRelationTags,
  deleteItem,
  isRelationActive,
  relationTagState,
  type OutboxRow,
  type RelationRef,
} from './outbox.repo'

/** How long a relation waits for WeCom to create the tags it carries under local ids. */
export const LOCAL_TAG_WAIT_SECONDS = 30

/**
 * Pushes a relation's tags to WeCom (mark_tag item, key `${externalUserid}/${userid}`). The
 * item is state-based: it sends the difference between the tags Kelan wants (relation_tags)
 * and the tags WeCom last confirmed (wecom_relation_tags) as they are now, so any number of
 * edits since the item was written make one call, and a retry after a timeout that WeCom did
 * apply sends the same, harmless, difference again.
 *
 * Every decision that ends the item is taken in the same transaction as the read it rests
 * on, and the item is deleted there too: a change saved while the call was in flight either
 * lands before that transaction (and is seen: the item stays) or after it (and writes a new
 * item), never in between.
 */
export const markTagHandler: OutboxHandler = async (deps, item) => {
  const relation = parseRelationOutboxKey(item.key)
  if (!relation) throw new Error(`mark_tag item ${item.id} has a malformed key: ${item.key}`)
  const ref: RelationRef = { corpId: item.corpId, ...relation }
  const plan = settle(deps, item, ref, () => undefined)
  if (plan.kind !== 'push') return outcomeOf(plan)
  await deps.wecom.markTag({
    userid: ref.userid,
    external_userid: ref.externalUserid,
    ...(plan.add.length ? { add_tag: plan.add } : {}),
    ...(plan.remove.length ? { remove_tag: plan.remove } : {}),
  })
  const after = settle(deps, item, ref, () => confirmRelationTags(deps.db, ref, plan, deps.clock.now()))
  // WeCom has the pushed difference; anything still to push is a change made meanwhile.
  return after.kind === 'push' ? { again: true } : outcomeOf(after)
}

/**
 * In one IMMEDIATE transaction: runs `write` (when the relation is still active), plans from
 * the state after it, and deletes the item when nothing is left to do. An ended relation
 * counts as done: WeCom dropped its tags, and sync drops Kelan's.
 */
function settle(deps: Deps, item: OutboxRow, ref: RelationRef, write: () => void): MarkTagPlan {
  const { db } = deps
  return db.transaction(
    () => {
      let plan: MarkTagPlan = { kind: 'done' }
      if (isRelationActive(db, ref)) {
        write()
        plan = planMarkTag(relationTagState(db, ref))
      }
      if (plan.kind === 'done') deleteItem(db, item.id)
      return plan
    },
    IMMEDIATE,
  )
}

function outcomeOf(plan: Exclude<MarkTagPlan, { kind: 'push' }>) {
  return plan.kind === 'done' ? ('done' as const) : { waitSeconds: LOCAL_TAG_WAIT_SECONDS }
}
