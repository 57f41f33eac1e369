import type { LibraryGroup, LibraryTag, MutexConflict, TagLibrary, TagOrigin } from '@kelan/shared'
import { byDisplayOrder, colorOr, isLocalId, planReorder, type CarriedTag } from '../tags/tags.domain'

/** A tag group as stored: WeCom's fields and Kelan's own. */
export interface GroupRecord {
  id: string
  name: string
  order: number
  createTime: number
  color: string
  exclusive: boolean
  description: string
  origin: TagOrigin
}

/** A tag as stored; `color` null = the group's. */
export interface TagRecord {
  id: string
  groupId: string
  name: string
  order: number
  createTime: number
  color: string | null
  description: string
  origin: TagOrigin
}

/** What the library view adds to the stored rows. */
export interface LibraryExtras {
  /** Ids with a change on its way to WeCom; local ids are pending without being listed. */
  pending: ReadonlySet<string>
  /** Customers per tag id; given only for the admin's view. */
  counts?: ReadonlyMap<string, number>
  /** The tags chosen for special marks (markTagIds): flagged `mark`, drawn red. None when absent. */
  markTags?: ReadonlySet<string>
}

/** Shown when Kelan may not rename, reorder or delete a console-made tag or group. */
export const READ_ONLY_MESSAGE = '该标签在企业微信后台创建，应用无权修改'

/**
 * WeCom's errcodes for "this app did not create that tag". WeCom documents the rule but not the
 * code; 301002 is the one unofficial source's (REFERENCE §6.2) and the simulator's. Kept here
 * once, so a different real code is a one-line change.
 */
export const OWNERSHIP_ERRCODES: ReadonlySet<number> = new Set([301002])

/** True when WeCom refused an edit or delete because another app (or the console) owns the tag. */
export const isOwnershipRefusal = (errcode: number) => OWNERSHIP_ERRCODES.has(errcode)

/** Changed in Kelan and not confirmed by WeCom yet: an open item names it, or WeCom has not created it. */
const isPending = (id: string, extras: LibraryExtras) => extras.pending.has(id) || isLocalId(id)

/** One tag as the library shows it: its colour resolved against its group's. */
export function toLibraryTag(tag: TagRecord, group: Pick<GroupRecord, 'color'>, extras: LibraryExtras): LibraryTag {
  const ownColor = colorOr(tag.color, null)
  const count = extras.counts ? { customerCount: extras.counts.get(tag.id) ?? 0 } : {}
  return {
    id: tag.id,
    groupId: tag.groupId,
    name: tag.name,
    order: tag.order,
    color: ownColor ?? colorOr(group.color, 'blue'),
    ownColor,
    description: tag.description,
    origin: tag.origin,
    pending: isPending(tag.id, extras),
    mark: extras.markTags?.has(tag.id) ?? false,
    ...count,
  }
}

/** One group with its tags (any order in, display order out). */
export function toLibraryGroup(group: GroupRecord, tags: readonly TagRecord[], extras: LibraryExtras): LibraryGroup {
  return {
    id: group.id,
    name: group.name,
    order: group.order,
    color: colorOr(group.color, 'blue'),
    exclusive: group.exclusive,
    description: group.description,
    origin: group.origin,
    pending: isPending(group.id, extras),
    tags: [...tags].sort(byDisplayOrder).map((t) => toLibraryTag(t, group, extras)),
  }
}

/** The whole library in display order; tags whose group is missing are left out. */
export function buildLibrary(groups: readonly GroupRecord[], tags: readonly TagRecord[], extras: LibraryExtras): TagLibrary {
  const byGroup = new Map<string, TagRecord[]>()
  for (const t of tags) byGroup.set(t.groupId, [...(byGroup.get(t.groupId) ?? []), t])
  return { groups: [...groups].sort(byDisplayOrder).map((g) => toLibraryGroup(g, byGroup.get(g.id) ?? [], extras)) }
}

/**
 * The `order` values that put `count` new items before every existing one (larger first), in
 * the given sequence: the first new item gets the largest.
 *
 * @example ordersFirst([3, 7], 2) // [9, 8]
 */
export function ordersFirst(existing: readonly number[], count: number): number[] {
  const top = existing.length ? Math.max(...existing) : 0
  return Array.from({ length: count }, (_, i) => top + count - i)
}

/** True when another item (not `exceptId`) already has `name`. */
export function nameTaken(items: readonly { id: string; name: string }[], name: string, exceptId?: string): boolean {
  return items.some((i) => i.id !== exceptId && i.name === name)
}

/** An item of a list being reordered: `fixed` ones (console-made) must keep their `order`. */
export interface ReorderItem {
  id: string
  order: number
  fixed: boolean
}

/**
 * The order changes that show `ids` in that sequence without changing the `order` of fixed
 * (console-made) items, which Kelan cannot edit in WeCom. Uses `planReorder` (n … 1) when that
 * leaves every fixed item alone; otherwise fits the movable items into the gaps between the
 * fixed ones, keeping their current values where they already fit.
 *
 * @param current the list in its current display order
 * @returns the changes, or the fixed ids that would have to move (the new sequence moves a
 *   fixed item past another, or a gap is too narrow for the items put into it)
 */
export function planReorderAround(
  current: readonly ReorderItem[],
  ids: readonly string[],
): { changes: { id: string; order: number }[] } | { refused: string[] } {
  const byId = new Map(current.map((c) => [c.id, c]))
  const plain = planReorder(current, ids)
  const moved = plain.filter((c) => byId.get(c.id)?.fixed)
  if (!moved.length) return { changes: plain }
  const fixedNow = current.filter((c) => c.fixed).map((c) => c.id)
  const fixedWanted = ids.filter((id) => byId.get(id)?.fixed)
  if (fixedNow.join('\n') !== fixedWanted.join('\n')) return { refused: moved.map((c) => c.id) }
  const changes: { id: string; order: number }[] = []
  let upper: number | null = null
  let run: ReorderItem[] = []
  for (const id of [...ids, null]) {
    const item = id === null ? undefined : byId.get(id)
    if (item && !item.fixed) {
      run.push(item)
      continue
    }
    const lower = item ? item.order : -1
    const fitted = fitRun(run, upper, lower)
    if (!fitted) return { refused: moved.map((c) => c.id) }
    changes.push(...fitted)
    upper = lower
    run = []
  }
  return { changes }
}

/**
 * Orders for a run of movable items strictly between `lower` and `upper` (null: no bound),
 * descending; null when they do not fit. Only changed values are returned.
 */
function fitRun(run: readonly ReorderItem[], upper: number | null, lower: number): { id: string; order: number }[] | null {
  const k = run.length
  if (!k) return []
  const fits = run.every((r, i) => r.order > lower && (upper === null || r.order < upper) && (i === 0 || r.order < run[i - 1]!.order))
  if (fits) return []
  const top = upper ?? lower + k + 1
  if (top - lower - 1 < k) return null
  const step = (top - lower) / (k + 1)
  return run.map((r, i) => ({ id: r.id, order: Math.floor(top - step * (i + 1)) })).filter((c, i) => c.order !== run[i]!.order)
}

/**
 * The MUTEX_CONFLICT listing: per customer, the names of the group's tags they carry (in the
 * order they were added), customers in the order given.
 */
export function mutexConflictList(
  violations: ReadonlyMap<string, readonly CarriedTag[]>,
  customerNames: ReadonlyMap<string, string>,
  tagNames: ReadonlyMap<string, string>,
): MutexConflict[] {
  return [...violations].map(([externalUserId, rows]) => ({
    externalUserId,
    name: customerNames.get(externalUserId) ?? externalUserId,
    tagNames: [...new Set(rows.map((r) => tagNames.get(r.tagId) ?? r.tagId))],
  }))
}
