import * as z from 'zod/mini'
import { Cursor } from './followups'

// 业务记录 (business records) and the admin's templates (业务记录模版). A template is a named
// list of typed fields; a record is one filled-in copy of it on a customer. Records copy the
// template's name and fields, so they read as written after any later change.

/** Limits shared by the admin form, the sidebar form and the server. */
export const BUSINESS_LIMITS = {
  templateName: 30,
  description: 200,
  /** Fields per template: a sidebar form longer than this is not filled in during a chat. */
  fields: 20,
  fieldName: 20,
  /** Choices of one select / multiselect. */
  options: 50,
  optionLength: 30,
  /** Departments and staff members named in one template's scope, each. */
  scope: 500,
  /** Characters of a 单行文本 / 多行文本 value (counted as code points, like the UI counter). */
  text: 200,
  textarea: 2000,
  /** Places after the point of a 小数 value. */
  decimalPlaces: 2,
  /**
   * |小数| stays below this, so the value times 100 is still an exact double (< 2^53) and two
   * decimals never round.
   */
  decimalMax: 1e13,
} as const

export const BusinessFieldType = z.enum(['text', 'textarea', 'select', 'multiselect', 'date', 'integer', 'decimal', 'phone'])
export type BusinessFieldType = z.infer<typeof BusinessFieldType>

/** Chinese labels of the field types, for the admin form and messages. */
export const BUSINESS_FIELD_TYPE_LABELS: Record<BusinessFieldType, string> = {
  text: '单行文本',
  textarea: '多行文本',
  select: '单选',
  multiselect: '多选',
  date: '日期',
  integer: '整数',
  decimal: '小数',
  phone: '电话',
}

/** 手机号: mainland mobile numbers, 11 digits. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/
/**
 * 座机: area code (010, 021, 0755, …), an optional '-', a 7–8 digit number that does not
 * start with 0 or 1, and an optional '-' extension (010-12345678-801).
 */
export const LANDLINE_PATTERN = /^0\d{2,3}-?[2-9]\d{6,7}(-\d{1,6})?$/
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/

/** Stable field id: values are keyed by it, so it survives renames and reorders. */
export const BusinessFieldId = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,32}$/, '字段 ID 格式不正确'))

/** A field as stored and as the forms read it. */
export const BusinessField = z.object({
  id: BusinessFieldId,
  name: z.string(),
  type: BusinessFieldType,
  required: z.boolean(),
  /** Choices of select / multiselect, in display order; absent for other types. */
  options: z.optional(z.array(z.string())),
})
export type BusinessField = z.infer<typeof BusinessField>

const isSelect = (type: BusinessFieldType) => type === 'select' || type === 'multiselect'

/**
 * A field in the admin's form. `id` is left out for a new field (the server makes one) and
 * sent back for an existing one. `options` are kept for select / multiselect only and dropped
 * for other types, so switching a field's type in the form needs no clean-up.
 */
export const BusinessFieldInput = z.pipe(
  z
    .object({
      id: z.optional(BusinessFieldId),
      name: z.string().check(
        z.trim(),
        z.minLength(1, '请填写字段名称'),
        z.maxLength(BUSINESS_LIMITS.fieldName, `字段名称最多 ${BUSINESS_LIMITS.fieldName} 个字`),
      ),
      type: BusinessFieldType,
      required: z._default(z.boolean(), false),
      options: z.optional(
        z
          .array(
            z.string().check(
              z.trim(),
              z.minLength(1, '选项不能为空'),
              z.maxLength(BUSINESS_LIMITS.optionLength, `选项最多 ${BUSINESS_LIMITS.optionLength} 个字`),
            ),
          )
          .check(z.maxLength(BUSINESS_LIMITS.options, `选项最多 ${BUSINESS_LIMITS.options} 个`)),
      ),
    })
    .check(
      z.superRefine((f, ctx) => {
        if (!isSelect(f.type)) return
        const options = f.options ?? []
        if (options.length === 0) ctx.addIssue({ code: 'custom', path: ['options'], message: `「${f.name}」至少要有一个选项` })
        if (new Set(options).size !== options.length) ctx.addIssue({ code: 'custom', path: ['options'], message: `「${f.name}」的选项不能重复` })
      }),
    ),
  z.transform(({ options, ...f }): Omit<BusinessField, 'id'> & { id?: string } => (isSelect(f.type) ? { ...f, options: options ?? [] } : f)),
)
export type BusinessFieldInput = z.input<typeof BusinessFieldInput>

const uniqueBy = <T>(items: T[], key: (item: T) => unknown) => new Set(items.map(key)).size === items.length

export const BusinessFieldsInput = z.array(BusinessFieldInput).check(
  z.minLength(1, '模板至少要有一个字段'),
  z.maxLength(BUSINESS_LIMITS.fields, `模板最多 ${BUSINESS_LIMITS.fields} 个字段`),
  z.refine((fs) => uniqueBy(fs, (f) => f.name), '同一模板的字段名称不能重复'),
  z.refine((fs) => uniqueBy(fs.filter((f) => f.id), (f) => f.id), '字段 ID 重复'),
)

const TemplateName = z.string().check(
  z.trim(),
  z.minLength(1, '请填写模板名称'),
  z.maxLength(BUSINESS_LIMITS.templateName, `模板名称最多 ${BUSINESS_LIMITS.templateName} 个字`),
)
const Description = z.string().check(z.trim(), z.maxLength(BUSINESS_LIMITS.description, `说明最多 ${BUSINESS_LIMITS.description} 个字`))
const DepartmentIds = z.array(z.int().check(z.positive())).check(
  z.maxLength(BUSINESS_LIMITS.scope),
  z.refine((ids) => uniqueBy(ids, (id) => id), '部门重复'),
)
const Userids = z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(
  z.maxLength(BUSINESS_LIMITS.scope),
  z.refine((ids) => uniqueBy(ids, (id) => id), '成员重复'),
)

/**
 * POST /api/admin/business-templates. Scope: `departmentIds` (members of those departments
 * and of every department below) and `userids`; both empty = everyone.
 */
export const CreateBusinessTemplateInput = z.object({
  name: TemplateName,
  description: z._default(Description, ''),
  departmentIds: z._default(DepartmentIds, []),
  userids: z._default(Userids, []),
  fields: BusinessFieldsInput,
  enabled: z._default(z.boolean(), true),
})
export type CreateBusinessTemplateInput = z.input<typeof CreateBusinessTemplateInput>

/**
 * PATCH /api/admin/business-templates/:id: any subset. Once the template has records, a
 * change of name, scope or fields is refused (409 TEMPLATE_IN_USE); the same values sent
 * back unchanged are fine, so the form may send everything.
 *
 * The exception to "a template in use cannot be edited": `description` (and `enabled`) stay
 * editable. Records copy the template's name and fields, never its description, so a new
 * description changes how no record reads; it only helps staff pick the template.
 */
export const UpdateBusinessTemplateInput = z.object({
  name: z.optional(TemplateName),
  description: z.optional(Description),
  departmentIds: z.optional(DepartmentIds),
  userids: z.optional(Userids),
  fields: z.optional(BusinessFieldsInput),
  enabled: z.optional(z.boolean()),
})
export type UpdateBusinessTemplateInput = z.input<typeof UpdateBusinessTemplateInput>

/** PUT /api/admin/business-templates/order: every template of the corp, once, in the new order. */
export const BusinessTemplateOrderInput = z.object({
  ids: z.array(z.int().check(z.positive())).check(z.maxLength(1000), z.refine((ids) => uniqueBy(ids, (id) => id), '模板重复')),
})
export type BusinessTemplateOrderInput = z.infer<typeof BusinessTemplateOrderInput>

export const BusinessDepartmentRef = z.object({ id: z.int(), name: z.string() })
export const BusinessStaffRef = z.object({ userid: z.string(), name: z.string() })

/** A template as the admin sees it. `recordCount > 0`: name, scope and fields are locked. */
export const BusinessTemplate = z.object({
  id: z.int(),
  name: z.string(),
  description: z.string(),
  /** The scope with names (a department or member since removed keeps its id as name). */
  departments: z.array(BusinessDepartmentRef),
  users: z.array(BusinessStaffRef),
  fields: z.array(BusinessField),
  enabled: z.boolean(),
  sort: z.int(),
  recordCount: z.int(),
  createdAt: z.int(),
  updatedAt: z.int(),
})
export type BusinessTemplate = z.infer<typeof BusinessTemplate>

export const BusinessTemplateList = z.object({ items: z.array(BusinessTemplate) })
export type BusinessTemplateList = z.infer<typeof BusinessTemplateList>

/** GET /api/admin/business-templates/scope-options: what the scope pickers offer. */
export const BusinessScopeOptions = z.object({
  departments: z.array(z.extend(BusinessDepartmentRef, { parentId: z.int() })),
  /** Active members. */
  staff: z.array(BusinessStaffRef),
})
export type BusinessScopeOptions = z.infer<typeof BusinessScopeOptions>

/**
 * GET /api/business-templates: the enabled templates the viewer may use, in the admin's
 * order; the form preselects the first. Empty: 暂无业务记录模板，请联系管理员添加.
 */
export const UsableBusinessTemplate = z.object({
  id: z.int(),
  name: z.string(),
  description: z.string(),
  fields: z.array(BusinessField),
})
export type UsableBusinessTemplate = z.infer<typeof UsableBusinessTemplate>

export const UsableBusinessTemplateList = z.object({ items: z.array(UsableBusinessTemplate) })
export type UsableBusinessTemplateList = z.infer<typeof UsableBusinessTemplateList>

/**
 * A stored value: text, textarea, select, date and phone as strings; integer and decimal as
 * numbers; multiselect as the chosen options in the template's order. Empty optional fields
 * are left out of `values`.
 */
export const BusinessValue = z.union([z.string(), z.number(), z.array(z.string())])
export type BusinessValue = z.infer<typeof BusinessValue>

/**
 * POST /api/customers/:id/business-records. `values` by field id; integer and decimal may be
 * sent as numbers or as the digits typed. `clientKey` is made when the form opens: a second
 * submit with it answers the first record (200) instead of adding another.
 */
export const CreateBusinessRecordInput = z.object({
  templateId: z.int().check(z.positive()),
  values: z.record(z.string().check(z.maxLength(64)), z.unknown()).check(z.refine((v) => Object.keys(v).length <= 100, '字段过多')),
  clientKey: z.string().check(z.minLength(8), z.maxLength(64), z.regex(/^[\w-]+$/, 'clientKey 格式不正确')),
  source: z._default(z.enum(['sidebar', 'admin']), 'sidebar'),
})
export type CreateBusinessRecordInput = z.input<typeof CreateBusinessRecordInput>

export const BusinessRecord = z.object({
  id: z.int(),
  externalUserId: z.string(),
  templateId: z.int(),
  /** The template's name when the record was written. */
  templateName: z.string(),
  fields: z.array(BusinessField),
  values: z.record(z.string(), BusinessValue),
  /** One line such as 「意向产品：年卡；预算：5000」; '' when nothing was filled in. */
  summary: z.string(),
  author: z.object({ userid: z.string(), name: z.string(), avatar: z.string() }),
  source: z.enum(['sidebar', 'admin']),
  createdAt: z.int(),
})
export type BusinessRecord = z.infer<typeof BusinessRecord>

/** GET /api/customers/:id/business-records: newest first. */
export const BusinessRecordQuery = z.object({
  /** The `nextCursor` of the previous page. */
  cursor: z.optional(Cursor),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(50)), 20),
})
export type BusinessRecordQuery = z.input<typeof BusinessRecordQuery>

export const BusinessRecordPage = z.object({ items: z.array(BusinessRecord), nextCursor: z.nullable(z.string()) })
export type BusinessRecordPage = z.infer<typeof BusinessRecordPage>
