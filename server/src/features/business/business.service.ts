/**
 * Business-record templates (admin) and records (anyone who may see the customer). Services
 * take Deps and the viewer; the admin role is checked by the routes.
 */
import { randomBytes } from 'node:crypto'
import type {
  BusinessRecord,
  BusinessRecordPage,
  BusinessScopeOptions,
  BusinessTemplate,
  BusinessTemplateList,
  BusinessValue,
  CreateBusinessRecordInput,
  CreateBusinessTemplateInput,
  ErrorIssue,
  UpdateBusinessTemplateInput,
  UsableBusinessTemplateList,
} from '@kelan/shared'
import type { z } from 'zod'
import type { Viewer } from '../../app-env'
import { IMMEDIATE, type Db } from '../../db/client'
import type { Deps } from '../../deps'
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../../lib/cursor'
import { AppError, forbidden, notFound } from '../../lib/errors'
import { findVisibleCustomer } from '../customers/customers.repo'
import {
  departmentsWithAncestors,
  isCompleteOrder,
  lockedChanges,
  mayUseTemplate,
  summarizeRecord,
  validateValues,
  withFieldIds,
  type LockedPart,
} from './business.domain'
import * as repo from './business.repo'

type CreateTemplate = z.output<typeof CreateBusinessTemplateInput>
type UpdateTemplate = z.output<typeof UpdateBusinessTemplateInput>
type CreateRecord = z.output<typeof CreateBusinessRecordInput>

/** Field ids: short, random, never reused within a template. */
const newFieldId = () => `f_${randomBytes(6).toString('base64url')}`

const templateNotFound = () => notFound('业务记录模板')

// ---------------------------------------------------------------------------------------
// Admin: templates

interface ScopeNames {
  departments: Map<number, string>
  staff: Map<string, string>
}

/** Names of the departments and members the templates' scopes mention, looked up once. */
function scopeNames(db: Db, corpId: string, rows: readonly repo.TemplateRow[]): ScopeNames {
  return {
    departments: new Map(repo.departmentRows(db, corpId).map((d) => [d.id, d.name])),
    staff: repo.staffNames(db, corpId, [...new Set(rows.flatMap((r) => r.userids))]),
  }
}

function toTemplate(row: repo.TemplateRow, recordCount: number, names: ScopeNames): BusinessTemplate {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    departments: row.departmentIds.map((id) => ({ id, name: names.departments.get(id) ?? String(id) })),
    users: row.userids.map((userid) => ({ userid, name: names.staff.get(userid) ?? userid })),
    fields: row.fields,
    enabled: row.enabled,
    sort: row.sort,
    recordCount,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

const oneTemplate = (db: Db, row: repo.TemplateRow, recordCount: number) => toTemplate(row, recordCount, scopeNames(db, row.corpId, [row]))

export function listTemplates(deps: Deps, viewer: Viewer): BusinessTemplateList {
  const counts = repo.recordCounts(deps.db, viewer.corpId)
  const rows = repo.listTemplates(deps.db, viewer.corpId)
  const names = scopeNames(deps.db, viewer.corpId, rows)
  return { items: rows.map((row) => toTemplate(row, counts.get(row.id) ?? 0, names)) }
}

export function getTemplate(deps: Deps, viewer: Viewer, id: number): BusinessTemplate {
  const row = repo.findTemplate(deps.db, viewer.corpId, id)
  if (!row) throw templateNotFound()
  return oneTemplate(deps.db, row, repo.countTemplateRecords(deps.db, viewer.corpId, id))
}

export function scopeOptions(deps: Deps, viewer: Viewer): BusinessScopeOptions {
  return { departments: repo.departmentRows(deps.db, viewer.corpId), staff: repo.activeStaff(deps.db, viewer.corpId) }
}

const nameTaken = (name: string) => new AppError('NAME_TAKEN', 409, `模板名称「${name}」已存在`)

/**
 * 400 naming the departments / members that do not exist (a picker working from a stale list).
 * Paths as `validate()` writes them, so the form reads both alike.
 */
function checkScopeExists(db: Db, corpId: string, scope: { departmentIds?: number[]; userids?: string[] }): void {
  const issues: ErrorIssue[] = []
  const known = new Set(repo.departmentRows(db, corpId).map((d) => d.id))
  const missingDepts = (scope.departmentIds ?? []).filter((id) => !known.has(id))
  if (missingDepts.length) issues.push({ path: 'json.departmentIds', message: `部门不存在：${missingDepts.join('、')}` })
  const names = repo.staffNames(db, corpId, scope.userids ?? [])
  const missingUsers = (scope.userids ?? []).filter((u) => !names.has(u))
  if (missingUsers.length) issues.push({ path: 'json.userids', message: `成员不存在：${missingUsers.join('、')}` })
  if (issues.length) throw new AppError('VALIDATION_FAILED', 400, issues[0]!.message, { issues })
}

/** @throws AppError NAME_TAKEN (409), VALIDATION_FAILED (400) for unknown departments / members */
export function createTemplate(deps: Deps, viewer: Viewer, input: CreateTemplate): BusinessTemplate {
  const { db } = deps
  const row = db.transaction(() => {
    checkScopeExists(db, viewer.corpId, input)
    if (repo.nameTaken(db, viewer.corpId, input.name)) throw nameTaken(input.name)
    const now = deps.clock.now()
    return repo.insertTemplate(db, {
      corpId: viewer.corpId,
      name: input.name,
      description: input.description,
      departmentIds: input.departmentIds,
      userids: input.userids,
      fields: withFieldIds(input.fields, newFieldId),
      enabled: input.enabled,
      sort: repo.nextSort(db, viewer.corpId),
      createdBy: viewer.userid,
      createdAt: now,
      updatedAt: now,
    })
  }, IMMEDIATE)
  return oneTemplate(db, row, 0)
}

const LOCKED_LABELS: Record<LockedPart, string> = { name: '名称', scope: '使用范围', fields: '字段' }

const inUse = (what: string, records: number) =>
  new AppError('TEMPLATE_IN_USE', 409, `该模板已有 ${records} 条业务记录，不能${what}，如不再使用请停用`, { details: { records } })

/**
 * Applies a PATCH. With records, a real change of name, scope or fields is refused; the
 * description and enabled flag stay editable (the documented exception, see
 * UpdateBusinessTemplateInput: records copy name and fields, not the description).
 *
 * @throws AppError NOT_FOUND (404), TEMPLATE_IN_USE (409), NAME_TAKEN (409), VALIDATION_FAILED (400)
 */
export function updateTemplate(deps: Deps, viewer: Viewer, id: number, patch: UpdateTemplate): BusinessTemplate {
  const { db } = deps
  const { row, records } = db.transaction(() => {
    const current = repo.findTemplate(db, viewer.corpId, id)
    if (!current) throw templateNotFound()
    const records = repo.countTemplateRecords(db, viewer.corpId, id)
    const locked = lockedChanges(current, patch)
    if (records > 0 && locked.length) throw inUse(`修改${locked.map((p) => LOCKED_LABELS[p]).join('、')}`, records)
    // Only ids added now must exist: one the template already names may have left WeCom since.
    checkScopeExists(db, viewer.corpId, {
      departmentIds: patch.departmentIds?.filter((d) => !current.departmentIds.includes(d)),
      userids: patch.userids?.filter((u) => !current.userids.includes(u)),
    })
    if (patch.name !== undefined && repo.nameTaken(db, viewer.corpId, patch.name, id)) throw nameTaken(patch.name)
    // Fields sent back unchanged keep their stored ids, even if the form left the ids out.
    const fields = patch.fields && locked.includes('fields') ? withFieldIds(patch.fields, newFieldId) : undefined
    const row = repo.updateTemplate(db, viewer.corpId, id, {
      name: patch.name,
      description: patch.description,
      departmentIds: patch.departmentIds,
      userids: patch.userids,
      fields,
      enabled: patch.enabled,
      updatedAt: deps.clock.now(),
    })
    return { row: row!, records }
  }, IMMEDIATE)
  return oneTemplate(db, row, records)
}

export function setTemplateEnabled(deps: Deps, viewer: Viewer, id: number, enabled: boolean): BusinessTemplate {
  return updateTemplate(deps, viewer, id, { enabled })
}

/** @throws AppError NOT_FOUND (404), TEMPLATE_IN_USE (409) when it has records */
export function deleteTemplate(deps: Deps, viewer: Viewer, id: number): void {
  const { db } = deps
  db.transaction(() => {
    if (!repo.findTemplate(db, viewer.corpId, id)) throw templateNotFound()
    const records = repo.countTemplateRecords(db, viewer.corpId, id)
    if (records > 0) throw inUse('删除', records)
    repo.deleteTemplate(db, viewer.corpId, id)
  }, IMMEDIATE)
}

/** @throws AppError CONFLICT (409) when `ids` is not exactly the corp's templates */
export function reorderTemplates(deps: Deps, viewer: Viewer, ids: number[]): BusinessTemplateList {
  const { db } = deps
  db.transaction(() => {
    const existing = repo.listTemplates(db, viewer.corpId).map((t) => t.id)
    if (!isCompleteOrder(ids, existing)) throw new AppError('CONFLICT', 409, '模板列表已变化，请刷新后重新排序')
    repo.placeTemplates(db, viewer.corpId, ids, deps.clock.now())
  }, IMMEDIATE)
  return listTemplates(deps, viewer)
}

// ---------------------------------------------------------------------------------------
// Using templates

/**
 * Whether the viewer may write records with a template. Admins may use every template: they
 * define them and write records from the admin customer page for any customer.
 */
function usableBy(db: Db, viewer: Viewer): (scope: repo.TemplateRow) => boolean {
  if (viewer.role === 'admin') return () => true
  const parentOf = new Map(repo.departmentRows(db, viewer.corpId).map((d) => [d.id, d.parentId]))
  const memberDepts = departmentsWithAncestors(repo.memberDepartmentIds(db, viewer.corpId, viewer.userid), parentOf)
  return (t) => mayUseTemplate(t, viewer.userid, memberDepts)
}

/** The enabled templates the viewer may use, in the admin's order. */
export function usableTemplates(deps: Deps, viewer: Viewer): UsableBusinessTemplateList {
  const usable = usableBy(deps.db, viewer)
  const items = repo
    .listTemplates(deps.db, viewer.corpId)
    .filter((t) => t.enabled && usable(t))
    .map((t) => ({ id: t.id, name: t.name, description: t.description, fields: t.fields }))
  return { items }
}

// ---------------------------------------------------------------------------------------
// Records

function toRecord(row: repo.RecordWithAuthor): BusinessRecord {
  // Values were checked against `fields` when written.
  const values = row.values as Record<string, BusinessValue>
  return {
    id: row.id,
    externalUserId: row.externalUserid,
    templateId: row.templateId,
    templateName: row.templateName,
    fields: row.fields,
    values,
    summary: summarizeRecord(row.fields, values),
    author: { userid: row.author, name: row.authorName, avatar: row.authorAvatar },
    source: row.source,
    createdAt: row.createdAt,
  }
}

function visibleCustomerOrThrow(deps: Deps, viewer: Viewer, externalUserid: string): void {
  if (!findVisibleCustomer(deps.db, viewer, externalUserid)) throw notFound('客户')
}

/** The first record written with this clientKey, when the same submit arrives again. */
function repeatedSubmit(db: Db, viewer: Viewer, externalUserid: string, clientKey: string): repo.RecordRow | undefined {
  const earlier = repo.findRecordByClientKey(db, viewer.corpId, viewer.userid, clientKey)
  if (earlier && earlier.externalUserid !== externalUserid) {
    throw new AppError('CONFLICT', 409, '该提交标识已用于另一位客户的记录，请刷新后重试')
  }
  return earlier
}

/** The template a new record uses, or why it may not. */
function templateForRecord(db: Db, viewer: Viewer, templateId: number): repo.TemplateRow {
  const template = repo.findTemplate(db, viewer.corpId, templateId)
  if (!template) throw templateNotFound()
  if (!usableBy(db, viewer)(template)) throw forbidden('你不在该业务记录模板的使用范围内')
  if (!template.enabled) throw new AppError('TEMPLATE_DISABLED', 409, `模板「${template.name}」已停用，请选择其他模板`)
  return template
}

/**
 * Adds a record on a customer in the viewer's scope. A repeated clientKey (double tap, retry
 * after a lost answer) returns the first record with `created: false`, even if the template
 * has been disabled since.
 *
 * @throws AppError NOT_FOUND (404: customer out of scope, or no such template), FORBIDDEN (403:
 *   not in the template's scope), TEMPLATE_DISABLED (409), VALIDATION_FAILED (400 with issues by field id)
 */
export function createRecord(
  deps: Deps,
  viewer: Viewer,
  externalUserid: string,
  input: CreateRecord,
): { record: BusinessRecord; created: boolean } {
  const { db } = deps
  visibleCustomerOrThrow(deps, viewer, externalUserid)
  const { id, created } = db.transaction(() => {
    const earlier = repeatedSubmit(db, viewer, externalUserid, input.clientKey)
    if (earlier) return { id: earlier.id, created: false }
    const template = templateForRecord(db, viewer, input.templateId)
    const check = validateValues(template.fields, input.values)
    if (!check.ok) {
      throw new AppError('VALIDATION_FAILED', 400, `业务记录填写有误：${fieldMessage(template, check.issues[0]!)}`, { issues: check.issues })
    }
    const row = repo.insertRecord(db, {
      corpId: viewer.corpId,
      externalUserid,
      templateId: template.id,
      templateName: template.name,
      fields: template.fields,
      values: check.values,
      author: viewer.userid,
      source: input.source,
      clientKey: input.clientKey,
      createdAt: deps.clock.now(),
    })
    return { id: row.id, created: true }
  }, IMMEDIATE)
  return { record: toRecord(repo.findRecordWithAuthor(db, viewer.corpId, id)!), created }
}

function fieldMessage(template: repo.TemplateRow, issue: ErrorIssue): string {
  const field = template.fields.find((f) => f.id === issue.path)
  return field && !issue.message.includes(field.name) ? `「${field.name}」${issue.message}` : issue.message
}

/** A customer's records, newest first; `nextCursor` null on the last page. */
export function listRecords(
  deps: Deps,
  viewer: Viewer,
  externalUserid: string,
  query: { cursor?: string; limit: number },
): BusinessRecordPage {
  visibleCustomerOrThrow(deps, viewer, externalUserid)
  const cursor = query.cursor === undefined ? undefined : decodeTimeIdCursor(query.cursor)
  if (query.cursor !== undefined && !cursor) {
    throw new AppError('VALIDATION_FAILED', 400, 'cursor 格式不正确', { issues: [{ path: 'query.cursor', message: 'cursor 格式不正确' }] })
  }
  const rows = repo.listRecords(deps.db, viewer.corpId, externalUserid, cursor, query.limit + 1)
  const page = rows.slice(0, query.limit)
  const last = page.at(-1)
  return {
    items: page.map(toRecord),
    nextCursor: rows.length > query.limit && last ? encodeTimeIdCursor({ at: last.createdAt, id: last.id }) : null,
  }
}
