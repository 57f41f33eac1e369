import type { BusinessTemplate } from '@kelan/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { VueDraggable } from 'vue-draggable-plus'
import { apiErr, json, stubFetch, type Route } from '@/test/fetch-stub'
import AdminBusinessFieldEditor from './AdminBusinessFieldEditor.vue'
import AdminBusinessTemplates from './AdminBusinessTemplates.vue'
import { makeField, makeScopeOptions, makeTemplate } from './business-templates.testing'

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const BASE = '/api/admin/business-templates'
const method = (init: RequestInit | undefined) => init?.method ?? 'GET'
const bodyOf = (init: RequestInit | undefined): unknown => JSON.parse(String(init?.body))
const calls = (fetchMock: ReturnType<typeof stubFetch>, path: string, verb: string) =>
  fetchMock.mock.calls.filter(([url, init]) => new URL(String(url), 'http://x').pathname === path && method(init) === verb)

const templates = (): BusinessTemplate[] => [
  makeTemplate(1, '成交记录', {
    description: '签单后填写',
    departments: [{ id: 2, name: '销售部' }],
    fields: [makeField('a', '产品', { type: 'select', options: ['年卡', '次卡'] }), makeField('b', '金额', { type: 'decimal', required: true })],
    recordCount: 5,
  }),
  makeTemplate(2, '回访记录', { enabled: false }),
]

/** GET of the list answers `items`; anything else goes to `routes` by "VERB path". */
async function mountTemplates(routes: Record<string, Route> = {}, items = templates()) {
  const paths = [BASE, `${BASE}/order`, `${BASE}/scope-options`, ...items.flatMap((t) => [`${BASE}/${t.id}`, `${BASE}/${t.id}/enable`, `${BASE}/${t.id}/disable`])]
  const answer = (path: string): Route => (url, init) => {
    const route = routes[`${method(init)} ${path}`]
    if (route) return route(url, init)
    if (path === `${BASE}/scope-options`) return json(200, makeScopeOptions())
    return method(init) === 'GET' && path === BASE ? json(200, { items }) : apiErr(405, 'INTERNAL')
  }
  const fetchMock = stubFetch(Object.fromEntries(paths.map((p) => [p, answer(p)])))
  const w = mount(AdminBusinessTemplates, { attachTo: document.body })
  await flushPromises()
  return { w, fetchMock }
}

const row = (w: VueWrapper, id: number) => w.get(`[data-test="template-row"][data-id="${id}"]`)
const dialog = (w: VueWrapper) => w.get('[data-test="template-dialog"]')
const fieldRows = (w: VueWrapper) => dialog(w).findAll('[data-test="field-row"]')

async function openNew(w: VueWrapper) {
  await w.get('[data-test="template-new"]').trigger('click')
  await flushPromises()
}

describe('AdminBusinessTemplates – list', () => {
  it('AdminBusinessTemplates – templates load – name, description, scope, field and record counts, switch', async () => {
    const { w } = await mountTemplates()
    const first = row(w, 1)
    expect(first.get('[data-test="template-name-cell"]').text()).toBe('成交记录')
    expect(first.text()).toContain('签单后填写')
    expect(first.get('[data-test="template-scope"]').text()).toBe('部门：销售部')
    expect(first.get('[data-test="template-fields"]').text()).toBe('2')
    expect(first.get('[data-test="template-records"]').text()).toBe('5')
    expect(row(w, 2).get('[data-test="template-scope"]').text()).toBe('全员')
    expect(row(w, 2).get('[data-test="template-switch"]').attributes('aria-checked')).toBe('false')
  })

  it('AdminBusinessTemplates – template with records – delete disabled and 编辑描述, both explained', async () => {
    const { w } = await mountTemplates()
    const del = row(w, 1).get('[data-test="template-delete"]')
    expect(del.attributes('disabled')).toBeDefined()
    expect(del.element.parentElement?.getAttribute('title')).toContain('已有 5 条业务记录')
    expect(row(w, 1).get('[data-test="template-edit"]').text()).toBe('编辑描述')
    expect(row(w, 2).get('[data-test="template-delete"]').attributes('disabled')).toBeUndefined()
  })

  it('AdminBusinessTemplates – switch on a disabled template – POST …/enable, shown on', async () => {
    const { w, fetchMock } = await mountTemplates({ [`POST ${BASE}/2/enable`]: () => json(200, makeTemplate(2, '回访记录')) })
    await row(w, 2).get('[data-test="template-switch"]').trigger('click')
    await flushPromises()
    expect(calls(fetchMock, `${BASE}/2/enable`, 'POST')).toHaveLength(1)
    expect(row(w, 2).get('[data-test="template-switch"]').attributes('aria-checked')).toBe('true')
  })

  it('AdminBusinessTemplates – row dragged to the top – PUT with every id in the new order', async () => {
    const { w, fetchMock } = await mountTemplates({ [`PUT ${BASE}/order`]: () => json(200, { items: [templates()[1], templates()[0]] }) })
    w.get('[data-test="template-list"]').findComponent(VueDraggable).vm.$emit('update', { oldIndex: 1, newIndex: 0 })
    await flushPromises()
    expect(calls(fetchMock, `${BASE}/order`, 'PUT').map(([, init]) => bodyOf(init))).toEqual([{ ids: [2, 1] }])
    expect(w.findAll('[data-test="template-row"]').map((r) => r.attributes('data-id'))).toEqual(['2', '1'])
  })

  it('AdminBusinessTemplates – unused template deleted – DELETE after confirming, row gone', async () => {
    const { w, fetchMock } = await mountTemplates({ [`DELETE ${BASE}/2`]: () => new Response(null, { status: 204 }) })
    await row(w, 2).get('[data-test="template-delete"]').trigger('click')
    await w.get('[data-test="templates-dialog"] .van-dialog__confirm').trigger('click')
    await flushPromises()
    expect(calls(fetchMock, `${BASE}/2`, 'DELETE')).toHaveLength(1)
    expect(w.findAll('[data-test="template-row"]')).toHaveLength(1)
  })
})

describe('AdminBusinessTemplates – field editor', () => {
  it('AdminBusinessTemplates – new template with a select and a required integer – POSTs them in order', async () => {
    const created = makeTemplate(3, '意向登记')
    const { w, fetchMock } = await mountTemplates({ [`POST ${BASE}`]: () => json(201, created) })
    await openNew(w)
    await dialog(w).get('[data-test="template-name"] input').setValue('意向登记')
    await fieldRows(w)[0]!.get('[data-test="field-name"]').setValue('意向产品')
    await fieldRows(w)[0]!.get('[data-test="field-type"]').setValue('select')
    await fieldRows(w)[0]!.get('[data-test="field-options"]').setValue('年卡\n次卡')
    await dialog(w).get('[data-test="field-add"]').trigger('click')
    await fieldRows(w)[1]!.get('[data-test="field-name"]').setValue('人数')
    await fieldRows(w)[1]!.get('[data-test="field-type"]').setValue('integer')
    await fieldRows(w)[1]!.get('[data-test="field-required"]').trigger('click')
    await dialog(w).get('[data-test="template-save"]').trigger('click')
    await flushPromises()
    expect(calls(fetchMock, BASE, 'POST').map(([, init]) => bodyOf(init))).toEqual([
      {
        name: '意向登记',
        description: '',
        departmentIds: [],
        userids: [],
        fields: [
          { name: '意向产品', type: 'select', required: false, options: ['年卡', '次卡'] },
          { name: '人数', type: 'integer', required: true },
        ],
      },
    ])
    expect(w.findAll('[data-test="template-row"]').map((r) => r.attributes('data-id'))).toEqual(['1', '2', '3'])
  })

  it('AdminBusinessTemplates – select without options – refused under the field, nothing sent', async () => {
    const { w, fetchMock } = await mountTemplates()
    await openNew(w)
    await dialog(w).get('[data-test="template-name"] input').setValue('意向登记')
    await fieldRows(w)[0]!.get('[data-test="field-name"]').setValue('意向产品')
    await fieldRows(w)[0]!.get('[data-test="field-type"]').setValue('multiselect')
    await dialog(w).get('[data-test="template-save"]').trigger('click')
    await flushPromises()
    expect(dialog(w).get('[data-test="field-options-error"]').text()).toBe('「意向产品」至少要有一个选项')
    expect(calls(fetchMock, BASE, 'POST')).toHaveLength(0)
  })

  it('AdminBusinessTemplates – fields added, one removed, the last dragged first – the editor shows the new order', async () => {
    const { w } = await mountTemplates()
    await openNew(w)
    await dialog(w).get('[data-test="field-add"]').trigger('click')
    await dialog(w).get('[data-test="field-add"]').trigger('click')
    const names = ['甲', '乙', '丙']
    for (const [i, name] of names.entries()) await fieldRows(w)[i]!.get('[data-test="field-name"]').setValue(name)
    await fieldRows(w)[1]!.get('[data-test="field-remove"]').trigger('click')
    expect(fieldRows(w).map((r) => (r.get('[data-test="field-name"]').element as HTMLInputElement).value)).toEqual(['甲', '丙'])
    dialog(w).findComponent(AdminBusinessFieldEditor).findComponent(VueDraggable).vm.$emit('update', { oldIndex: 1, newIndex: 0 })
    await flushPromises()
    expect(fieldRows(w).map((r) => (r.get('[data-test="field-name"]').element as HTMLInputElement).value)).toEqual(['丙', '甲'])
  })

  it('AdminBusinessTemplates – scope picked by search – chip shown and its id sent', async () => {
    const { w, fetchMock } = await mountTemplates({ [`POST ${BASE}`]: () => json(201, makeTemplate(3, '华东专用')) })
    await openNew(w)
    expect(dialog(w).get('[data-test="scope-everyone"]').text()).toBe('全员可用')
    await dialog(w).get('[data-test="scope-search"]').setValue('华东')
    await dialog(w).get('[data-test="scope-match"]').trigger('mousedown')
    expect(dialog(w).get('[data-test="scope-chip"]').text()).toContain('华东销售组')
    await dialog(w).get('[data-test="template-name"] input').setValue('华东专用')
    await fieldRows(w)[0]!.get('[data-test="field-name"]').setValue('备注')
    await dialog(w).get('[data-test="template-save"]').trigger('click')
    await flushPromises()
    expect(calls(fetchMock, BASE, 'POST').map(([, init]) => (bodyOf(init) as { departmentIds: number[] }).departmentIds)).toEqual([[3]])
  })

  it('AdminBusinessTemplates – edit a template with records – locked form, only the description PATCHed', async () => {
    const { w, fetchMock } = await mountTemplates({ [`PATCH ${BASE}/1`]: () => json(200, { ...templates()[0]!, description: '签单当天填写' }) })
    await row(w, 1).get('[data-test="template-edit"]').trigger('click')
    await flushPromises()
    expect(dialog(w).get('[data-test="template-locked"]').text()).toContain('已有 5 条业务记录')
    expect(dialog(w).get('[data-test="template-name"] input').attributes('disabled')).toBeDefined()
    expect(dialog(w).find('[data-test="field-add"]').exists()).toBe(false)
    expect(dialog(w).find('[data-test="field-remove"]').exists()).toBe(false)
    expect(dialog(w).find('[data-test="scope-search"]').exists()).toBe(false)
    expect(fieldRows(w)[0]!.get('[data-test="field-name"]').attributes('disabled')).toBeDefined()
    await dialog(w).get('[data-test="template-description"] textarea').setValue('签单当天填写')
    await dialog(w).get('[data-test="template-save"]').trigger('click')
    await flushPromises()
    expect(calls(fetchMock, `${BASE}/1`, 'PATCH').map(([, init]) => bodyOf(init))).toEqual([{ description: '签单当天填写' }])
    expect(row(w, 1).text()).toContain('签单当天填写')
  })

  it('AdminBusinessTemplates – server refuses the save – its message stays in the dialog', async () => {
    const { w } = await mountTemplates({ [`POST ${BASE}`]: () => apiErr(409, 'NAME_TAKEN', '模板名称「成交记录」已存在') })
    await openNew(w)
    await dialog(w).get('[data-test="template-name"] input').setValue('成交记录')
    await fieldRows(w)[0]!.get('[data-test="field-name"]').setValue('备注')
    await dialog(w).get('[data-test="template-save"]').trigger('click')
    await flushPromises()
    expect(dialog(w).get('[data-test="template-error"]').text()).toBe('模板名称「成交记录」已存在')
  })
})
