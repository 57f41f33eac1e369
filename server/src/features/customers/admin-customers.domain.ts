import type { AdminCustomerItem, CustomerFilter } from '@kelan/shared'
import { colorOr } from '../tags/tags.domain'

/** A customer row of the admin list, before its followers and tags are attached. */
export interface AdminCustomerRow {
  externalUserid: string
  name: string
  avatar: string
  type: number
  corpName: string
  /** Latest createtime of the customer's active relations; null when none is active. */
  addedAt: number | null
}

export interface AdminFollowerRow {
  externalUserid: string
  userid: string
  name: string
  remark: string
}

/** One tag on one of the customer's active relations, in display order. */
export interface AdminTagRow {
  externalUserid: string
  tagId: string
  name: string
  ownColor: string | null
  groupColor: string
}

/**
 * Puts the page together: each customer with its followers and the union of its relations'
 * tags (a tag two followers carry shows once), both kept in the order the rows came in. A tag
 * is drawn in its own colour, else its group's; a value outside the palette draws as blue.
 * The tag of a special mark standing on the customer (`markTags`: customer → tag id) outranks
 * the others: it comes first, flagged `mark`.
 */
export function buildAdminItems(
  rows: AdminCustomerRow[],
  followers: AdminFollowerRow[],
  tags: AdminTagRow[],
  markTags: ReadonlyMap<string, string> = new Map(),
): AdminCustomerItem[] {
  const followersOf = groupBy(followers, (f) => f.externalUserid)
  const tagsOf = groupBy(tags, (t) => t.externalUserid)
  return rows.map((r) => {
    const markTag = markTags.get(r.externalUserid)
    const unique = new Map<string, AdminCustomerItem['tags'][number]>()
    for (const t of tagsOf.get(r.externalUserid) ?? []) {
      if (unique.has(t.tagId)) continue
      unique.set(t.tagId, { id: t.tagId, name: t.name, color: colorOr(t.ownColor ?? t.groupColor, 'blue'), mark: t.tagId === markTag })
    }
    return {
      externalUserId: r.externalUserid,
      name: r.name,
      avatar: r.avatar,
      type: r.type === 2 ? 2 : 1,
      corpName: r.corpName,
      followers: (followersOf.get(r.externalUserid) ?? []).map(({ userid, name, remark }) => ({ userid, name, remark })),
      tags: [...unique.values()].sort((a, b) => Number(b.mark) - Number(a.mark)),
      addedAt: r.addedAt ?? 0,
    }
  })
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const list = map.get(k)
    if (list) list.push(item)
    else map.set(k, [item])
  }
  return map
}

/**
 * What is wrong with a filter that parsed: an empty time range. Returns a message for the
 * user, or undefined when the filter can be run.
 */
export function filterProblem(filter: CustomerFilter): string | undefined {
  if (filter.addedFrom !== undefined && filter.addedTo !== undefined && filter.addedFrom > filter.addedTo) {
    return '添加时间的开始不能晚于结束'
  }
  return undefined
}

/** True when the filter narrows by a follow relation's own fields (who, when, how added). */
export function hasRelationFilter(filter: CustomerFilter): boolean {
  return (
    filter.userid !== undefined ||
    filter.departmentId !== undefined ||
    filter.addedFrom !== undefined ||
    filter.addedTo !== undefined ||
    filter.addWay !== undefined
  )
}

/** The distinct tag ids of the filter; none means "no tag condition". */
export function filterTagIds(filter: CustomerFilter): string[] {
  return [...new Set((filter.tagIds ?? []).map((id) => id.trim()).filter(Boolean))]
}
