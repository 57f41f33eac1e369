import { validateValues, type BusinessField, type BusinessValue } from '@kelan/shared'

// The 业务记录 form checks a field with the server's own rules (shared/src/business-values.ts),
// so a field is marked before the form is sent. The server checks again and stays the authority.

/** What a field holds while the form is open: text for most, a list for 多选. */
export type DraftValue = string | string[]

export const emptyDraft = (field: BusinessField): DraftValue => (field.type === 'multiselect' ? [] : '')

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
  // Only this template's fields: the draft may still hold another template's.
  const raw = Object.fromEntries(fields.map((f) => [f.id, draft[f.id]]))
  const check = validateValues(fields, raw)
  if (check.ok) return check
  return { ok: false, errors: Object.fromEntries(check.issues.map((i) => [i.path, i.message])) }
}

/** A stored value as text: options joined with 、. */
export const formatBusinessValue = (value: BusinessValue): string => (Array.isArray(value) ? value.join('、') : String(value))
