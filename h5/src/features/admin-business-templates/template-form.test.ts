import { describe, expect, it } from 'vitest'
import { makeField, makeScopeOptions, makeTemplate } from './business-templates.testing'
import { checkTemplate, draftOf, matchChoices, moveField, newField, patchOf, scopeChoices, scopeText, type TemplateDraft } from './template-form'

const draft = (over: Partial<TemplateDraft> = {}): TemplateDraft => ({ name: '成交记录', description: '', departmentIds: [], userids: [], fields: [newField()], ...over })

describe('template-form – checkTemplate', () => {
  it('checkTemplate – select without options – the error under that field’s options', () => {
    const field = { ...newField('select'), name: '意向产品' }
    const result = checkTemplate(draft({ fields: [field] }))
    expect(result).toEqual({ ok: false, errors: { [`field.${field.key}.options`]: '「意向产品」至少要有一个选项' } })
  })

  it('checkTemplate – blank field name and duplicate names – keyed to the row and to the list', () => {
    const blank = newField()
    expect(checkTemplate(draft({ fields: [blank] }))).toEqual({ ok: false, errors: { [`field.${blank.key}.name`]: '请填写字段名称' } })
    const a = { ...newField(), name: '金额' }
    const b = { ...newField('integer'), name: '金额' }
    expect(checkTemplate(draft({ fields: [a, b] }))).toEqual({ ok: false, errors: { fields: '同一模板的字段名称不能重复' } })
  })

  it('checkTemplate – options typed one per line – sent trimmed, blank lines dropped; none for a text field', () => {
    const select = { ...newField('select'), name: '意向产品', options: ' 年卡 \n\n次卡\n' }
    const text = { ...newField(), name: '备注', options: 'left over' }
    const result = checkTemplate(draft({ fields: [select, text] }))
    expect(result.ok && result.input.fields).toEqual([
      { name: '意向产品', type: 'select', required: false, options: ['年卡', '次卡'] },
      { name: '备注', type: 'text', required: false },
    ])
  })
})

describe('template-form – edit', () => {
  it('patchOf – template with records – only the description', () => {
    const template = makeTemplate(1, '成交记录', { recordCount: 3 })
    const changed = { ...draftOf(template), name: '改名', description: ' 新描述 ' }
    expect(patchOf(template, changed)).toEqual({ ok: true, input: { description: '新描述' } })
  })

  it('draftOf – template – keeps field ids and options as lines', () => {
    const template = makeTemplate(1, '成交记录', { fields: [makeField('f9', '产品', { type: 'multiselect', options: ['A', 'B'] })] })
    expect(draftOf(template).fields).toEqual([expect.objectContaining({ id: 'f9', name: '产品', type: 'multiselect', options: 'A\nB' })])
  })

  it('moveField – last row to the top – rows reordered', () => {
    const rows = [newField(), newField(), newField()]
    expect(moveField(rows, 2, 0).map((r) => r.key)).toEqual([rows[2]!.key, rows[0]!.key, rows[1]!.key])
  })
})

describe('template-form – scope', () => {
  it('scopeText – nothing chosen – 全员; otherwise departments and members by name', () => {
    expect(scopeText({ departments: [], users: [] })).toBe('全员')
    expect(scopeText({ departments: [{ id: 2, name: '销售部' }], users: [{ userid: 'zs', name: '张三' }, { userid: 'ls', name: '' }] })).toBe('部门：销售部；成员：张三、ls')
  })

  it('matchChoices – 销售 – departments with their path, chosen ones left out', () => {
    const choices = scopeChoices(makeScopeOptions())
    const found = matchChoices(choices, '销售', { departmentIds: [2], userids: [] })
    expect(found).toEqual([{ kind: 'department', id: '3', label: '华东销售组', hint: '总部 / 销售部 / 华东销售组' }])
    expect(matchChoices(choices, 'lisi', { departmentIds: [], userids: [] }).map((c) => c.label)).toEqual(['李四'])
    expect(matchChoices(choices, '  ', { departmentIds: [], userids: [] })).toEqual([])
  })
})
