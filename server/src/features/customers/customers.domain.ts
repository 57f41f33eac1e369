import { addWayLabel, type CardMark, type CardTagGroup, type CustomerCard, type Role, type TagSyncState } from '@kelan/shared'
import type { WecomGroupChat } from '../../wecom/types'
import { byDisplayOrder, colorOr } from '../tags/tags.domain'

export interface CustomerRow {
  externalUserid: string
  name: string
  avatar: string
  type: number
  gender: number
  corpName: string
}

export interface RelationRow {
  userid: string
  staffName: string
  staffAvatar: string
  remark: string
  description: string
  createtime: number
  addWay: number
  state: string
}

export interface TagRow {
  userid: string
  tagId: string
  tagName: string
  tagOrder: number
  tagCreateTime: number
  tagColor: string
  groupId: string
  groupName: string
  groupOrder: number
  groupCreateTime: number
  groupColor: string
  exclusive: boolean
}

/** The open mark_tag outbox item of a relation. */
export interface TagSyncRow {
  status: 'pending' | 'failed'
  lastError: string | null
}

/** No open item means WeCom has what Kelan has. */
export function tagSyncState(row: TagSyncRow | undefined): TagSyncState {
  if (!row) return { status: 'synced', error: null }
  return row.status === 'failed' ? { status: 'failed', error: row.lastError ?? '同步失败' } : { status: 'pending', error: null }
}

/** The special mark standing on the customer, as the card shows it (see marks.repo findCardMark). */
export interface CardMarkView {
  /** The mark tag: first, red, locked. */
  tagId: string
  banner: CardMark
}

/**
 * Groups the corp tags of every active relation into the union the card shows, keeping who
 * added each tag (a tag lives on a relation, so two staff members can both carry it). A
 * special mark's tag outranks every other: its group comes first and it comes first in it,
 * flagged `mark` and `locked` (it cannot come off while the mark stands).
 */
export function groupTags(rows: TagRow[], markTagId?: string): CardTagGroup[] {
  type Sorted = { order: number; createTime: number }
  type Tag = CardTagGroup['tags'][number] & Sorted
  type Group = Omit<CardTagGroup, 'tags'> & Sorted & { tags: Map<string, Tag> }
  const groups = new Map<string, Group>()
  for (const r of rows) {
    let g = groups.get(r.groupId)
    if (!g) {
      const color = colorOr(r.groupColor, 'blue')
      g = { id: r.groupId, name: r.groupName, order: r.groupOrder, createTime: r.groupCreateTime, color, exclusive: r.exclusive, tags: new Map() }
      groups.set(r.groupId, g)
    }
    let t = g.tags.get(r.tagId)
    if (!t) {
      const color = colorOr(r.tagColor, 'blue')
      const mark = r.tagId === markTagId
      t = { id: r.tagId, name: r.tagName, order: r.tagOrder, createTime: r.tagCreateTime, color, locked: mark, mark, addedBy: [] }
      g.tags.set(r.tagId, t)
    }
    if (!t.addedBy.includes(r.userid)) t.addedBy.push(r.userid)
  }
  // The library's order (byDisplayOrder), so ties in `order` list the same on the card.
  // Fields copied by name: object rest (`{ order, ...rest }`) is a slow path in V8, and this
  // runs for every tag on every card.
  const isMarkGroup = (g: Group) => Number(markTagId !== undefined && g.tags.has(markTagId))
  return [...groups.values()]
    .sort((a, b) => isMarkGroup(b) - isMarkGroup(a) || byDisplayOrder(a, b))
    .map((g) => ({
      id: g.id,
      name: g.name,
      color: g.color,
      exclusive: g.exclusive,
      tags: [...g.tags.values()]
        .sort((a, b) => Number(b.mark) - Number(a.mark) || byDisplayOrder(a, b))
        .map((t) => ({ id: t.id, name: t.name, color: t.color, locked: t.locked, mark: t.mark, addedBy: t.addedBy })),
    }))
}

/**
 * Assembles the sidebar card from its rows; `viewer.userid` picks the relation shown as
 * "mine". `mark` is the special mark standing on the customer (the banner), if any.
 */
export function buildCard(
  customer: CustomerRow,
  relations: RelationRow[],
  tagRows: TagRow[],
  viewer: { userid: string; tagSync: TagSyncRow | undefined },
  mark: CardMarkView | null = null,
): CustomerCard {
  const mine = relations.find((r) => r.userid === viewer.userid)
  return {
    externalUserId: customer.externalUserid,
    name: customer.name,
    avatar: customer.avatar,
    type: customer.type === 2 ? 2 : 1,
    corpName: customer.corpName,
    gender: customer.gender,
    mine: mine
      ? {
          remark: mine.remark,
          description: mine.description,
          createtime: mine.createtime,
          addWay: mine.addWay,
          addWayLabel: addWayLabel(mine.addWay),
          state: mine.state,
          tagIds: tagRows.filter((t) => t.userid === viewer.userid).map((t) => t.tagId),
          tagSync: tagSyncState(viewer.tagSync),
        }
      : null,
    followers: [...relations]
      .sort((a, b) => a.createtime - b.createtime)
      .map((r) => ({ userid: r.userid, name: r.staffName, avatar: r.staffAvatar, createtime: r.createtime })),
    tagGroups: groupTags(tagRows, mark?.tagId),
    mark: mark?.banner ?? null,
  }
}

/**
 * A LIKE pattern (for `… like ? escape '\'`) matching text that contains `q`, with the
 * user's `%`, `_` and `\` taken literally.
 *
 * @example containsPattern('50%') // '%50\%%'
 */
export function containsPattern(q: string): string {
  return `%${q.replace(/[%_\\]/g, (m) => `\\${m}`)}%`
}

/** A group chat is visible to its owner and internal members; admins see every chat. */
export function canSeeGroupChat(chat: Pick<WecomGroupChat, 'owner' | 'member_list'>, viewer: { userid: string; role: Role }): boolean {
  if (viewer.role === 'admin' || chat.owner === viewer.userid) return true
  return chat.member_list.some((m) => m.type === 1 && m.userid === viewer.userid)
}
