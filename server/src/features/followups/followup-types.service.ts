/**
 * Follow-up types (跟进方式), as the admin configures them and the form offers them. 笔记 is
 * created on first read, stays first, and can be neither deleted nor disabled; a type used
 * by records can be disabled, not deleted (the records keep its name either way).
 */
import type { CreateFollowupTypeInput, FollowupType, FollowupTypeList, UpdateFollowupTypeInput } from '@kelan/shared'
import { IMMEDIATE } from '../../db/client'
import type { Deps } from '../../deps'
import { AppError, forbidden, notFound } from '../../lib/errors'
import { reorderProblem } from './followups.domain'
import * as repo from './followup-types.repo'

const toType = (row: repo.FollowupTypeRow, usage?: number): FollowupType => ({
  id: row.id,
  name: row.name,
  enabled: row.enabled,
  builtin: row.builtin === 'note',
  ...(usage === undefined ? {} : { usage }),
})

const nameTaken = (name: string) => new AppError('NAME_TAKEN', 409, `类型「${name}」已存在`)

/** Every type with its usage, 笔记 first (the admin's list). */
export function listAdminTypes(deps: Deps): FollowupTypeList {
  repo.ensureNoteType(deps.db, deps.corpId, deps.clock.now())
  return { items: repo.listTypesWithUsage(deps.db, deps.corpId).map((r) => toType(r, r.usage)) }
}

/** The enabled types, 笔记 first (the follow-up form's choices). */
export function listFormTypes(deps: Deps): FollowupTypeList {
  repo.ensureNoteType(deps.db, deps.corpId, deps.clock.now())
  return { items: repo.listEnabledTypes(deps.db, deps.corpId).map((r) => toType(r)) }
}

/** Adds a type at the end; a name already used is a 409 NAME_TAKEN. */
export function createType(deps: Deps, input: CreateFollowupTypeInput): FollowupType {
  const now = deps.clock.now()
  return deps.db.transaction(() => {
    repo.ensureNoteType(deps.db, deps.corpId, now)
    if (repo.findTypeByName(deps.db, deps.corpId, input.name)) throw nameTaken(input.name)
    return toType(repo.insertType(deps.db, deps.corpId, input.name, now), 0)
  }, IMMEDIATE)
}

/** Renames, enables or disables a type; 笔记 cannot be disabled (403). */
export function updateType(deps: Deps, id: number, input: UpdateFollowupTypeInput): FollowupType {
  const now = deps.clock.now()
  return deps.db.transaction(() => {
    const row = repo.findType(deps.db, deps.corpId, id)
    if (!row) throw notFound('跟进类型')
    if (row.builtin === 'note' && input.enabled === false) throw forbidden('笔记是默认类型，不能停用')
    if (input.name !== undefined && input.name !== row.name && repo.findTypeByName(deps.db, deps.corpId, input.name)) {
      throw nameTaken(input.name)
    }
    repo.updateType(deps.db, deps.corpId, id, input, now)
    return toType({ ...row, ...input }, repo.countFollowupsOfType(deps.db, deps.corpId, id))
  }, IMMEDIATE)
}

/** Sets the order from every type's id, 笔记 first; anything else is a 400. */
export function reorderTypes(deps: Deps, ids: readonly number[]): FollowupTypeList {
  const now = deps.clock.now()
  deps.db.transaction(() => {
    repo.ensureNoteType(deps.db, deps.corpId, now)
    const existing = repo.listTypesWithUsage(deps.db, deps.corpId).map((r) => ({ id: r.id, builtin: r.builtin === 'note' }))
    const problem = reorderProblem(ids, existing)
    if (problem) throw new AppError('VALIDATION_FAILED', 400, problem, { issues: [{ path: 'json.ids', message: problem }] })
    repo.setTypeOrder(deps.db, deps.corpId, ids, now)
  }, IMMEDIATE)
  return listAdminTypes(deps)
}

/**
 * Deletes an unused type. 笔记 is refused (403); a type with records is refused with 409
 * TYPE_IN_USE and their count (disable it instead).
 */
export function deleteType(deps: Deps, id: number): void {
  deps.db.transaction(() => {
    const row = repo.findType(deps.db, deps.corpId, id)
    if (!row) throw notFound('跟进类型')
    if (row.builtin === 'note') throw forbidden('笔记是默认类型，不能删除')
    const used = repo.countFollowupsOfType(deps.db, deps.corpId, id)
    if (used > 0) {
      throw new AppError('TYPE_IN_USE', 409, `已有 ${used} 条跟进记录使用该类型，不能删除，可停用`, { details: { followups: used } })
    }
    repo.deleteType(deps.db, deps.corpId, id)
  }, IMMEDIATE)
}
