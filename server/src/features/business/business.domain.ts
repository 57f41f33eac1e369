/**
 * Business-record rules as pure functions: who may use a template, what a filled-in value
 * must look like per field type, what counts as changing a locked template, and the one-line
 * summary the timeline shows.
 */
import { isEmptyValue, type BusinessField, type BusinessFieldsInput, type BusinessValue } from '@kelan/shared'
import type { z } from 'zod'

// The per-type value rules are shared with the h5 form (shared/src/business-values.ts).
export { checkValue, isPhone, isRealDate, validateValues, type ValuesCheck } from '@kelan/shared'

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
    if (isEmptyValue(value)) continue
    const text = formatValue(value as BusinessValue)
    if (text) parts.push(`${field.name}：${clip(text, SUMMARY_VALUE_MAX)}`)
  }
  return clip(parts.join('；'), SUMMARY_MAX)
}

