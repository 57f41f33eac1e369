import { describe, expect, expectTypeOf, it } from 'vitest'
import { BusinessFieldsInput, BusinessFieldType as BusinessFieldTypeSchema, CreateBusinessTemplateInput, type BusinessField, type BusinessFieldType } from '@kelan/shared'
import { BUSINESS_FIELD_TYPES, type BusinessField as StoredBusinessField } from '../../db/schema'
import {
  departmentsWithAncestors,
  isCompleteOrder,
  lockedChanges,
  mayUseTemplate,
  summarizeRecord,
  validateValues,
  withFieldIds,
} from './business.domain'

const field = (type: BusinessFieldType, o: Partial<BusinessField> = {}): BusinessField => ({
  id: 'f1',
  name: '字段',
  type,
  required: false,
  ...(type === 'select' || type === 'multiselect' ? { options: ['年卡', '季卡', '月卡'] } : {}),
  ...o,
})

/** A test-title label: long strings as 「字×201」. */
const short = (raw: unknown) => (typeof raw === 'string' && raw.length > 30 ? `「${[...raw][0]}×${[...raw].length}」` : JSON.stringify(raw))

/** The stored value, or the issue message, of one value against one field. */
function check(f: BusinessField, raw: unknown): { value: unknown } | { message: string } {
  const result = validateValues([f], { [f.id]: raw })
  if (result.ok) return { value: result.values[f.id] }
  return { message: result.issues[0]!.message }
}

const ACCEPTED: [BusinessFieldType, unknown, unknown][] = [
  ['text', '  年卡客户 ', '年卡客户'],
  ['text', '字'.repeat(200), '字'.repeat(200)],
  ['text', '😀'.repeat(200), '😀'.repeat(200)],
  ['textarea', '第一行\n第二行', '第一行\n第二行'],
  ['textarea', '字'.repeat(2000), '字'.repeat(2000)],
  ['select', '季卡', '季卡'],
  ['multiselect', ['月卡', '年卡'], ['年卡', '月卡']],
  ['date', '2024-02-29', '2024-02-29'],
  ['integer', 5000, 5000],
  ['integer', '-12', -12],
  ['integer', Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  ['decimal', 12.34, 12.34],
  ['decimal', '0.1', 0.1],
  ['decimal', '-5', -5],
  ['decimal', 1.15, 1.15],
  ['phone', '13800138000', '13800138000'],
  ['phone', '010-62345678', '010-62345678'],
  ['phone', '075523456789', '075523456789'],
  ['phone', '0755-2345678-801', '0755-2345678-801'],
]

const REFUSED: [BusinessFieldType, unknown, string][] = [
  ['text', '字'.repeat(201), '最多 200 个字'],
  ['text', 42, '请填写文字'],
  ['textarea', '字'.repeat(2001), '最多 2000 个字'],
  ['select', '周卡', '请从选项中选择'],
  ['select', ['年卡'], '请从选项中选择'],
  ['multiselect', ['年卡', '周卡'], '请从选项中选择'],
  ['multiselect', '年卡', '请从选项中选择'],
  ['multiselect', ['年卡', '年卡'], '选项重复'],
  ['date', '2023-02-29', '请填写有效日期（YYYY-MM-DD）'],
  ['date', '2024-13-01', '请填写有效日期（YYYY-MM-DD）'],
  ['date', '2024/01/01', '请填写有效日期（YYYY-MM-DD）'],
  ['date', '2024-1-1', '请填写有效日期（YYYY-MM-DD）'],
  ['integer', 12.5, '请填写整数'],
  ['integer', '12.5', '请填写整数'],
  ['integer', '1e3', '请填写整数'],
  ['integer', Number.MAX_SAFE_INTEGER + 1, '数值超出范围'],
  ['integer', true, '请填写整数'],
  ['decimal', 1.005, '最多 2 位小数'],
  ['decimal', '0.123', '最多 2 位小数'],
  ['decimal', 'abc', '请填写数字'],
  ['decimal', '1e5', '请填写数字'],
  ['decimal', 1e13, '数值超出范围'],
  ['phone', '12800138000', '请填写正确的手机号或带区号的座机号'],
  ['phone', '1380013800', '请填写正确的手机号或带区号的座机号'],
  ['phone', '12345678', '请填写正确的手机号或带区号的座机号'],
  ['phone', '010-12345678', '请填写正确的手机号或带区号的座机号'],
  ['phone', '010 62345678', '请填写正确的手机号或带区号的座机号'],
  ['phone', '+8613800138000', '请填写正确的手机号或带区号的座机号'],
  ['phone', 13800138000, '请填写正确的手机号或带区号的座机号'],
]

describe('validateValues – per field type', () => {
  it.each(ACCEPTED.map(([t, raw, stored]) => [t, short(raw), raw, stored] as const))('%s – accepts %s – stored normalised', (type, _label, raw, stored) => {
    expect(check(field(type), raw)).toEqual({ value: stored })
  })

  it.each(REFUSED.map(([t, raw, message]) => [t, short(raw), message, raw] as const))('%s – refuses %s – %s', (type, _label, message, raw) => {
    expect(check(field(type), raw)).toEqual({ message })
  })

  it.each<BusinessFieldType>(['text', 'textarea', 'select', 'multiselect', 'date', 'integer', 'decimal', 'phone'])(
    '%s – required and empty – issue on the field id',
    (type) => {
      const f = field(type, { id: 'fx', name: '意向', required: true })

      const results = [undefined, null, '  ', []].map((raw) => validateValues([f], raw === undefined ? {} : { fx: raw }))

      for (const r of results) {
        expect(r.ok).toBe(false)
        if (!r.ok) expect(r.issues).toEqual([{ path: 'fx', message: expect.stringMatching(/^请(填写|选择)意向$/) }])
      }
    },
  )

  it('optional field left empty – accepted and left out of the values', () => {
    const result = validateValues([field('integer', { id: 'a' }), field('text', { id: 'b' })], { a: '', b: '备注' })

    expect(result).toEqual({ ok: true, values: { b: '备注' } })
  })

  it('a field the template does not have – issue on that key', () => {
    const result = validateValues([field('text')], { f1: '好', gone: 'x' })

    expect(result).toEqual({ ok: false, issues: [{ path: 'gone', message: '模板已更新，该字段不存在，请刷新后重填' }] })
  })

  it('several bad fields – one issue per field, in template order', () => {
    const fields = [field('integer', { id: 'a', required: true }), field('phone', { id: 'b' }), field('date', { id: 'c' })]

    const result = validateValues(fields, { b: '123', c: '2024-02-30' })

    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.issues.map((i) => i.path)).toEqual(['a', 'b', 'c'])
  })
})

describe('template fields contract – definition rules', () => {
  const parse = (fields: unknown) => BusinessFieldsInput.safeParse(fields)

  it('a select without options – refused', () => {
    expect(parse([{ name: '意向', type: 'select', options: [] }]).success).toBe(false)
    expect(parse([{ name: '意向', type: 'multiselect' }]).success).toBe(false)
  })

  it('repeated options – refused', () => {
    expect(parse([{ name: '意向', type: 'select', options: ['年卡', '年卡'] }]).success).toBe(false)
  })

  it('more than 50 options – refused; 50 – accepted', () => {
    const opts = (n: number) => Array.from({ length: n }, (_, i) => `选项${i}`)
    expect(parse([{ name: '意向', type: 'select', options: opts(51) }]).success).toBe(false)
    expect(parse([{ name: '意向', type: 'select', options: opts(50) }]).success).toBe(true)
  })

  it('two fields with one name – refused', () => {
    expect(parse([{ name: '预算', type: 'integer' }, { name: '预算', type: 'decimal' }]).success).toBe(false)
  })

  it('no fields, or more than 20 – refused', () => {
    const many = Array.from({ length: 21 }, (_, i) => ({ name: `字段${i}`, type: 'text' }))
    expect(parse([]).success).toBe(false)
    expect(parse(many).success).toBe(false)
    expect(parse(many.slice(0, 20)).success).toBe(true)
  })

  it('options on a text field – dropped; required defaults to false', () => {
    const result = parse([{ name: '备注', type: 'text', options: ['x'] }])

    expect(result.success && result.data).toEqual([{ name: '备注', type: 'text', required: false }])
  })

  it('a blank template name – refused', () => {
    expect(CreateBusinessTemplateInput.safeParse({ name: '  ', fields: [{ name: 'a', type: 'text' }] }).success).toBe(false)
  })

  it('withFieldIds – keeps sent ids, makes new ones', () => {
    let n = 0
    const fields = withFieldIds([{ id: 'keep', name: 'a', type: 'text', required: false }, { name: 'b', type: 'date', required: true }], () => `new${++n}`)

    expect(fields.map((f) => f.id)).toEqual(['keep', 'new1'])
  })
})

describe('mayUseTemplate – who may use a template', () => {
  // 总部(1) > 销售部(2) > 销售一组(3); 总部(1) > 客服部(4)
  const parentOf = new Map([
    [1, 0],
    [2, 1],
    [3, 2],
    [4, 1],
  ])

  it('no departments and no members – everyone', () => {
    expect(mayUseTemplate({ departmentIds: [], userids: [] }, 'anyone', new Set())).toBe(true)
  })

  it('a member of a sub-department of a named department – may use it', () => {
    const depts = departmentsWithAncestors([3], parentOf)

    expect([...depts].sort()).toEqual([1, 2, 3])
    expect(mayUseTemplate({ departmentIds: [2], userids: [] }, 'lisi', depts)).toBe(true)
  })

  it('a member of a sibling department – may not', () => {
    expect(mayUseTemplate({ departmentIds: [2], userids: [] }, 'wangwu', departmentsWithAncestors([4], parentOf))).toBe(false)
  })

  it('a member of the parent department only – may not use a template of the child', () => {
    expect(mayUseTemplate({ departmentIds: [3], userids: [] }, 'boss', departmentsWithAncestors([2], parentOf))).toBe(false)
  })

  it('named by userid outside the departments – may use it', () => {
    expect(mayUseTemplate({ departmentIds: [2], userids: ['wangwu'] }, 'wangwu', departmentsWithAncestors([4], parentOf))).toBe(true)
  })

  it('a cycle in the department data – terminates', () => {
    expect([...departmentsWithAncestors([5], new Map([[5, 6], [6, 5]]))].sort()).toEqual([5, 6])
  })
})

describe('lockedChanges – what a PATCH really changes', () => {
  const current = {
    name: '意向登记',
    departmentIds: [2, 3],
    userids: ['lisi'],
    fields: [{ id: 'f1', name: '意向产品', type: 'select' as const, required: true, options: ['年卡', '季卡'] }],
  }

  it('the same values sent back (scope in another order, ids left out) – no change', () => {
    const patch = {
      name: '意向登记',
      departmentIds: [3, 2],
      userids: ['lisi'],
      fields: [{ name: '意向产品', type: 'select' as const, required: true, options: ['年卡', '季卡'] }],
    }

    expect(lockedChanges(current, patch)).toEqual([])
  })

  it('renamed, scope widened, an option added – all three named', () => {
    const patch = {
      name: '意向登记2',
      userids: ['lisi', 'wangwu'],
      fields: [{ id: 'f1', name: '意向产品', type: 'select' as const, required: true, options: ['年卡', '季卡', '月卡'] }],
    }

    expect(lockedChanges(current, patch)).toEqual(['name', 'scope', 'fields'])
  })

  it('a required flag flipped – fields changed', () => {
    const patch = { fields: [{ id: 'f1', name: '意向产品', type: 'select' as const, required: false, options: ['年卡', '季卡'] }] }

    expect(lockedChanges(current, patch)).toEqual(['fields'])
  })
})

describe('summarizeRecord – one line for the timeline', () => {
  const fields: BusinessField[] = [
    { id: 'a', name: '意向产品', type: 'multiselect', required: true, options: ['年卡', '季卡'] },
    { id: 'b', name: '预算', type: 'decimal', required: false },
    { id: 'c', name: '备注', type: 'textarea', required: false },
    { id: 'd', name: '电话', type: 'phone', required: false },
  ]

  it('filled fields in template order – 名称：值 joined with ；', () => {
    expect(summarizeRecord(fields, { b: 5000, a: ['年卡', '季卡'], d: '13800138000' })).toBe('意向产品：年卡、季卡；预算：5000；电话：13800138000')
  })

  it('a long multi-line value – collapsed to one line and cut at 20 characters', () => {
    expect(summarizeRecord(fields, { c: `客户说\n${'很'.repeat(30)}` })).toBe(`备注：客户说 ${'很'.repeat(16)}…`)
  })

  it('many long values – the line is cut at 100 characters', () => {
    const many: BusinessField[] = Array.from({ length: 10 }, (_, i) => ({ id: `f${i}`, name: `字段${i}`, type: 'text', required: false }))
    const values = Object.fromEntries(many.map((f) => [f.id, '值'.repeat(30)]))

    const line = summarizeRecord(many, values)

    expect([...line]).toHaveLength(101)
    expect(line.endsWith('…')).toBe(true)
  })

  it('nothing filled in – empty string', () => {
    expect(summarizeRecord(fields, {})).toBe('')
  })
})

describe('order helpers', () => {
  it('isCompleteOrder – exactly the existing ids – true; missing, extra or repeated – false', () => {
    expect(isCompleteOrder([3, 1, 2], [1, 2, 3])).toBe(true)
    expect(isCompleteOrder([3, 1], [1, 2, 3])).toBe(false)
    expect(isCompleteOrder([3, 1, 2, 4], [1, 2, 3])).toBe(false)
    expect(isCompleteOrder([1, 1, 2], [1, 2, 3])).toBe(false)
  })
})

describe('schema and contract – aligned', () => {
  it('field types and the field shape – the same in the table and the API contract', () => {
    expect([...BUSINESS_FIELD_TYPES]).toEqual(BusinessFieldTypeSchema.options)
    expectTypeOf<StoredBusinessField>().toEqualTypeOf<BusinessField>()
  })
})
