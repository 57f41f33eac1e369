import {
  BUSINESS_FIELD_TYPE_LABELS,
  CreateBusinessTemplateInput,
  type BusinessFieldType,
  type BusinessScopeOptions,
  type BusinessTemplate,
  type UpdateBusinessTemplateInput,
} from '@kelan/shared'
import { moveItem } from '@/features/admin/tag-library'

// Pure rules of the 业务记录模版 screen: the dialog's draft, its check against the shared
// contract (so the messages are the server's own), the scope text and picker choices.

/** One field row of the editor. `key` is the row's own (list key, error key); `id` the server's. */
export interface FieldDraft {
  key: string
  id?: string
  name: string
  type: BusinessFieldType
  required: boolean
  /** Choices of a select, one per line as typed. */
  options: string
}

export interface TemplateDraft {
  name: string
  description: string
  departmentIds: number[]
  userids: string[]
  fields: FieldDraft[]
}

/** The field types in the editor's menu, in the seed's order. */
export const FIELD_TYPES = Object.entries(BUSINESS_FIELD_TYPE_LABELS).map(([value, label]) => ({ value: value as BusinessFieldType, label }))

export const isSelectType = (type: BusinessFieldType): boolean => type === 'select' || type === 'multiselect'

let nextKey = 0
const newKey = () => `f${++nextKey}`

/** An empty 单行文本 row. */
export const newField = (type: BusinessFieldType = 'text'): FieldDraft => ({ key: newKey(), name: '', type, required: false, options: '' })

/** The dialog's starting point: the template's values, or an empty template with one field. */
export function draftOf(template: BusinessTemplate | null): TemplateDraft {
  if (!template) return { name: '', description: '', departmentIds: [], userids: [], fields: [newField()] }
  return {
    name: template.name,
    description: template.description,
    departmentIds: template.departments.map((d) => d.id),
    userids: template.users.map((u) => u.userid),
    fields: template.fields.map((f) => ({ key: newKey(), id: f.id, name: f.name, type: f.type, required: f.required, options: (f.options ?? []).join('\n') })),
  }
}

/** The options of a select as a list: one per line, blank lines dropped. */
export const optionLines = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)

/** The rows after dragging one from `from` to `to`. */
export const moveField = (fields: readonly FieldDraft[], from: number, to: number): FieldDraft[] => moveItem(fields, from, to)

/** Field → first message: `name`, `description`, `fields` (the list), `field.<key>.name` / `.options`. */
export type FormErrors = Record<string, string>

export type Checked<T> = { ok: true; input: T } | { ok: false; errors: FormErrors }

/** The create body from the draft, checked with the shared contract. */
export function checkTemplate(draft: TemplateDraft): Checked<CreateBusinessTemplateInput> {
  const input: CreateBusinessTemplateInput = {
    name: draft.name,
    description: draft.description,
    departmentIds: draft.departmentIds,
    userids: draft.userids,
    fields: draft.fields.map((f) => ({
      ...(f.id ? { id: f.id } : {}),
      name: f.name,
      type: f.type,
      required: f.required,
      ...(isSelectType(f.type) ? { options: optionLines(f.options) } : {}),
    })),
  }
  const result = CreateBusinessTemplateInput.safeParse(input)
  if (result.success) return { ok: true, input }
  const errors: FormErrors = {}
  for (const issue of result.error.issues) {
    const [top, index, part] = issue.path
    const field = typeof index === 'number' ? draft.fields[index] : undefined
    const key = top === 'fields' && field ? `field.${field.key}.${part === 'options' ? 'options' : 'name'}` : String(top ?? 'form')
    errors[key] ??= issue.message
  }
  return { ok: false, errors }
}

/**
 * The PATCH for an edit. A template with records may change only its description (the
 * server refuses the rest), so only that is sent; otherwise the whole checked form.
 */
export function patchOf(template: BusinessTemplate, draft: TemplateDraft): Checked<UpdateBusinessTemplateInput> {
  if (template.recordCount === 0) return checkTemplate(draft)
  const description = draft.description.trim()
  if (description.length > 200) return { ok: false, errors: { description: '说明最多 200 个字' } }
  return { ok: true, input: { description } }
}

/** The 可见范围 column: 全员, or the departments and members by name. */
export function scopeText(template: Pick<BusinessTemplate, 'departments' | 'users'>): string {
  const parts: string[] = []
  if (template.departments.length) parts.push(`部门：${template.departments.map((d) => d.name).join('、')}`)
  if (template.users.length) parts.push(`成员：${template.users.map((u) => u.name || u.userid).join('、')}`)
  return parts.join('；') || '全员'
}

/** A choice of the scope picker: a department (with its path) or a member. */
export interface ScopeChoice {
  kind: 'department' | 'staff'
  /** The department id as a string, or the userid. */
  id: string
  label: string
  /** 总部 / 销售部 for a department, the userid for a member. */
  hint: string
}

/** Every department (labelled with its path) and member the picker offers. */
export function scopeChoices(options: BusinessScopeOptions): ScopeChoice[] {
  const byId = new Map(options.departments.map((d) => [d.id, d]))
  const pathOf = (id: number): string => {
    const names: string[] = []
    for (let d = byId.get(id); d && names.length < 20; d = byId.get(d.parentId)) names.unshift(d.name)
    return names.join(' / ')
  }
  return [
    ...options.departments.map((d): ScopeChoice => ({ kind: 'department', id: String(d.id), label: d.name, hint: pathOf(d.id) })),
    ...options.staff.map((s): ScopeChoice => ({ kind: 'staff', id: s.userid, label: s.name, hint: s.userid })),
  ]
}

/** Choices matching `query` (name, path or userid), left out those already chosen. */
export function matchChoices(choices: readonly ScopeChoice[], query: string, chosen: { departmentIds: number[]; userids: string[] }, limit = 8): ScopeChoice[] {
  const q = query.trim().toLowerCase()
  if (!q) return []
  const taken = (c: ScopeChoice) => (c.kind === 'department' ? chosen.departmentIds.includes(Number(c.id)) : chosen.userids.includes(c.id))
  return choices.filter((c) => !taken(c) && `${c.label} ${c.hint}`.toLowerCase().includes(q)).slice(0, limit)
}
