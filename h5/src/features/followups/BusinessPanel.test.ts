import { enableAutoUnmount, flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { BusinessField, UsableBusinessTemplate } from '@kelan/shared'
import { apiErr, json, stubFetch, type Route } from '@/test/fetch-stub'
import BusinessPanel from './BusinessPanel.vue'
import { checkBusinessForm } from './business-form'
import { CUSTOMER, callsTo, makeField, makeRecord, makeTemplate, scrollToEnd } from './followups.testing'

enableAutoUnmount(afterEach)
afterEach(() => vi.unstubAllGlobals())

const RECORDS = `/api/customers/${CUSTOMER}/business-records`

function stub(templates: UsableBusinessTemplate[], post: Route = () => json(201, makeRecord(9))) {
  return stubFetch({
    '/api/business-templates': () => json(200, { items: templates }),
    [RECORDS]: (url, init) => (init?.method === 'POST' ? post(url, init) : json(200, { items: [makeRecord(1)], nextCursor: null })),
  })
}

async function openForm(templates: UsableBusinessTemplate[], post?: Route) {
  const mock = stub(templates, post)
  const w = mount(BusinessPanel, { props: { externalUserId: CUSTOMER }, global: { stubs: { teleport: true } } })
  await scrollToEnd(w)
  await w.get('[data-test="business-add"]').trigger('click')
  await flushPromises()
  return { w, mock }
}

const field = (w: VueWrapper, id: string) => w.get(`[data-test="business-field"][data-id="${id}"]`)
const type = (w: VueWrapper, id: string, value: string) => field(w, id).get('input, textarea').setValue(value)
const submit = async (w: VueWrapper) => {
  await w.get('[data-test="business-form"]').trigger('submit')
  await flushPromises()
}
const errorOf = (w: VueWrapper, id: string) => field(w, id).find('.van-field__error-message').text()

describe('BusinessPanel', () => {
  it('BusinessPanel – no usable template – says to ask an admin, no add button', async () => {
    stub([])
    const w = mount(BusinessPanel, { props: { externalUserId: CUSTOMER } })
    await flushPromises()
    expect(w.get('[data-test="business-no-template"]').text()).toBe('暂无业务记录模板，请联系管理员添加')
    expect(w.find('[data-test="business-add"]').exists()).toBe(false)
  })

  it('BusinessPanel – records – listed newest first with template name and filled fields', async () => {
    stub([makeTemplate(1, [makeField('f1', 'text')])])
    const w = mount(BusinessPanel, { props: { externalUserId: CUSTOMER } })
    await scrollToEnd(w)
    expect(w.get('[data-test="business-record-template"]').text()).toBe('模板1')
    expect(w.get('[data-test="business-record"]').text()).toContain('意向产品')
    expect(w.get('[data-test="business-record-value"]').text()).toBe('年卡')
  })

  it('BusinessPanel – two templates – the first preselected; picking the second shows its fields', async () => {
    const { w } = await openForm([makeTemplate(1, [makeField('a', 'text')]), makeTemplate(2, [makeField('b', 'phone')], { name: '售后登记' })])
    expect((w.get('[data-test="business-template"] input').element as HTMLInputElement).value).toBe('模板1')
    expect(w.findAll('[data-test="business-field"]').map((f) => f.attributes('data-id'))).toEqual(['a'])
    await w.get('[data-test="business-template"]').trigger('click')
    await w.findAll('[data-test="business-template-sheet"] .van-action-sheet__item')[1]!.trigger('click')
    expect(w.findAll('[data-test="business-field"]').map((f) => f.attributes('data-id'))).toEqual(['b'])
  })

  it('BusinessRecordForm – required fields empty – 请填写 / 请选择 per field, nothing sent', async () => {
    const fields: BusinessField[] = [
      makeField('name', 'text', { name: '联系人', required: true }),
      makeField('plan', 'select', { name: '套餐', required: true }),
      makeField('day', 'date', { name: '到店日期', required: true }),
      makeField('note', 'textarea', { name: '备注' }),
    ]
    const { w, mock } = await openForm([makeTemplate(1, fields)])
    await submit(w)
    expect(errorOf(w, 'name')).toBe('请填写联系人')
    expect(errorOf(w, 'plan')).toBe('请选择套餐')
    expect(errorOf(w, 'day')).toBe('请选择到店日期')
    expect(field(w, 'note').find('.van-field__error-message').exists()).toBe(false)
    expect(callsTo(mock, RECORDS, 'POST')).toHaveLength(0)
  })

  it.each([
    ['integer', '12.5', '请填写整数'],
    ['decimal', '3.145', '最多 2 位小数'],
    ['decimal', '-', '请填写数字'],
    ['phone', '1380013800', '请填写正确的手机号或带区号的座机号'],
  ] as const)('BusinessRecordForm – %s field holding %s – refused with 「%s」', async (fieldType, value, message) => {
    const { w, mock } = await openForm([makeTemplate(1, [makeField('x', fieldType)])])
    await type(w, 'x', value)
    await submit(w)
    expect(errorOf(w, 'x')).toBe(message)
    expect(callsTo(mock, RECORDS, 'POST')).toHaveLength(0)
  })

  it('BusinessRecordForm – every type filled – values sent typed, with the clientKey; double tap sends once', async () => {
    const fields: BusinessField[] = [
      makeField('t', 'text'),
      makeField('ta', 'textarea'),
      makeField('s', 'select'),
      makeField('m', 'multiselect'),
      makeField('d', 'date'),
      makeField('i', 'integer'),
      makeField('de', 'decimal'),
      makeField('p', 'phone'),
      makeField('empty', 'text'),
    ]
    let release: (r: Response) => void = () => {}
    const { w, mock } = await openForm([makeTemplate(3, fields)], () => new Promise<Response>((r) => (release = r)))
    await type(w, 't', ' 王先生 ')
    await type(w, 'ta', '第一行\n第二行')
    await field(w, 's').get('.van-field').trigger('click')
    await w.findAll(`[data-test="business-select-sheet"] .van-action-sheet__item`)[1]!.trigger('click')
    await field(w, 'm').get('[data-test="business-option"][data-value="月卡"]').trigger('click')
    await field(w, 'm').get('[data-test="business-option"][data-value="年卡"]').trigger('click')
    await field(w, 'd').get('.van-field').trigger('click')
    await w.get('[data-test="business-date-sheet"] .van-picker__confirm').trigger('click')
    await type(w, 'i', '-3')
    await type(w, 'de', '1999.5')
    await type(w, 'p', '010-62345678')
    await w.get('[data-test="business-form"]').trigger('submit')
    await w.get('[data-test="business-form"]').trigger('submit')
    release(json(201, makeRecord(9)))
    await flushPromises()
    const posts = callsTo(mock, RECORDS, 'POST')
    expect(posts).toHaveLength(1)
    const today = new Date()
    const date = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`
    expect(posts[0]?.body).toMatchObject({
      templateId: 3,
      source: 'sidebar',
      values: { t: '王先生', ta: '第一行\n第二行', s: '季卡', m: ['年卡', '月卡'], d: date, i: -3, de: 1999.5, p: '010-62345678' },
    })
    expect(posts[0]?.body?.clientKey).toMatch(/^[0-9a-f]{32}$/)
    expect(w.findAll('[data-test="business-record"]').map((r) => r.attributes('data-id'))).toEqual(['9', '1'])
  })

  it('BusinessRecordForm – the server refuses (template disabled) – its message shown, the form stays', async () => {
    const { w } = await openForm([makeTemplate(1, [makeField('a', 'text')])], () => apiErr(409, 'TEMPLATE_DISABLED', '模板「模板1」已停用，请选择其他模板'))
    await type(w, 'a', '值')
    await submit(w)
    expect(w.get('[data-test="business-error"]').text()).toBe('模板「模板1」已停用，请选择其他模板')
    expect(w.find('[data-test="business-form"]').exists()).toBe(true)
  })
})

describe('checkBusinessForm', () => {
  it.each([
    ['date', '2024-02-30', '请填写有效日期（YYYY-MM-DD）'],
    ['phone', '0755-2345678', null],
    ['phone', '13800138000', null],
    ['integer', '9999999999999999', '数值超出范围'],
    ['select', '不存在', '请从选项中选择'],
    ['decimal', 'abc', '请填写数字'],
    ['text', '字'.repeat(201), '最多 200 个字'],
  ] as const)('checkBusinessForm – %s %s – %s', (fieldType, value, message) => {
    const result = checkBusinessForm([makeField('x', fieldType)], { x: value })
    expect(result.ok ? null : result.errors.x).toBe(message)
  })

  it('checkBusinessForm – optional fields left empty – left out of the values', () => {
    expect(checkBusinessForm([makeField('a', 'text'), makeField('b', 'multiselect')], { a: '  ', b: [] })).toEqual({ ok: true, values: {} })
  })
})
