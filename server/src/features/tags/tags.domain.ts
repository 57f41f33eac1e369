import { TagColor } from '@kelan/shared'
import { LOCAL_ID_PREFIX } from '../../db/schema'

/** What the rules need to know about a tag. */
export interface TagMeta {
  id: string
  name: string
  groupId: string
  groupName: string
  /** The group is 互斥: at most one of its tags on a customer. */
  exclusive: boolean
}

/** Tags to add to and take off one relation. */
export interface TagDiff {
  add: string[]
  remove: string[]
}

/**
 * What turns `current` into `wanted`.
 *
 * @example tagDiff(['a', 'b'], ['b', 'c']) // { add: ['c'], remove: ['a'] }
 */
export function tagDiff(current: Iterable<string>, wanted: Iterable<string>): TagDiff {
  const have = new Set(current)
  const want = new Set(wanted)
  return { add: [...want].filter((id) => !have.has(id)), remove: [...have].filter((id) => !want.has(id)) }
}

/** True for ids Kelan made up for groups and tags WeCom has not created yet. */
export const isLocalId = (id: string) => id.startsWith(LOCAL_ID_PREFIX)

/**
 * WeCom's display order of tags and groups: larger `order` first, then older first, then by
 * id so the result is stable. The one order for every view (the library, the card), so a tie
 * in `order` lists the same way everywhere.
 */
export function byDisplayOrder(a: { order: number; createTime: number; id: string }, b: typeof a): number {
  return b.order - a.order || a.createTime - b.createTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

const PALETTE: ReadonlySet<string> = new Set(TagColor.options)

/**
 * A stored colour as the contract's enum; anything else (null, an old row, a hand edit) gives
 * `fallback` rather than failing the whole view. A set lookup, not a zod parse: it runs for
 * every tag and group on every card.
 *
 * @example colorOr('red', 'blue') // 'blue'
 * @example colorOr(null, null) // null
 */
export function colorOr<T extends TagColor | null>(value: string | null, fallback: T): TagColor | T {
  return value !== null && PALETTE.has(value) ? (value as TagColor) : fallback
}

/** The outbox key of a relation's mark_tag item. */
export const relationOutboxKey = (externalUserid: string, userid: string) => `${externalUserid}/${userid}`

/** Why a change was refused. */
export type ChangeRefusal =
  | { kind: 'mutex'; groupName: string; tagNames: string[] }
  | { kind: 'locked'; tagNames: string[] }

/** A refused change of tags: a rule said no ({@link ChangeRefusal}), or some tags no longer exist. */
export type TagRefusal = ChangeRefusal | { kind: 'unknown_tags'; ids: string[] }

/**
 * A refusal in the words the user reads: one wording for the sidebar, the batch checks and
 * the batch result file, so the same refusal never reads two ways. Unknown tags are not
 * named: their ids mean nothing to the user (the error's details carry them).
 *
 * @example describeRefusal({ kind: 'locked', tagNames: ['VIP'] }) // '「VIP」由客户标记锁定，不能移除'
 */
export function describeRefusal(refusal: TagRefusal): string {
  const quoted = (names: readonly string[]) => names.map((n) => `「${n}」`).join('')
  switch (refusal.kind) {
    case 'mutex':
      return `「${refusal.groupName}」是单选标签组，不能同时选择${quoted(refusal.tagNames)}`
    case 'locked':
      return `${quoted(refusal.tagNames)}由客户标记锁定，不能移除`
    case 'unknown_tags':
      return '标签不存在或已被删除，请刷新后重试'
  }
}

export interface CustomerChangeInput {
  /** The customer's active relations: follower userid → tag ids on it. */
  relations: ReadonlyMap<string, ReadonlySet<string>>
  /** The follower whose relation the user is editing. */
  target: string
  add: readonly string[]
  remove: readonly string[]
  meta: ReadonlyMap<string, TagMeta>
  /** Tags held by a special mark: they may not come off. */
  locked?: ReadonlySet<string>
}

/**
 * Plans one user's change of a customer's tags across the customer's relations: the tags go
 * on and off the target relation, and adding a tag of a 互斥 group takes the group's other
 * tags off every relation of the customer (a customer is 高意向 or 低意向, whoever follows
 * them: the latest choice wins). Only real changes are returned: adding a tag already there
 * or removing one that is not is a no-op.
 *
 * @returns per follower, the tags to add and remove; or why the change cannot be made
 */
export function planCustomerChange(input: CustomerChangeInput): { changes: Map<string, TagDiff> } | { refused: ChangeRefusal } {
  const { relations, target, meta } = input
  const locked = input.locked ?? new Set<string>()
  // A tag named twice is one tag: neither a 互斥 clash with itself nor two history rows.
  const wanted = [...new Set(input.add)]
  const mutex = mutexClash(wanted, meta)
  if (mutex) return { refused: mutex }
  const removals = new Map<string, Set<string>>()
  const remove = (userid: string, tagId: string) => {
    if (!relations.get(userid)?.has(tagId)) return
    removals.set(userid, (removals.get(userid) ?? new Set()).add(tagId))
  }
  for (const id of input.remove) remove(target, id)
  for (const id of wanted) {
    const tag = meta.get(id)
    if (!tag?.exclusive) continue
    for (const [userid, tagIds] of relations) {
      for (const other of tagIds) if (other !== id && meta.get(other)?.groupId === tag.groupId) remove(userid, other)
    }
  }
  const lockedOff = [...removals.values()].flatMap((ids) => [...ids]).filter((id) => locked.has(id))
  if (lockedOff.length) return { refused: { kind: 'locked', tagNames: namesOf(new Set(lockedOff), meta) } }
  const changes = new Map<string, TagDiff>()
  const targetTags = relations.get(target) ?? new Set<string>()
  const add = wanted.filter((id) => !targetTags.has(id))
  if (add.length) changes.set(target, { add, remove: [] })
  for (const [userid, ids] of removals) {
    const diff = changes.get(userid) ?? { add: [], remove: [] }
    changes.set(userid, { ...diff, remove: [...ids] })
  }
  return { changes }
}

/** Two or more tags of one 互斥 group in one request. */
function mutexClash(add: readonly string[], meta: ReadonlyMap<string, TagMeta>): ChangeRefusal | undefined {
  const byGroup = new Map<string, TagMeta[]>()
  for (const id of add) {
    const tag = meta.get(id)
    if (tag?.exclusive) byGroup.set(tag.groupId, [...(byGroup.get(tag.groupId) ?? []), tag])
  }
  for (const tags of byGroup.values()) {
    if (tags.length > 1) return { kind: 'mutex', groupName: tags[0]!.groupName, tagNames: tags.map((t) => t.name) }
  }
  return undefined
}

function namesOf(ids: ReadonlySet<string>, meta: ReadonlyMap<string, TagMeta>): string[] {
  return [...ids].map((id) => meta.get(id)?.name ?? id)
}

/**
 * The WeCom `order` values that put `ids` in that display order (larger first: n … 1),
 * returning only the entries whose value changes.
 *
 * @example planReorder([{ id: 'a', order: 1 }, { id: 'b', order: 2 }], ['a', 'b']) // [{ id: 'a', order: 2 }, { id: 'b', order: 1 }]
 */
export function planReorder(current: readonly { id: string; order: number }[], ids: readonly string[]): { id: string; order: number }[] {
  const before = new Map(current.map((c) => [c.id, c.order]))
  return ids.map((id, i) => ({ id, order: ids.length - i })).filter((c) => before.get(c.id) !== c.order)
}

/** The same ids, in any order: a reorder must name every item of the list exactly once. */
export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a)
  return a.length === b.length && set.size === a.length && new Set(b).size === b.length && b.every((id) => set.has(id))
}

/** One tag on one relation, for the 互斥 check over existing data. */
export interface CarriedTag {
  externalUserid: string
  userid: string
  tagId: string
  addedAt: number
}

/**
 * The customers who carry two or more different tags of a group (across their relations),
 * which turning 互斥 on would leave inconsistent, each with the carried tags in order of
 * adding (latest last).
 */
export function mutexViolations(carried: readonly CarriedTag[]): Map<string, CarriedTag[]> {
  const byCustomer = new Map<string, CarriedTag[]>()
  for (const c of carried) byCustomer.set(c.externalUserid, [...(byCustomer.get(c.externalUserid) ?? []), c])
  const violations = new Map<string, CarriedTag[]>()
  for (const [id, rows] of byCustomer) {
    if (new Set(rows.map((r) => r.tagId)).size < 2) continue
    violations.set(id, [...rows].sort((a, b) => a.addedAt - b.addedAt || a.tagId.localeCompare(b.tagId)))
  }
  return violations
}

/**
 * For "keep the latest": the carried tags to take off so each customer keeps only the tag
 * added last (on every relation that has it). A tag locked on the customer (a special mark's)
 * is kept instead, however old: it may not come off while the mark stands.
 *
 * @param locked customer → tags that may not come off (see marks.repo lockedTagsFor)
 */
export function keepLatestRemovals(
  violations: ReadonlyMap<string, CarriedTag[]>,
  locked: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): CarriedTag[] {
  return [...violations.entries()].flatMap(([externalUserid, rows]) => {
    const held = locked.get(externalUserid)
    const keep = rows.findLast((r) => held?.has(r.tagId))?.tagId ?? rows[rows.length - 1]!.tagId
    return rows.filter((r) => r.tagId !== keep)
  })
}
