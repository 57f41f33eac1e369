import type { FollowupType } from '@kelan/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { VueDraggable } from 'vue-draggable-plus'
import { apiErr, json, stubFetch, type Route } from '@/test/fetch-stub'
import AdminFollowupTypes from './AdminFollowupTypes.vue'

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const TYPES = '/api/admin/followup-types'
const makeType = (id: number, name: string, over: Partial<FollowupType> = {}): FollowupType => ({ id, name, enabled: true, builtin: false, usage: 0, ...over })
const list = () => [makeType(1, '笔记', { builtin: true, usage: 4 }), makeType(2, '电话回访', { usage: 3 }), makeType(3, '微信沟通'), makeType(4, '上门拜访')]

const method = (init: RequestInit | undefined) => init?.method ?? 'GET'
const bodyOf = (init: RequestInit | undefined): unknown => JSON.parse(String(init?.body))
const calls = (fetchMock: ReturnType<typeof stubFetch>, path: string, verb: string) =>
  fetchMock.mock.calls.filter(([url, init]) => new URL(String(url), 'http://x').pathname === path && method(init) === verb)

/** The list route answers GET with `items`; other verbs go to `routes` by "VERB path". */
async function mountTypes(routes: Record<string, Route> = {}, items = list()) {
  const byVerb = (path: string): Route => (url, init) => {
    const route = routes[`${method(init)} ${path}`]
    if (route) return route(url, init)
    return method(init) === 'GET' ? json(200, { items }) : apiErr(405, 'INTERNAL')
  }
  const paths = [TYPES, `${TYPES}/order`, ...items.map((t) => `${TYPES}/${t.id}`)]
  const fetchMock = stubFetch(Object.fromEntries(paths.map((p) => [p, byVerb(p)])))
  const w = mount(AdminFollowupTypes, { attachTo: document.body })
  await flushPromises()
  return { w, fetchMock }
}

const row = (w: VueWrapper, id: number) => w.get(`[data-test="type-row"][data-id="${id}"]`)
const names = (w: VueWrapper) => w.findAll('[data-test="type-name"]').map((n) => n.text())

describe('AdminFollowupTypes – list', () => {
  it('AdminFollowupTypes – types load – 笔记 first and fixed, the others draggable with usage', async () => {
    const { w } = await mountTypes()
    expect(names(w)).toEqual(['笔记', '电话回访', '微信沟通', '上门拜访'])
    const note = row(w, 1)
    expect(note.find('[data-test="type-handle"]').exists()).toBe(false)
    expect(note.get('[data-test="builtin-badge"]').text()).toBe('默认')
    expect(note.get('[data-test="type-switch"]').classes()).toContain('van-switch--disabled')
    expect(note.get('[data-test="type-delete"]').attributes('disabled')).toBeDefined()
    expect(row(w, 2).find('[data-test="type-handle"]').exists()).toBe(true)
    expect(row(w, 2).get('[data-test="type-usage"]').text()).toBe('3 条记录')
    expect(w.findComponent(VueDraggable).props('modelValue')).toHaveLength(3)
  })
})

describe('AdminFollowupTypes – add', () => {
  it('AdminFollowupTypes – 添加 then a name and Enter – POSTs it and shows it at the bottom', async () => {
    const { w, fetchMock } = await mountTypes({ [`POST ${TYPES}`]: () => json(201, makeType(9, '会议记录')) })
    await w.get('[data-test="type-add"]').trigger('click')
    await w.get('[data-test="type-add-input"]').setValue('  会议记录 ')
    await w.get('[data-test="type-add-form"]').trigger('submit')
    await flushPromises()
    expect(calls(fetchMock, TYPES, 'POST').map(([, init]) => bodyOf(init))).toEqual([{ name: '会议记录' }])
    expect(names(w).at(-1)).toBe('会议记录')
    expect((w.get('[data-test="type-add-input"]').element as HTMLInputElement).value).toBe('')
  })

  it('AdminFollowupTypes – empty name – refused in place, nothing sent', async () => {
    const { w, fetchMock } = await mountTypes()
    await w.get('[data-test="type-add"]').trigger('click')
    await w.get('[data-test="type-add-input"]').setValue('   ')
    await w.get('[data-test="type-add-form"]').trigger('submit')
    await flushPromises()
    expect(w.get('[data-test="type-add-error"]').text()).toBe('名称不能为空')
    expect(calls(fetchMock, TYPES, 'POST')).toHaveLength(0)
  })

  it('AdminFollowupTypes – name already used – the server’s message under the input', async () => {
    const { w } = await mountTypes({ [`POST ${TYPES}`]: () => apiErr(409, 'NAME_TAKEN', '类型「电话回访」已存在') })
    await w.get('[data-test="type-add"]').trigger('click')
    await w.get('[data-test="type-add-input"]').setValue('电话回访')
    await w.get('[data-test="type-add-form"]').trigger('submit')
    await flushPromises()
    expect(w.get('[data-test="type-add-error"]').text()).toBe('类型「电话回访」已存在')
    expect(names(w)).toHaveLength(4)
  })
})

describe('AdminFollowupTypes – change', () => {
  it('AdminFollowupTypes – rename in place – PATCHes the name and shows it', async () => {
    const { w, fetchMock } = await mountTypes({ [`PATCH ${TYPES}/3`]: () => json(200, makeType(3, '企微沟通')) })
    await row(w, 3).get('[data-test="type-rename"]').trigger('click')
    await row(w, 3).get('[data-test="rename-input"]').setValue('企微沟通')
    await row(w, 3).get('form').trigger('submit')
    await flushPromises()
    expect(calls(fetchMock, `${TYPES}/3`, 'PATCH').map(([, init]) => bodyOf(init))).toEqual([{ name: '企微沟通' }])
    expect(row(w, 3).get('[data-test="type-name"]').text()).toBe('企微沟通')
  })

  it('AdminFollowupTypes – switch off – PATCHes enabled false and marks the row 已停用', async () => {
    const { w, fetchMock } = await mountTypes({ [`PATCH ${TYPES}/2`]: () => json(200, makeType(2, '电话回访', { enabled: false, usage: 3 })) })
    await row(w, 2).get('[data-test="type-switch"]').trigger('click')
    await flushPromises()
    expect(calls(fetchMock, `${TYPES}/2`, 'PATCH').map(([, init]) => bodyOf(init))).toEqual([{ enabled: false }])
    expect(row(w, 2).get('[data-test="disabled-badge"]').text()).toBe('已停用')
  })

  it('AdminFollowupTypes – 上门拜访 dragged above 电话回访 – shown at once and PUT with 笔记 first', async () => {
    const reordered = [list()[0]!, list()[3]!, list()[1]!, list()[2]!]
    const { w, fetchMock } = await mountTypes({ [`PUT ${TYPES}/order`]: () => json(200, { items: reordered }) })
    w.findComponent(VueDraggable).vm.$emit('update', { oldIndex: 2, newIndex: 0, oldDraggableIndex: 2, newDraggableIndex: 0 })
    await flushPromises()
    expect(calls(fetchMock, `${TYPES}/order`, 'PUT').map(([, init]) => bodyOf(init))).toEqual([{ ids: [1, 4, 2, 3] }])
    expect(names(w)).toEqual(['笔记', '上门拜访', '电话回访', '微信沟通'])
  })
})

describe('AdminFollowupTypes – delete', () => {
  const confirm = (w: VueWrapper, dialog: string) => w.get(`[data-test="${dialog}"] .van-dialog__confirm`).trigger('click')

  it('AdminFollowupTypes – unused type deleted after confirming – DELETE sent and the row gone', async () => {
    const { w, fetchMock } = await mountTypes({ [`DELETE ${TYPES}/4`]: () => new Response(null, { status: 204 }) })
    await row(w, 4).get('[data-test="type-delete"]').trigger('click')
    await confirm(w, 'types-dialog')
    await flushPromises()
    expect(calls(fetchMock, `${TYPES}/4`, 'DELETE')).toHaveLength(1)
    expect(names(w)).toEqual(['笔记', '电话回访', '微信沟通'])
  })

  it('AdminFollowupTypes – type in use – the server’s refusal with 停用 offered, which disables it', async () => {
    const { w, fetchMock } = await mountTypes({
      [`DELETE ${TYPES}/2`]: () => apiErr(409, 'TYPE_IN_USE', '已有 3 条跟进记录使用该类型，不能删除，可停用'),
      [`PATCH ${TYPES}/2`]: () => json(200, makeType(2, '电话回访', { enabled: false, usage: 3 })),
    })
    await row(w, 2).get('[data-test="type-delete"]').trigger('click')
    await confirm(w, 'types-dialog')
    await flushPromises()
    const refusal = w.get('[data-test="type-in-use-dialog"]')
    expect(refusal.text()).toContain('已有 3 条跟进记录使用该类型，不能删除，可停用')
    expect(refusal.get('.van-dialog__confirm').text()).toBe('停用')
    expect(names(w)).toContain('电话回访')
    await confirm(w, 'type-in-use-dialog')
    await flushPromises()
    expect(calls(fetchMock, `${TYPES}/2`, 'PATCH').map(([, init]) => bodyOf(init))).toEqual([{ enabled: false }])
    expect(row(w, 2).get('[data-test="disabled-badge"]').text()).toBe('已停用')
  })
})
