/**
 * What a filled-in business-record value must look like, per field type: one rule for the
 * server (the authority) and the 业务记录 form (which marks a field before sending).
 */
import { BUSINESS_LIMITS, DATE_PATTERN, LANDLINE_PATTERN, MOBILE_PATTERN, type BusinessField, type BusinessValue } from './business'
import type { ErrorIssue } from './errors'

/** A value as stored, or why it is refused. */
export type ValueCheck = { value: BusinessValue } | { error: string }

const codePoints = (s: string) => [...s].length

/** Nothing filled in: absent, blank text or no option chosen. */
export const isEmptyValue = (raw: unknown): boolean =>
  raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '') || (Array.isArray(raw) && raw.length === 0)

function checkText(raw: unknown, max: number): ValueCheck {
  if (typeof raw !== 'string') return { error: '请填写文字' }
  const value = raw.trim()
  return codePoints(value) > max ? { error: `最多 ${max} 个字` } : { value }
}

function checkSelect(raw: unknown, options: readonly string[]): ValueCheck {
  if (typeof raw !== 'string' || !options.includes(raw)) return { error: '请从选项中选择' }
  return { value: raw }
}

function checkMultiselect(raw: unknown, options: readonly string[]): ValueCheck {
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

function checkDate(raw: unknown): ValueCheck {
  return typeof raw === 'string' && isRealDate(raw.trim()) ? { value: raw.trim() } : { error: '请填写有效日期（YYYY-MM-DD）' }
}

/** Numbers may arrive as JSON numbers or as the digits typed into the form. */
function toNumber(raw: unknown, pattern: RegExp): number | undefined {
  if (typeof raw === 'number') return raw
  if (typeof raw === 'string' && pattern.test(raw.trim())) return Number(raw.trim())
  return undefined
}

function checkInteger(raw: unknown): ValueCheck {
  const n = toNumber(raw, /^[-+]?\d{1,16}$/)
  if (n === undefined || !Number.isInteger(n)) return { error: '请填写整数' }
  if (!Number.isSafeInteger(n)) return { error: '数值超出范围' }
  return { value: n + 0 } // + 0 turns -0 into 0
}

/**
 * At most `decimalPlaces` places: `toFixed` rounds to the nearest two-place decimal, which
 * parses back to the same double exactly when the value had no more places than that.
 */
function checkDecimal(raw: unknown): ValueCheck {
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

function checkPhone(raw: unknown): ValueCheck {
  const value = typeof raw === 'string' ? raw.trim() : ''
  return isPhone(value) ? { value } : { error: '请填写正确的手机号或带区号的座机号' }
}

/** One non-empty value against its field's type. */
export function checkValue(field: BusinessField, raw: unknown): ValueCheck {
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
    if (isEmptyValue(input)) {
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
