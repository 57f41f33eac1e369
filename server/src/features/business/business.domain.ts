/**
 * Business-record rules as pure functions: who may use a template, what a filled-in value
 * must look like per field type, what counts as changing a locked template, and the one-line
 * summary the timeline shows.
 */
import {
  BUSINESS_LIMITS,
  DATE_PATTERN,
  LANDLINE_PATTERN,
  MOBILE_PATTERN,
  type BusinessField,
  type BusinessFieldsInput,
  type BusinessValue,
  type ErrorIssue,
} from '@kelan/shared'
import type { z } from 'zod'

/** The admin's parsed field list (ids optional, options only on selects). */
export type ParsedFields = z.output<typeof BusinessFieldsInput>

// ---------------------------------------------------------------------------------------
// Template definition

/**
 * The fields to store: kept ids stay (records key values by them), new fields get one from
 * `newId`.
 *
 * @example withFieldIds([{ name: '预算', type: 'integer', required: true }], () => 'f_1')
 */
export function withFieldIds(fields: ParsedFields, newId: () => string): BusinessField[] {
  return fields.map((f) => ({ ...f, id: f.id ?? newId() }))
}

/** The parts of a template that records depend on; frozen once it has one. */
export type LockedPart = 'name' | 'scope' | 'fields'

interface TemplateShape {
  name: string
  departmentIds: number[]
  userids: string[]
  fields: BusinessField[]
}

const sameList = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i])
const sameSet = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x) => b.includes(x))

/** A field sent back equals the stored one: same id (or none sent), name, type, flag and options. */
function sameField(sent: ParsedFields[number], stored: BusinessField): boolean {
  return (
    (sent.id ?? stored.id) === stored.id &&
    sent.name === stored.name &&
    sent.type === stored.type &&
    sent.required === stored.required &&
    sameList(sent.options ?? [], stored.options ?? [])
  )
}

/**
 * The locked parts a PATCH would really change. The admin form sends the whole template, so
 * unchanged values sent back are not a change.
 */
export function lockedChanges(
  current: TemplateShape,
  patch: { name?: string; departmentIds?: number[]; userids?: string[]; fields?: ParsedFields },
): LockedPart[] {
  const changed: LockedPart[] = []
  if (patch.name !== undefined && patch.name !== current.name) changed.push('name')
  const scopeChanged =
    (patch.departmentIds !== undefined && !sameSet(patch.departmentIds, current.departmentIds)) ||
    (patch.userids !== undefined && !sameSet(patch.userids, current.userids))
  if (scopeChanged) changed.push('scope')
  const fields = patch.fields
  if (fields && !(fields.length === current.fields.length && fields.every((f, i) => sameField(f, current.fields[i]!)))) {
    changed.push('fields')
  }
  return changed
}

/**
 * Whether `ids` is exactly the corp's templates (each once): an order computed from a stale
 * list (a template added or deleted meanwhile) is refused rather than half-applied.
 */
export function isCompleteOrder(ids: readonly number[], existing: readonly number[]): boolean {
  return ids.length === existing.length && new Set(ids).size === ids.length && ids.every((id) => existing.includes(id))
}

// ---------------------------------------------------------------------------------------
// Who may use a template

/**
 * The departments a member belongs to and every department above them. A template scoped to
 * 销售部 covers the members of 销售一组 below it: walking up from the member finds 销售部.
 * `parentOf` maps a department to its parent (the root's parent, 0, is absent or 0).
 */
export function departmentsWithAncestors(own: readonly number[], parentOf: ReadonlyMap<number, number>): Set<number> {
  const seen = new Set<number>()
  for (const start of own) {
    // `seen` also stops a cycle in bad data from looping forever.
    for (let id: number | undefined = start; id && !seen.has(id); id = parentOf.get(id)) seen.add(id)
  }
  return seen
}

export interface TemplateScope {
  departmentIds: readonly number[]
  userids: readonly string[]
}

/**
 * The scope rule: both lists empty = everyone; otherwise the member is named, or belongs to
 * a named department or one below it. `memberDepartments` comes from `departmentsWithAncestors`.
 */
export function mayUseTemplate(scope: TemplateScope, userid: string, memberDepartments: ReadonlySet<number>): boolean {
  if (scope.departmentIds.length === 0 && scope.userids.length === 0) return true
  return scope.userids.includes(userid) || scope.departmentIds.some((id) => memberDepartments.has(id))
}

// ---------------------------------------------------------------------------------------
// Values

type Check = { value: BusinessValue } | { error: string }

const codePoints = (s: string) => [...s].length

const isEmpty = (raw: unknown) =>
  raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '') || (Array.isArray(raw) && raw.length === 0)

function checkText(raw: unknown, max: number): Check {
  if (typeof raw !== 'string') return { error: '请填写文字' }
  const value = raw.trim()
  return codePoints(value) > max ? { error: `最多 ${max} 个字` } : { value }
}

function checkSelect(raw: unknown, options: readonly string[]): Check {
  if (typeof raw !== 'string' || !options.includes(raw)) return { error: '请从选项中选择' }
  return { value: raw }
}

function checkMultiselect(raw: unknown, options: readonly string[]): Check {
  if (!Array.isArray(raw) || !raw.every((x): x is string => typeof x === 'string' && options.includes(x))) {
    return { error: '请从选项中选择' }
  }
  if (new Set(raw).size !== raw.length) return { error: '选项重复' }
  // Stored in the template's order, so two records with the same choices read the same.
  return { value: options.filter((o) => raw.includes(o)) }
}

/** A real calendar date: 2024-02-30 matches the pattern but is refused. */
export function isRealDate(s: string): boolean {
  if (!DATE_PATTERN.test(s)) return false
  const [y, m, d] = s.split('-').map(Number) as [number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

function checkDate(raw: unknown): Check {
  return typeof raw === 'string' && isRealDate(raw.trim()) ? { value: raw.trim() } : { error: '请填写有效日期（YYYY-MM-DD）' }
}

/** Numbers may arrive as JSON numbers or as the digits typed into the form. */
function toNumber(raw: unknown, pattern: RegExp): number | undefined {
  if (typeof raw === 'number') return raw
  if (typeof raw === 'string' && pattern.test(raw.trim())) return Number(raw.trim())
  return undefined
}

function checkInteger(raw: unknown): Check {
  const n = toNumber(raw, /^[-+]?\d{1,16}$/)
  if (n === undefined || !Number.isInteger(n)) return { error: '请填写整数' }
  if (!Number.isSafeInteger(n)) return { error: '数值超出范围' }
  return { value: n + 0 } // + 0 turns -0 into 0
}

/**
 * At most `decimalPlaces` places: `toFixed` rounds to the nearest two-place decimal, which
 * parses back to the same double exactly when the value had no more places than that.
 */
function checkDecimal(raw: unknown): Check {
  const n = toNumber(raw, /^[-+]?\d{1,14}(\.\d{1,15})?$/)
  if (n === undefined || !Number.isFinite(n)) return { error: '请填写数字' }
  if (Math.abs(n) >= BUSINESS_LIMITS.decimalMax) return { error: '数值超出范围' }
  if (Number(n.toFixed(BUSINESS_LIMITS.decimalPlaces)) !== n) return { error: `最多 ${BUSINESS_LIMITS.decimalPlaces} 位小数` }
  return { value: n + 0 }
}

/** A mainland mobile number or a landline with its area code. */
export function isPhone(s: string): boolean {
  return MOBILE_PATTERN.test(s) || LANDLINE_PATTERN.test(s)
}

function checkPhone(raw: unknown): Check {
  const value = typeof raw === 'string' ? raw.trim() : ''
  return isPhone(value) ? { value } : { error: '请填写正确的手机号或带区号的座机号' }
}

/** One non-empty value against its field's type. */
export function checkValue(field: BusinessField, raw: unknown): Check {
  switch (field.type) {
    case 'text':
      return checkText(raw, BUSINESS_LIMITS.text)
    case 'textarea':
      return checkText(raw, BUSINESS_LIMITS.textarea)
    case 'select':
      return checkSelect(raw, field.options ?? [])
    case 'multiselect':
      return checkMultiselect(raw, field.options ?? [])
    case 'date':
      return checkDate(raw)
    case 'integer':
      return checkInteger(raw)
    case 'decimal':
      return checkDecimal(raw)
    case 'phone':
      return checkPhone(raw)
  }
}

const isChoice = (field: BusinessField) => field.type === 'select' || field.type === 'multiselect' || field.type === 'date'

export type ValuesCheck = { ok: true; values: Record<string, BusinessValue> } | { ok: false; issues: ErrorIssue[] }

/**
 * Checks a submitted form against the template's fields: required ones filled, each value of
 * its type, no field the template does not have (a form opened before the template changed).
 * Empty optional fields are left out of the stored values. Issues are keyed by field id.
 *
 * @example validateValues([{ id: 'f1', name: '预算', type: 'integer', required: true }], { f1: '12.5' })
 * // { ok: false, issues: [{ path: 'f1', message: '请填写整数' }] }
 */
export function validateValues(fields: readonly BusinessField[], raw: Record<string, unknown>): ValuesCheck {
  const issues: ErrorIssue[] = []
  const values: Record<string, BusinessValue> = {}
  for (const field of fields) {
    const input = raw[field.id]
    if (isEmpty(input)) {
      if (field.required) issues.push({ path: field.id, message: isChoice(field) ? `请选择${field.name}` : `请填写${field.name}` })
      continue
    }
    const result = checkValue(field, input)
    if ('error' in result) issues.push({ path: field.id, message: result.error })
    else values[field.id] = result.value
  }
  const known = new Set(fields.map((f) => f.id))
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) issues.push({ path: key, message: '模板已更新，该字段不存在，请刷新后重填' })
  }
  return issues.length ? { ok: false, issues } : { ok: true, values }
}

// ---------------------------------------------------------------------------------------
// Display

const SUMMARY_VALUE_MAX = 20
const SUMMARY_MAX = 100

function clip(s: string, max: number): string {
  const chars = [...s]
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : s
}

/** A stored value as text: options joined with 、, whitespace (line breaks too) collapsed. */
export function formatValue(value: BusinessValue): string {
  if (Array.isArray(value)) return value.join('、')
  return String(value).replace(/\s+/g, ' ').trim()
}

/**
 * One line for the timeline and lists: the filled-in fields in the template's order, as
 * 「名称：值」 joined with ；. Each value is cut at 20 characters and the line at 100 (with
 * …); fields left empty are skipped; '' when nothing was filled in.
 *
 * @example summarizeRecord(fields, { f1: '年卡', f2: 5000 }) // '意向产品：年卡；预算：5000'
 */
export function summarizeRecord(fields: readonly BusinessField[], values: Readonly<Record<string, unknown>>): string {
  const parts: string[] = []
  for (const field of fields) {
    const value = values[field.id]
    if (isEmpty(value)) continue
    const text = formatValue(value as BusinessValue)
    if (text) parts.push(`${field.name}：${clip(text, SUMMARY_VALUE_MAX)}`)
  }
  return clip(parts.join('；'), SUMMARY_MAX)
}

