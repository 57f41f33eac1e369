import type { LibraryGroup } from '@kelan/shared'

// Pure rules of the tag picker (customer filter, batch tagging).

/**
 * The groups and tags matching a search (Chinese substring, case-insensitive for Latin): a
 * group whose name matches keeps all its tags, others keep only matching tags, groups left
 * empty are dropped.
 *
 * @example searchLibrary(groups, '高') // only tags whose name contains 高, in their groups
 */
export function searchLibrary(groups: readonly LibraryGroup[], query: string): LibraryGroup[] {
  const q = query.trim().toLowerCase()
  if (!q) return [...groups]
  const result: LibraryGroup[] = []
  for (const group of groups) {
    if (group.name.toLowerCase().includes(q)) result.push(group)
    else {
      const tags = group.tags.filter((t) => t.name.toLowerCase().includes(q))
      if (tags.length) result.push({ ...group, tags })
    }
  }
  return result
}

/**
 * The selection after clicking a tag: off when it was on, else on. With `single`, a tag of a
 * 互斥 group replaces the group's other selected tags (what adding it would do anyway).
 */
export function toggleTag(selected: readonly string[], group: LibraryGroup, tagId: string, single: boolean): string[] {
  if (selected.includes(tagId)) return selected.filter((id) => id !== tagId)
  if (single && group.exclusive) {
    const siblings = new Set(group.tags.map((t) => t.id))
    return [...selected.filter((id) => !siblings.has(id)), tagId]
  }
  return [...selected, tagId]
}

/** The names of `ids` in library order, skipping ids no longer in the library. */
export function tagNames(groups: readonly LibraryGroup[], ids: readonly string[]): string[] {
  const wanted = new Set(ids)
  return groups.flatMap((g) => g.tags.filter((t) => wanted.has(t.id)).map((t) => t.name))
}
