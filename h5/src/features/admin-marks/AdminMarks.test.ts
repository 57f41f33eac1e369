import type { MarkPage } from '@kelan/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { json, stubFetch, type Route } from '@/test/fetch-stub'
import AdminMarks from './AdminMarks.vue'
import { makeMark, makeMarkEvent, makeMarkSettings, MARKS, PEER, SETTINGS, SPAM } from './marks.testing'

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const method = (init: RequestInit | undefined) => init?.method ?? 'GET'
const urlOf = (call: unknown[] | undefined) => new URL(String(call?.[0]), 'http://x')
const bodyOf = (init: RequestInit | undefined): unknown => JSON.parse(String(init?.body))

const page = (): MarkPage => ({
  items: [
    makeMark(7, '天马湖', { unionid: 'oJwVb5xw9d', externalUserId: 'wmK2Fa01', reason: '恶意投诉' }),
    makeMark(8, 'Emily', { externalUserId: '', tag: SPAM, customerStatus: 'not_added', source: 'import' }),
  ],
  total: 2,
})

async function mountPage(routes: Record<string, Route> = {}) {
  const fetchMock = stubFetch({
    [MARKS]: () => json(200, page()),
    [SETTINGS]: () => json(200, makeMarkSettings()),
    ...routes,
  })
  const w = mount(AdminMarks, { global: { plugins: [createPinia()] }, attachTo: document.body })
  await flushPromises()
  return { w, fetchMock }
}

const calls = (fetchMock: ReturnType<typeof stubFetch>, path: string, verb = 'GET') =>
  fetchMock.mock.calls.filter((c) => urlOf(c).pathname === path && method(c[1]) === verb)
const queryOf = (call: unknown[] | undefined) => Object.fromEntries(urlOf(call).searchParams)
const row = (w: VueWrapper, id: number) => w.get(`[data-test="mark-row"][data-id="${id}"]`)

describe('AdminMarks – list and filters', () => {
  it('AdminMarks – opened – first page, rows with every column and the tag in red', async () => {
    const { w, fetchMock } = await mountPage()
    expect(queryOf(calls(fetchMock, MARKS).at(-1))).toEqual({ page: '1', pageSize: '20' })
    const first = row(w, 7)
    expect(first.get('[data-test="mark-row-name"]').text()).toBe('天马湖')
    expect(first.get('[data-test="mark-row-unionid"]').text()).toBe('oJwVb5xw9d')
    expect(first.get('[data-test="mark-row-external"]').text()).toBe('wmK2Fa01')
    expect(first.get('[data-test="mark-row-tag"]').text()).toBe('风险客户')
    expect(first.get('[data-test="mark-row-tag"]').attributes('style')).toContain('color: rgb(196, 29, 29)')
    expect(first.get('[data-test="mark-row-status"]').text()).toBe('正常')
    expect(first.get('[data-test="mark-row-source"]').text()).toBe('手动添加')
    const second = row(w, 8)
    expect(second.get('[data-test="mark-row-external"]').text()).toBe('—')
    expect(second.get('[data-test="mark-row-status"]').text()).toBe('未添加')
    expect(second.get('[data-test="mark-row-source"]').text()).toBe('批量导入')
    expect(w.get('[data-test="mark-total"]').text()).toBe('共 2 位客户')
    expect(w.find('[data-test="mark-row-tag-missing"]').exists()).toBe(false)
  })

  it('AdminMarks – a mark whose tag was deleted – the kept tag name and 标签已删除，请编辑', async () => {
    const { w } = await mountPage({ [MARKS]: () => json(200, { items: [makeMark(9, '阿福', { tagMissing: true })], total: 1 }) })
    expect(row(w, 9).get('[data-test="mark-row-tag"]').text()).toBe('风险客户')
    expect(row(w, 9).get('[data-test="mark-row-tag-missing"]').text()).toBe('标签已删除，请编辑')
  })

  it('AdminMarks – the 标签 filter – 全部 then each mark tag from the settings', async () => {
    const { w } = await mountPage()
    expect(w.findAll('[data-test="mark-filter-tag"] option').map((o) => o.text())).toEqual(['全部', '风险客户', '垃圾资源', '同行'])
    expect(w.findAll('[data-test="mark-filter-source"] option').map((o) => o.text())).toEqual(['全部', '手动添加', '批量导入'])
  })

  it('AdminMarks – every filter set then 搜索 – sent as the query string from page 1', async () => {
    const { w, fetchMock } = await mountPage()
    await w.get('[data-test="mark-filter-name"]').setValue(' 天马 ')
    await w.get('[data-test="mark-filter-unionid"]').setValue('oJwVb')
    await w.get('[data-test="mark-filter-external"]').setValue('wmK2')
    await w.get('[data-test="mark-filter-tag"]').setValue(PEER.id)
    await w.get('[data-test="mark-filter-source"]').setValue('import')
    await w.get('[data-test="mark-filter-search"]').trigger('submit')
    await flushPromises()
    expect(queryOf(calls(fetchMock, MARKS).at(-1))).toEqual({
      name: '天马',
      unionid: 'oJwVb',
      externalUserId: 'wmK2',
      tagId: 'tm3',
      source: 'import',
      page: '1',
      pageSize: '20',
    })
  })

  it('AdminMarks – 清空 after a filter – the form empties and the list asks without filters', async () => {
    const { w, fetchMock } = await mountPage()
    await w.get('[data-test="mark-filter-name"]').setValue('天马')
    await w.get('[data-test="mark-filters"]').trigger('submit')
    await flushPromises()
    await w.get('[data-test="mark-filter-reset"]').trigger('click')
    await flushPromises()
    expect((w.get('[data-test="mark-filter-name"]').element as HTMLInputElement).value).toBe('')
    expect(queryOf(calls(fetchMock, MARKS).at(-1))).toEqual({ page: '1', pageSize: '20' })
  })

  it('AdminMarks – more than a page – pagination asks for page 2 with the same filter', async () => {
    const { w, fetchMock } = await mountPage({ [MARKS]: () => json(200, { ...page(), total: 45 }) })
    await w.get('[data-test="mark-filter-source"]').setValue('manual')
    await w.get('[data-test="mark-filters"]').trigger('submit')
    await flushPromises()
    await w.findAll('[data-test="mark-pagination"] .van-pagination__item--page button')[1]?.trigger('click')
    await flushPromises()
    expect(queryOf(calls(fetchMock, MARKS).at(-1))).toEqual({ source: 'manual', page: '2', pageSize: '20' })
  })
})

describe('AdminMarks – row actions', () => {
  it('移除 – cancelled in the confirm – nothing is deleted', async () => {
    const { w, fetchMock } = await mountPage()
    await row(w, 7).get('[data-test="mark-remove"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-test="mark-remove-dialog"]').text()).toContain('确定把「天马湖」移出标记名单？')
    await w.get('[data-test="mark-remove-dialog"] .van-dialog__cancel').trigger('click')
    await flushPromises()
    expect(calls(fetchMock, `${MARKS}/7`, 'DELETE')).toHaveLength(0)
  })

  it('移除 – confirmed – DELETE of that mark, then the list reloads', async () => {
    const { w, fetchMock } = await mountPage({ [`${MARKS}/7`]: () => new Response(null, { status: 204 }) })
    const before = calls(fetchMock, MARKS).length
    await row(w, 7).get('[data-test="mark-remove"]').trigger('click')
    await flushPromises()
    await w.get('[data-test="mark-remove-dialog"] .van-dialog__confirm').trigger('click')
    await flushPromises()
    expect(calls(fetchMock, `${MARKS}/7`, 'DELETE')).toHaveLength(1)
    expect(calls(fetchMock, MARKS).length).toBe(before + 1)
  })

  it('移除 – refused – the server message shows in the dialog, which stays open', async () => {
    const { w } = await mountPage({ [`${MARKS}/7`]: () => json(403, { error: { code: 'FORBIDDEN', message: '没有客户标记管理权限' } }) })
    await row(w, 7).get('[data-test="mark-remove"]').trigger('click')
    await flushPromises()
    await w.get('[data-test="mark-remove-dialog"] .van-dialog__confirm').trigger('click')
    await flushPromises()
    expect(w.get('[data-test="mark-remove-error"]').text()).toBe('没有客户标记管理权限')
    expect(w.get('[data-test="mark-remove-dialog"]').isVisible()).toBe(true)
  })

  it('编辑 – tag and reason changed – PATCH sends only those, the row shows the answer', async () => {
    const edited = makeMark(7, '天马湖', { tag: PEER, reason: '同行打探', unionid: 'oJwVb5xw9d', externalUserId: 'wmK2Fa01' })
    const { w, fetchMock } = await mountPage({ [`${MARKS}/7`]: () => json(200, edited) })
    await row(w, 7).get('[data-test="mark-edit"]').trigger('click')
    await flushPromises()
    const dialog = w.get('[data-test="mark-edit-dialog"]')
    expect((dialog.get('[data-test="edit-tag"]').element as HTMLSelectElement).value).toBe('tm1')
    expect((dialog.get('[data-test="edit-reason"]').element as HTMLTextAreaElement).value).toBe('恶意投诉')
    expect(dialog.get('[data-test="edit-remark"]').attributes('placeholder')).toBe('默认：【风险客户】天马湖')
    await dialog.get('[data-test="edit-tag"]').setValue(PEER.id)
    expect(dialog.get('[data-test="edit-remark"]').attributes('placeholder')).toBe('默认：【同行】天马湖')
    await dialog.get('[data-test="edit-reason"]').setValue('同行打探')
    await dialog.get('[data-test="edit-submit"]').trigger('click')
    await flushPromises()
    const [patch] = calls(fetchMock, `${MARKS}/7`, 'PATCH')
    expect(bodyOf(patch?.[1])).toEqual({ tagId: 'tm3', reason: '同行打探' })
    expect(row(w, 7).get('[data-test="mark-row-tag"]').text()).toBe('同行')
  })

  it('编辑 – nothing changed – 保存 stays disabled', async () => {
    const { w } = await mountPage()
    await row(w, 7).get('[data-test="mark-edit"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-test="edit-submit"]').attributes('disabled')).toBeDefined()
  })

  it('编辑 – refused (removed meanwhile) – the server message shows and the dialog stays', async () => {
    const { w } = await mountPage({ [`${MARKS}/7`]: () => json(409, { error: { code: 'CONFLICT', message: '该标记已移除' } }) })
    await row(w, 7).get('[data-test="mark-edit"]').trigger('click')
    await flushPromises()
    await w.get('[data-test="edit-reason"]').setValue('x')
    await w.get('[data-test="edit-submit"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-test="edit-error"]').text()).toBe('该标记已移除')
    expect(w.get('[data-test="mark-edit-dialog"]').isVisible()).toBe(true)
  })

  it('历史 – events – kind, operator (系统自动 for Kelan), text and follower, newest first; 加载更多 passes the cursor', async () => {
    const history = `${MARKS}/7/history`
    const { w, fetchMock } = await mountPage({
      [history]: (url) =>
        url.searchParams.get('cursor') === '3'
          ? json(200, { items: [makeMarkEvent(1, { kind: 'added', text: '添加到标记名单：风险客户' })], nextCursor: null })
          : json(200, {
              items: [
                makeMarkEvent(5, { kind: 'reapplied', operator: null, follower: { userid: 'lisi', name: '李四' }, text: '李四 在企业微信中移除了标签，已恢复' }),
                makeMarkEvent(4, { kind: 'applied', operator: null, follower: { userid: 'lisi', name: '李四' }, text: '已为 李四 打上标签并修改备注' }),
              ],
              nextCursor: 3,
            }),
    })
    await row(w, 7).get('[data-test="mark-history"]').trigger('click')
    await flushPromises()
    const events = () => w.findAll('[data-test="mark-event"]')
    expect(events().map((e) => e.attributes('data-kind'))).toEqual(['reapplied', 'applied'])
    expect(events()[0]?.get('[data-test="mark-event-kind"]').text()).toBe('已恢复')
    expect(events()[0]?.get('[data-test="mark-event-operator"]').text()).toBe('系统自动')
    expect(events()[0]?.get('[data-test="mark-event-text"]').text()).toBe('李四 在企业微信中移除了标签，已恢复')
    expect(events()[0]?.text()).toContain('成员：李四')
    await w.get('[data-test="mark-history-more"]').trigger('click')
    await flushPromises()
    expect(queryOf(calls(fetchMock, history).at(-1))).toMatchObject({ cursor: '3' })
    expect(events().map((e) => e.attributes('data-kind'))).toEqual(['reapplied', 'applied', 'added'])
    expect(events()[2]?.get('[data-test="mark-event-operator"]').text()).toBe('管理员')
    expect(w.find('[data-test="mark-history-more"]').exists()).toBe(false)
  })
})
