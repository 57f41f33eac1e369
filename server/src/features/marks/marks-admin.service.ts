/**
 * The special-mark list (客户标记管理) for admins and staff granted 'marks': list, picker,
 * create, edit, remove, history and the setting of which tags are marks. Writes run in one
 * IMMEDIATE transaction with the enforcement they cause (the marks core's `enforceMarks`), so
 * a mark never stands without its tag and remark on their way to WeCom.
 */
import type {
  CreateMarksInput,
  CreateMarksResult,
  Mark,
  MarkCandidatePage,
  MarkCandidateQuery,
  MarkHistoryPage,
  MarkListQuery,
  MarkPage,
  MarkSettings,
  MarkSource,
  MarkTarget,
  UpdateMarkInput,
  UpdateMarkSettingsInput,
} from '@kelan/shared'
import type { Viewer } from '../../app-env'
import { IMMEDIATE } from '../../db/client'
import type { Deps } from '../../deps'
import { AppError, forbidden, notFound } from '../../lib/errors'
import {
  editDiff,
  markEventText,
  staffRef,
  tagRef,
  tagsStillInUse,
  targetKey,
  targetUnionid,
  toMark,
  uniqueTargets,
  type MarkListRow,
  type ResolvedTarget,
} from './marks-admin.domain'
import { loadTagMeta } from '../tags/tags.repo'
import * as repo from './marks-admin.repo'
import { forcedRemark } from './marks.domain'
import { applyMarkEdit, enforceMarks } from './marks.enforce'
import { deleteUnsentMarkNotices, insertMarkEvent, markTagIds, removeMarkRow, type MarkRow } from './marks.repo'

/** A list row as the API shows it; the remark is made of the mark's own copies of the names. */
const rowToMark = (row: MarkListRow) => toMark(row, forcedRemark({ remark: row.remark, tagName: row.markTagName, name: row.markName }))

/** Marks by id as the API shows them. */
function marksById(deps: Deps, ids: readonly number[]): Mark[] {
  return repo.findMarkListRows(deps.db, deps.corpId, ids).map(rowToMark)
}

/** A page of the list, newest first. */
export function listMarkPage(deps: Deps, query: MarkListQuery): MarkPage {
  const { rows, total } = repo.listMarks(deps.db, deps.corpId, query)
  return { items: rows.map(rowToMark), total }
}

/** The 选择客户 picker: every customer of the corp (marks are corp-wide), marked ones flagged. */
export function listMarkCandidates(deps: Deps, query: MarkCandidateQuery): MarkCandidatePage {
  const { rows, total } = repo.listCandidates(deps.db, deps.corpId, query)
  return { items: rows.map((r) => ({ externalUserId: r.externalUserid, unionid: r.unionid, name: r.name, avatar: r.avatar, marked: r.marked })), total }
}

/** The tag as a mark tag, or 400 NOT_MARK_TAG. */
function requireMarkTag(deps: Deps, tagId: string): { id: string; name: string } {
  const allowed = new Set(markTagIds(deps.db, deps.corpId))
  const tag = allowed.has(tagId) ? repo.findTagRefs(deps.db, deps.corpId, [tagId])[0] : undefined
  if (!tag) throw new AppError('NOT_MARK_TAG', 400, '该标签不是客户标记标签，请选择设置中的标记标签', { details: { tagId } })
  return { id: tag.id, name: tag.name }
}

/**
 * Who the targets are: an external_userid must be a customer Kelan knows (400 otherwise); a
 * unionid names the known customer who has it, or stands alone for one nobody added yet.
 */
function resolveTargets(deps: Deps, targets: readonly MarkTarget[]): ResolvedTarget[] {
  const ids = targets.flatMap((t) => ('externalUserId' in t ? [t.externalUserId] : []))
  const unionids = targets.flatMap((t) => ('unionid' in t ? [t.unionid] : []))
  const byId = repo.findCustomersByIds(deps.db, deps.corpId, ids)
  const missing = ids.filter((id) => !byId.has(id))
  if (missing.length) throw new AppError('VALIDATION_FAILED', 400, '客户不存在', { details: { externalUserIds: missing } })
  const byUnionid = repo.findCustomersByUnionids(deps.db, deps.corpId, unionids)
  return uniqueTargets(
    targets.map((t): ResolvedTarget => {
      if ('externalUserId' in t) return { known: true, customer: byId.get(t.externalUserId)! }
      const customer = byUnionid.get(t.unionid)
      return customer ? { known: true, customer } : { known: false, unionid: t.unionid }
    }),
  )
}

/** What one write of marks puts on each: the tag, remark, reason, where it came from, who, when. */
export interface MarkWrite {
  tag: { id: string; name: string }
  remark: string
  reason: string
  source: MarkSource
  operator: string
  now: number
}

/** The targets already on the list, by their key and name (for 409 ALREADY_MARKED). */
function alreadyMarked(deps: Deps, targets: readonly ResolvedTarget[]): { key: string; name: string }[] {
  const active = repo.findActiveMarksMatching(deps.db, deps.corpId, {
    externalUserids: targets.map((t) => (t.known ? t.customer.externalUserid : '')),
    unionids: targets.map(targetUnionid),
  })
  return targets.flatMap((t) => {
    const ext = t.known ? t.customer.externalUserid : ''
    const unionid = targetUnionid(t)
    const hit = active.find((m) => (ext && m.externalUserid === ext) || (unionid && m.unionid === unionid))
    return hit ? [{ key: targetKey(t), name: (t.known ? t.customer.name : '') || hit.name || targetKey(t) }] : []
  })
}

/**
 * Puts targets on the list: each mark row with its 'added' event, then enforcement for the
 * known customers. Call inside an IMMEDIATE transaction (the check and the inserts must not
 * interleave with another create).
 *
 * @throws AppError ALREADY_MARKED (409) when any target is on the list; nothing is written
 */
export function writeMarks(deps: Deps, write: MarkWrite, targets: readonly ResolvedTarget[]): number[] {
  const clash = alreadyMarked(deps, targets)
  if (clash.length) {
    const names = clash.slice(0, 5).map((c) => c.name).join('、')
    throw new AppError('ALREADY_MARKED', 409, `${names}${clash.length > 5 ? ` 等 ${clash.length} 个客户` : ''}已在标记名单中`, {
      details: { customers: clash },
    })
  }
  const ids = targets.map((t) => {
    const customer = t.known ? t.customer : { externalUserid: '', unionid: t.unionid, name: '', avatar: '' }
    const id = repo.insertMark(deps.db, {
      corpId: deps.corpId,
      externalUserid: customer.externalUserid,
      unionid: customer.unionid,
      name: customer.name,
      avatar: customer.avatar,
      tagId: write.tag.id,
      tagName: write.tag.name,
      remark: write.remark,
      reason: write.reason,
      source: write.source,
      markedBy: write.operator,
      markedAt: write.now,
      updatedAt: write.now,
    })
    insertMarkEvent(deps.db, {
      corpId: deps.corpId,
      markId: id,
      kind: 'added',
      detail: { tagName: write.tag.name, remark: write.remark, reason: write.reason, source: write.source },
      operatorUserid: write.operator,
      at: write.now,
    })
    return id
  })
  const known = targets.flatMap((t) => (t.known ? [t.customer.externalUserid] : []))
  // Enforcement wakes no worker itself: callers wake the outbox after their commit.
  if (known.length) enforceMarks(deps.db, { corpId: deps.corpId, now: write.now, publicUrl: deps.env.publicUrl }, known)
  return ids
}

/**
 * 添加: marks the chosen customers with one tag, remark and reason.
 *
 * @throws AppError NOT_MARK_TAG (400), VALIDATION_FAILED (400) unknown customer, ALREADY_MARKED (409)
 */
export function createMarks(deps: Deps, viewer: Viewer, input: CreateMarksInput): CreateMarksResult {
  const now = deps.clock.now()
  const ids = deps.db.transaction(() => {
    const tag = requireMarkTag(deps, input.tagId)
    const targets = resolveTargets(deps, input.customers)
    const write = { tag, remark: input.remark ?? '', reason: input.reason ?? '', source: 'manual' as const, operator: viewer.userid, now }
    return writeMarks(deps, write, targets)
  }, IMMEDIATE)
  deps.wake?.('outbox')
  return { items: marksById(deps, ids) }
}

/** The mark, or 404; a removed one refused with 409 when `active` is required. */
function requireMark(deps: Deps, id: number, opts: { active: boolean }): MarkRow {
  const mark = repo.findMark(deps.db, deps.corpId, id)
  if (!mark) throw notFound('标记')
  if (opts.active && mark.status !== 'active') throw new AppError('CONFLICT', 409, '该标记已移除')
  return mark
}

/**
 * 编辑: tag, remark and/or reason. A new tag moves from the old one on every relation and the
 * default remark follows its name (the marks core's `applyMarkEdit`); one 'edited' event names
 * what changed.
 *
 * @throws AppError NOT_FOUND (404), CONFLICT (409) removed, NOT_MARK_TAG (400)
 */
export function updateMark(deps: Deps, viewer: Viewer, id: number, input: UpdateMarkInput): Mark {
  const now = deps.clock.now()
  const queued = deps.db.transaction(() => {
    const mark = requireMark(deps, id, { active: true })
    const oldTagName = mark.tagName || mark.tagId
    const newTag = input.tagId !== undefined && input.tagId !== mark.tagId ? requireMarkTag(deps, input.tagId) : undefined
    // Without a new tag, the mark's own tag as the library names it now (gone: keep the stored name).
    const tag = newTag ?? { id: mark.tagId, name: loadTagMeta(deps.db, deps.corpId, [mark.tagId]).get(mark.tagId)?.name ?? oldTagName }
    const diff = editDiff(
      { tagId: mark.tagId, tagName: oldTagName, remark: mark.remark, reason: mark.reason },
      { tagId: tag.id, tagName: tag.name, remark: input.remark, reason: input.reason },
    )
    if (!diff) return false
    const { tagId, tagName, remark, reason } = diff.after
    repo.updateMarkFields(deps.db, deps.corpId, id, { tagId, tagName, remark, reason, now })
    insertMarkEvent(deps.db, { corpId: deps.corpId, markId: id, kind: 'edited', detail: diff, operatorUserid: viewer.userid, at: now })
    const updated = repo.findMark(deps.db, deps.corpId, id)!
    const ctx = { corpId: deps.corpId, now, publicUrl: deps.env.publicUrl, operator: viewer.userid }
    return applyMarkEdit(deps.db, ctx, updated, mark.tagId).queued
  }, IMMEDIATE)
  if (queued) deps.wake?.('outbox')
  return marksById(deps, [id])[0]!
}

/**
 * 移除: takes the mark off the list. Relations keep the tag and remark; the locks lift; app
 * messages about it not sent yet are dropped. A mark removed already stays as it is (204
 * again, no second event).
 *
 * @throws AppError NOT_FOUND (404)
 */
export function removeMark(deps: Deps, viewer: Viewer, id: number): void {
  const now = deps.clock.now()
  deps.db.transaction(() => {
    requireMark(deps, id, { active: false })
    if (!removeMarkRow(deps.db, deps.corpId, id, { userid: viewer.userid, now })) return
    deleteUnsentMarkNotices(deps.db, deps.corpId, id)
    insertMarkEvent(deps.db, { corpId: deps.corpId, markId: id, kind: 'removed', detail: {}, operatorUserid: viewer.userid, at: now })
  }, IMMEDIATE)
}

/** 历史: a mark's events, newest first, each as one Chinese line. @throws AppError NOT_FOUND */
export function getMarkHistory(deps: Deps, id: number, page: { cursor?: number; limit: number }): MarkHistoryPage {
  requireMark(deps, id, { active: false })
  const rows = repo.listMarkEvents(deps.db, deps.corpId, id, { cursor: page.cursor, limit: page.limit + 1 })
  const items = rows.slice(0, page.limit).map((r) => {
    const follower = r.userid ? staffRef(r.userid, r.followerName) : null
    return {
      id: r.id,
      kind: r.kind,
      follower,
      operator: r.operatorUserid ? staffRef(r.operatorUserid, r.operatorName) : null,
      text: markEventText(r.kind, r.detail, follower?.name ?? null),
      at: r.at,
    }
  })
  return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null }
}

/** Which tags are marks, and who besides admins manages the list. */
export function getMarkSettings(deps: Deps): MarkSettings {
  const ids = [...markTagIds(deps.db, deps.corpId)]
  const refs = new Map(repo.findTagRefs(deps.db, deps.corpId, ids).map((t) => [t.id, t]))
  return {
    tags: ids.flatMap((id) => {
      const t = refs.get(id)
      return t ? [tagRef(t.id, t.name, t.groupName)] : []
    }),
    managers: repo.listMarkManagers(deps.db, deps.corpId).map((m) => staffRef(m.userid, m.name)),
  }
}

/**
 * Changes which tags are marks (every id must be a tag: 400; one still used by active marks
 * cannot leave: 409 MARK_TAG_IN_USE) and, for admins only (403), who manages the list.
 */
export function updateMarkSettings(deps: Deps, viewer: Viewer, input: UpdateMarkSettingsInput): MarkSettings {
  if (input.managerUserids !== undefined && viewer.role !== 'admin') throw forbidden('只有管理员可以设置标记管理员')
  deps.db.transaction(() => {
    if (input.tagIds !== undefined) saveTags(deps, [...new Set(input.tagIds)])
    if (input.managerUserids !== undefined) saveManagers(deps, viewer, input.managerUserids)
  }, IMMEDIATE)
  return getMarkSettings(deps)
}

function saveTags(deps: Deps, ids: string[]): void {
  const known = new Set(repo.findTagRefs(deps.db, deps.corpId, ids).map((t) => t.id))
  const unknown = ids.filter((id) => !known.has(id))
  if (unknown.length) throw new AppError('VALIDATION_FAILED', 400, '标签不存在，请刷新后重试', { details: { tagIds: unknown } })
  const counts = repo.activeMarkCounts(deps.db, deps.corpId)
  const inUse = tagsStillInUse([...markTagIds(deps.db, deps.corpId)], ids, counts)
  if (inUse.length) {
    const tags = repo.findTagRefs(deps.db, deps.corpId, inUse).map((t) => ({ id: t.id, name: t.name, count: counts.get(t.id) ?? 0 }))
    throw new AppError('MARK_TAG_IN_USE', 409, `标签「${tags.map((t) => t.name).join('」「')}」仍被标记名单中的客户使用，请先移除或改用其他标签`, {
      details: { tags },
    })
  }
  repo.saveMarkTagIds(deps.db, deps.corpId, ids)
}

function saveManagers(deps: Deps, viewer: Viewer, userids: readonly string[]): void {
  const unique = [...new Set(userids)]
  const known = repo.existingStaff(deps.db, deps.corpId, unique)
  const unknown = unique.filter((u) => !known.has(u))
  if (unknown.length) throw new AppError('VALIDATION_FAILED', 400, '成员不存在', { details: { userids: unknown } })
  repo.replaceMarkManagers(deps.db, deps.corpId, unique, { userid: viewer.userid, now: deps.clock.now() })
}
