import { BUSINESS_LIMITS, DATE_PATTERN, LANDLINE_PATTERN, MOBILE_PATTERN, type BusinessField, type BusinessValue } from '@kelan/shared'

// The 业务记录 form's per-type rules, mirroring server/src/features/business/business.domain.ts
// (same patterns and limits from @kelan/shared, same messages), so a field is marked before the
// form is sent. The server checks again and stays the authority.

/** What a field holds while the form is open: text for most, a list for 多选. */
export type DraftValue = string | string[]

export const emptyDraft = (field: BusinessField): DraftValue => (field.type === 'multiselect' ? [] : '')

const isEmpty = (v: DraftValue | undefined) => v === undefined || (Array.isArray(v) ? v.length === 0 : v.trim() === '')
const codePoints = (s: string) => [...s].length
const isChoice = (f: BusinessField) => f.type === 'select' || f.type === 'multiselect' || f.type === 'date'

/** A real calendar date: 2024-02-30 matches the pattern but is refused. */
function isRealDate(s: string): boolean {
  if (!DATE_PATTERN.test(s)) return false
  const [y, m, d] = s.split('-').map(Number) as [number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

function checkInteger(s: string): string | null {
  if (!/^[-+]?\d{1,16}$/.test(s)) return '请填写整数'
  return Number.isSafeInteger(Number(s)) ? null : '数值超出范围'
}

function checkDecimal(s: string): string | null {
  if (!/^[-+]?\d{1,14}(\.\d{1,15})?$/.test(s)) return '请填写数字'
  const n = Number(s)
  if (Math.abs(n) >= BUSINESS_LIMITS.decimalMax) return '数值超出范围'
  return Number(n.toFixed(BUSINESS_LIMITS.decimalPlaces)) === n ? null : `最多 ${BUSINESS_LIMITS.decimalPlaces} 位小数`
}

/** Why one filled-in value is wrong for its field's type, or null. */
export function valueProblem(field: BusinessField, value: DraftValue): string | null {
  if (Array.isArray(value)) {
    const options = field.options ?? []
    return value.every((v) => options.includes(v)) ? null : '请从选项中选择'
  }
  const s = value.trim()
  switch (field.type) {
    case 'text':
      return codePoints(s) > BUSINESS_LIMITS.text ? `最多 ${BUSINESS_LIMITS.text} 个字` : null
    case 'textarea':
      return codePoints(s) > BUSINESS_LIMITS.textarea ? `最多 ${BUSINESS_LIMITS.textarea} 个字` : null
    case 'select':
      return (field.options ?? []).includes(s) ? null : '请从选项中选择'
    case 'multiselect':
      return '请从选项中选择'
    case 'date':
      return isRealDate(s) ? null : '请填写有效日期（YYYY-MM-DD）'
    case 'integer':
      return checkInteger(s)
    case 'decimal':
      return checkDecimal(s)
    case 'phone':
      return MOBILE_PATTERN.test(s) || LANDLINE_PATTERN.test(s) ? null : '请填写正确的手机号或带区号的座机号'
  }
}

export type BusinessFormCheck = { ok: true; values: Record<string, BusinessValue> } | { ok: false; errors: Record<string, string> }

/**
 * Checks the whole form: required fields filled, each value of its type. Answers the values
 * to send (empty optional fields left out, numbers as numbers, 多选 in the template's order) or
 * the message per field id.
 *
 * @example checkBusinessForm([{ id: 'f1', name: '预算', type: 'integer', required: true }], { f1: '12.5' })
 * // { ok: false, errors: { f1: '请填写整数' } }
 */
export function checkBusinessForm(fields: readonly BusinessField[], draft: Readonly<Record<string, DraftValue>>): BusinessFormCheck {
  const errors: Record<string, string> = {}
  const values: Record<string, BusinessValue> = {}
  for (const field of fields) {
    const value = draft[field.id]
    if (value === undefined || isEmpty(value)) {
      if (field.required) errors[field.id] = isChoice(field) ? `请选择${field.name}` : `请填写${field.name}`
      continue
    }
    const problem = valueProblem(field, value)
    if (problem) errors[field.id] = problem
    else if (Array.isArray(value)) values[field.id] = (field.options ?? []).filter((o) => value.includes(o))
    else if (field.type === 'integer' || field.type === 'decimal') values[field.id] = Number(value.trim()) + 0
    else values[field.id] = value.trim()
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, values }
}

/** A stored value as text: options joined with 、. */
export const formatBusinessValue = (value: BusinessValue): string => (Array.isArray(value) ? value.join('、') : String(value))
