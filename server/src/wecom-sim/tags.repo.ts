/**
 * Storage of corp tag groups and tags. Deletion is soft because WeCom still answers
 * get_corp_tag_list for a deleted id (with `deleted: true`), which is how a client learns
 * that a change_external_tag delete event was real; links to customers go at once, as in WeCom.
 */
import { sql, type SimDb } from './store'

export interface TagGroupRow {
  group_id: string
  name: string
  order: number
  create_time: number
  deleted: number
  /** The agentid of the app that created it; null for console-made groups. */
  creator_agentid: string | null
}

export interface TagRow {
  id: string
  group_id: string
  name: string
  order: number
  create_time: number
  deleted: number
  /** Tags carry their own creator: an app may add tags to a console-made group. */
  creator_agentid: string | null
}

export function listGroups(db: SimDb): TagGroupRow[] {
  return sql(db, 'SELECT * FROM tag_groups WHERE deleted = 0 ORDER BY "order" DESC, create_time, group_id').all() as TagGroupRow[]
}

export function getGroup(db: SimDb, groupId: string): TagGroupRow | undefined {
  return sql(db, 'SELECT * FROM tag_groups WHERE group_id = ?').get(groupId) as TagGroupRow | undefined
}

export function findGroupByName(db: SimDb, name: string): TagGroupRow | undefined {
  return sql(db, 'SELECT * FROM tag_groups WHERE name = ? AND deleted = 0').get(name) as TagGroupRow | undefined
}

export function getTag(db: SimDb, tagId: string): TagRow | undefined {
  return sql(db, 'SELECT * FROM tags WHERE id = ?').get(tagId) as TagRow | undefined
}

export function tagsOfGroup(db: SimDb, groupId: string, includeDeleted: boolean): TagRow[] {
  const where = includeDeleted ? '' : 'AND deleted = 0'
  return sql(db, `SELECT * FROM tags WHERE group_id = ? ${where} ORDER BY "order" DESC, create_time, id`).all(
    groupId,
  ) as TagRow[]
}

export function insertGroup(db: SimDb, g: Omit<TagGroupRow, 'deleted'>): void {
  sql(db, 'INSERT INTO tag_groups (group_id, name, "order", create_time, creator_agentid) VALUES (?, ?, ?, ?, ?)').run(
    g.group_id, g.name, g.order, g.create_time, g.creator_agentid,
  )
}

export function insertTag(db: SimDb, t: Omit<TagRow, 'deleted'>): void {
  sql(db, 'INSERT INTO tags (id, group_id, name, "order", create_time, creator_agentid) VALUES (?, ?, ?, ?, ?, ?)').run(
    t.id, t.group_id, t.name, t.order, t.create_time, t.creator_agentid,
  )
}

export function updateGroup(db: SimDb, groupId: string, patch: { name?: string; order?: number }): void {
  sql(db, 'UPDATE tag_groups SET name = coalesce(?, name), "order" = coalesce(?, "order") WHERE group_id = ?').run(
    patch.name ?? null, patch.order ?? null, groupId,
  )
}

export function updateTag(db: SimDb, tagId: string, patch: { name?: string; order?: number }): void {
  sql(db, 'UPDATE tags SET name = coalesce(?, name), "order" = coalesce(?, "order") WHERE id = ?').run(
    patch.name ?? null, patch.order ?? null, tagId,
  )
}

/** Marks tags deleted and takes them off every customer. */
export function deleteTags(db: SimDb, tagIds: readonly string[]): void {
  for (const id of tagIds) {
    sql(db, 'UPDATE tags SET deleted = 1 WHERE id = ?').run(id)
    // instr() skips the JSON work on the relations that cannot hold the tag.
    sql(
      db,
      `UPDATE relations SET tag_ids = (SELECT json_group_array(value) FROM json_each(tag_ids) WHERE value <> ?)
       WHERE instr(tag_ids, ?) > 0`,
    ).run(id, JSON.stringify(id))
  }
}

export function deleteGroup(db: SimDb, groupId: string): void {
  deleteTags(db, tagsOfGroup(db, groupId, false).map((t) => t.id))
  sql(db, 'UPDATE tag_groups SET deleted = 1 WHERE group_id = ?').run(groupId)
}
