import type { CardTagGroup, LibraryGroup } from '@kelan/shared'

// The tag editor's rules as plain functions: what a tap does to the selection (互斥 groups,
// locked tags), what a search shows, and what a save sends. The server enforces the same
// rules; doing them here too means the user sees the outcome before saving, not a refusal.

/** Tags to add to and take off the viewer's relation. */
export interface TagDiff {
  add: string[]
  remove: string[]
}

/**
 * What turns the relation's current tags into the selection; empty lists when nothing changed.
 *
 * @example selectionDiff(['a', 'b'], new Set(['b', 'c'])) // { add: ['c'], remove: ['a'] }
 */
export function selectionDiff(current: readonly string[], selected: ReadonlySet<string>): TagDiff {
  const have = new Set(current)
  return { add: [...selected].filter((id) => !have.has(id)), remove: [...have].filter((id) => !selected.has(id)) }
}

/** True when the diff would change nothing (the save button stays disabled). */
export const isEmptyDiff = (diff: TagDiff) => diff.add.length === 0 && diff.remove.length === 0

/** What a tap needs to know about the library and the customer. */
export interface SelectionRules {
  /** tag id → its group (for 互斥 and names). */
  groupOf: ReadonlyMap<string, LibraryGroup>
  /** Tags held by a special mark anywhere on the customer: they must not come off. */
  locked: ReadonlySet<string>
}

/** Builds the rules from the library and the ids of the customer's locked tags. */
export function selectionRules(groups: readonly LibraryGroup[], locked: Iterable<string>): SelectionRules {
  const groupOf = new Map<string, LibraryGroup>()
  for (const group of groups) for (const tag of group.tags) groupOf.set(tag.id, group)
  return { groupOf, locked: new Set(locked) }
}

/** The ids of the card's tags that a special mark holds. */
export function lockedTagIds(groups: readonly CardTagGroup[]): string[] {
  return groups.flatMap((g) => g.tags.filter((t) => t.locked).map((t) => t.id))
}

export type ToggleOutcome =
  | { ok: true; selected: Set<string> }
  /** The tap would take off a locked tag (directly, or by choosing another tag of its 互斥 group). */
  | { ok: false; lockedNames: string[] }

/**
 * The selection after tapping `tagId`. Selecting a tag of a 互斥 group takes the group's other
 * tags off (single choice); a locked tag can be neither deselected nor replaced that way.
 *
 * @example toggleTag(new Set(['high']), 'low', rules) // { ok: true, selected: Set { 'low' } } when both are in one 互斥 group
 */
export function toggleTag(selected: ReadonlySet<string>, tagId: string, rules: SelectionRules): ToggleOutcome {
  const group = rules.groupOf.get(tagId)
  if (selected.has(tagId)) {
    if (rules.locked.has(tagId)) return { ok: false, lockedNames: namesOf([tagId], rules) }
    const next = new Set(selected)
    next.delete(tagId)
    return { ok: true, selected: next }
  }
  if (!group?.exclusive) return { ok: true, selected: new Set(selected).add(tagId) }
  const others = group.tags.map((t) => t.id).filter((id) => id !== tagId)
  // The server takes the group's other tags off every follower's relation, so a locked one
  // anywhere on the customer blocks the change, not only one on the viewer's relation.
  const lockedOthers = others.filter((id) => rules.locked.has(id))
  if (lockedOthers.length) return { ok: false, lockedNames: namesOf(lockedOthers, rules) }
  const next = new Set([...selected].filter((id) => !others.includes(id)))
  return { ok: true, selected: next.add(tagId) }
}

function namesOf(ids: readonly string[], rules: SelectionRules): string[] {
  return ids.map((id) => rules.groupOf.get(id)?.tags.find((t) => t.id === id)?.name ?? id)
}

/** The message for a refused tap. */
export function lockedMessage(names: readonly string[]): string {
  return `${names.map((n) => `「${n}」`).join('、')}已被客户标记锁定，不能移除`
}

/**
 * Full-width latin typed with a Chinese IME (Ｖｉｐ) matches half-width (VIP), and latin
 * letters match regardless of case; Chinese characters are compared as they are.
 */
const normalize = (s: string) => s.normalize('NFKC').toLowerCase()

/**
 * The groups with tags whose names contain `query` (trimmed), each with only its matching
 * tags, in library order; a group whose own name matches keeps all its tags (typing 行业 shows
 * the industries). Groups without a match are left out; an empty query returns every group.
 *
 * @example searchGroups(library.groups, '高') // [{ name: '意向程度', tags: [高意向] }]
 */
export function searchGroups(groups: readonly LibraryGroup[], query: string): LibraryGroup[] {
  const q = normalize(query.trim())
  if (!q) return [...groups]
  return groups
    .map((g) => (normalize(g.name).includes(q) ? g : { ...g, tags: g.tags.filter((t) => normalize(t.name).includes(q)) }))
    .filter((g) => g.tags.length > 0)
}
