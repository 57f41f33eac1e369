/**
 * WeCom's corp tag rules (REFERENCE §2.5): listing with id filters (and `deleted` only then),
 * adding into a new or existing group, editing and deleting only what the calling app created
 * (ERR.TAG_NOT_OWNED otherwise), and a group disappearing with its last tag. The admin console
 * (`actor: 'console'`, driven through /_control) may change every tag, and what it creates is
 * owned by no app. Every change is reported as change_external_tag, whichever side made it,
 * after it has been committed.
 */
import { randomBytes } from 'node:crypto'
import type { AddCorpTagInput, WecomCorpTag, WecomTagGroup } from '../wecom/types'
import type { SimEvent } from './callbacks'
import type { SimContext } from './context'
import { ERR, SimError } from './errors'
import * as repo from './tags.repo'

const MAX_NAME = 30

/**
 * Who calls: Kelan's app through the API, or an admin in the WeCom admin console (the control
 * API). The console may edit and delete every tag, and what it creates has no creator app, so
 * apps cannot edit it afterwards.
 */
export type TagActor = 'app' | 'console'

/**
 * Whether an edit_corp_tag that changes nothing (same name, same order) is reported as
 * change_external_tag. WeCom does not say; off, so a client probing ownership with a no-op
 * edit does not set off a round of callbacks and re-reads.
 */
const NOOP_EDIT_EMITS = false

const newId = () => `et${randomBytes(23).toString('base64url').slice(0, 30)}`

function toTag(t: repo.TagRow, withDeleted: boolean): WecomCorpTag {
  const tag: WecomCorpTag = { id: t.id, name: t.name, create_time: t.create_time, order: t.order }
  return withDeleted ? { ...tag, deleted: t.deleted === 1 } : tag
}

function toGroup(g: repo.TagGroupRow, tags: repo.TagRow[], withDeleted: boolean): WecomTagGroup {
  const group: WecomTagGroup = {
    group_id: g.group_id,
    group_name: g.name,
    create_time: g.create_time,
    order: g.order,
    tag: tags.map((t) => toTag(t, withDeleted)),
  }
  return withDeleted ? { ...group, deleted: g.deleted === 1 } : group
}

/**
 * get_corp_tag_list. No filter: every live group and tag. By group_id (which wins over tag_id):
 * those groups, a deleted one with its deleted tags. By tag_id: those tags under their groups.
 * Unknown ids are left out.
 */
export function getCorpTagList(ctx: SimContext, filter: { tag_id?: string[]; group_id?: string[] }): WecomTagGroup[] {
  const { db } = ctx
  if (filter.group_id?.length) {
    return filter.group_id.flatMap((id) => {
      const g = repo.getGroup(db, id)
      return g ? [toGroup(g, repo.tagsOfGroup(db, id, g.deleted === 1), true)] : []
    })
  }
  if (filter.tag_id?.length) {
    const byGroup = new Map<string, repo.TagRow[]>()
    for (const id of filter.tag_id) {
      const t = repo.getTag(db, id)
      if (t) byGroup.set(t.group_id, [...(byGroup.get(t.group_id) ?? []), t])
    }
    return [...byGroup].flatMap(([groupId, tags]) => {
      const g = repo.getGroup(db, groupId)
      return g ? [toGroup(g, tags, true)] : []
    })
  }
  return repo.listGroups(db).map((g) => toGroup(g, repo.tagsOfGroup(db, g.group_id, false), false))
}

function checkName(name: string): void {
  if (!name.trim() || [...name].length > MAX_NAME) throw new SimError(ERR.INVALID_PARAMETER, 'name')
}

/** add_corp_tag: returns the group with the tags this call created. */
export function addCorpTag(ctx: SimContext, input: AddCorpTagInput, actor: TagActor = 'app'): WecomTagGroup {
  const { db, clock } = ctx
  const creator = actor === 'app' ? ctx.corp.agentId : null
  if (!input.tag.length) throw new SimError(ERR.INVALID_PARAMETER, 'tag is empty')
  const names = [...new Set(input.tag.map((t) => t.name))]
  names.forEach(checkName)
  const events: SimEvent[] = []
  const result = db.transaction(() => {
    let group = input.group_id ? repo.getGroup(db, input.group_id) : undefined
    if (input.group_id && (!group || group.deleted)) throw new SimError(ERR.INVALID_TAG_ID, input.group_id)
    if (!group) {
      if (!input.group_name) throw new SimError(ERR.INVALID_PARAMETER, 'group_id or group_name required')
      checkName(input.group_name)
      group = repo.findGroupByName(db, input.group_name)
    }
    if (!group) {
      group = {
        group_id: newId(), name: input.group_name!, order: input.order ?? 0, create_time: clock.now(), deleted: 0,
        creator_agentid: creator,
      }
      repo.insertGroup(db, group)
      events.push({ event: 'change_external_tag', changeType: 'create', tagType: 'tag_group', id: group.group_id })
    }
    const existing = new Set(repo.tagsOfGroup(db, group.group_id, false).map((t) => t.name))
    if (names.some((n) => existing.has(n))) throw new SimError(ERR.INVALID_TAG_NAME)
    const created = names.map((name): repo.TagRow => {
      const order = input.tag.find((t) => t.name === name)?.order ?? 0
      const row = { id: newId(), group_id: group.group_id, name, order, create_time: clock.now(), deleted: 0, creator_agentid: creator }
      repo.insertTag(db, row)
      return row
    })
    if (!events.length) {
      for (const t of created) events.push({ event: 'change_external_tag', changeType: 'create', tagType: 'tag', id: t.id })
    }
    return toGroup(group, created, false)
  })()
  events.forEach((e) => ctx.emit(e))
  return result
}

/** The console may change anything; an app only what it created. */
const mayChange = (ctx: SimContext, actor: TagActor, row: { creator_agentid: string | null }) =>
  actor === 'console' || row.creator_agentid === ctx.corp.agentId

/**
 * edit_corp_tag on a tag or a group: 40068 unknown, TAG_NOT_OWNED for another creator, 40071 for
 * a name clash. A rename reports `update`; a pure reorder reports `shuffle` of the group (or
 * of all groups, id '') as WeCom's event list suggests; an edit that changes nothing reports
 * nothing (NOOP_EDIT_EMITS).
 */
export function editCorpTag(ctx: SimContext, input: { id: string; name?: string; order?: number }, actor: TagActor = 'app'): void {
  const { db } = ctx
  if (input.name === undefined && input.order === undefined) throw new SimError(ERR.INVALID_PARAMETER, 'name or order')
  if (input.name !== undefined) checkName(input.name)
  const group = repo.getGroup(db, input.id)
  const tag = group ? undefined : repo.getTag(db, input.id)
  const target = group ?? tag
  if (!target || target.deleted) throw new SimError(ERR.INVALID_TAG_ID, input.id)
  if (!mayChange(ctx, actor, target)) throw new SimError(ERR.TAG_NOT_OWNED)
  const renamed = input.name !== undefined && input.name !== target.name
  if (renamed && group && repo.findGroupByName(db, input.name!)) throw new SimError(ERR.INVALID_TAG_NAME)
  if (renamed && tag && repo.tagsOfGroup(db, tag.group_id, false).some((t) => t.name === input.name)) {
    throw new SimError(ERR.INVALID_TAG_NAME)
  }
  const reordered = input.order !== undefined && input.order !== target.order
  if (!renamed && !reordered && !NOOP_EDIT_EMITS) return
  db.transaction(() => (group ? repo.updateGroup(db, input.id, input) : repo.updateTag(db, input.id, input)))()
  if (renamed) {
    ctx.emit({ event: 'change_external_tag', changeType: 'update', tagType: group ? 'tag_group' : 'tag', id: input.id })
  } else {
    ctx.emit({ event: 'change_external_tag', changeType: 'shuffle', id: group ? '' : tag!.group_id })
  }
}

/** del_corp_tag: all-or-nothing; a group whose last tag goes is deleted too. */
export function delCorpTag(ctx: SimContext, input: { tag_id?: string[]; group_id?: string[] }, actor: TagActor = 'app'): void {
  const { db } = ctx
  const tagIds = input.tag_id ?? []
  const groupIds = input.group_id ?? []
  if (!tagIds.length && !groupIds.length) throw new SimError(ERR.INVALID_PARAMETER, 'tag_id and group_id are both empty')
  const groups = groupIds.map((id) => repo.getGroup(db, id))
  const tags = tagIds.map((id) => repo.getTag(db, id))
  for (const [i, row] of [...groups, ...tags].entries()) {
    if (!row || row.deleted) throw new SimError(ERR.INVALID_TAG_ID, [...groupIds, ...tagIds][i])
    if (!mayChange(ctx, actor, row)) throw new SimError(ERR.TAG_NOT_OWNED)
  }
  const events: SimEvent[] = []
  db.transaction(() => {
    for (const g of groups) {
      repo.deleteGroup(db, g!.group_id)
      events.push({ event: 'change_external_tag', changeType: 'delete', tagType: 'tag_group', id: g!.group_id })
    }
    const touched = new Set<string>()
    for (const t of tags) {
      if (groupIds.includes(t!.group_id)) continue
      repo.deleteTags(db, [t!.id])
      touched.add(t!.group_id)
      events.push({ event: 'change_external_tag', changeType: 'delete', tagType: 'tag', id: t!.id })
    }
    for (const groupId of touched) {
      if (repo.tagsOfGroup(db, groupId, false).length) continue
      repo.deleteGroup(db, groupId)
      events.push({ event: 'change_external_tag', changeType: 'delete', tagType: 'tag_group', id: groupId })
    }
  })()
  events.forEach((e) => ctx.emit(e))
}
