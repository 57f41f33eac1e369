import type { KnowledgeCategoryTree } from '@kelan/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { VueDraggable } from 'vue-draggable-plus'
import { apiErr, json, stubFetch, type Route } from '@/test/fetch-stub'
import AdminKnowledge from './AdminKnowledge.vue'
import { cat, makePage, makeTree } from './knowledge.testing'

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const CATS = '/api/knowledge/categories'
const ITEMS = '/api/knowledge/items'
const method = (init: RequestInit | undefined) => init?.method ?? 'GET'
const bodyOf = (init: RequestInit | undefined): unknown => JSON.parse(String(init?.body))

/** 全部 > 未分类, 金典 (1 item) > 产品 > 规格 > 容量, 安慕希 (empty). */
const scriptTree = () => makeTree('script', [cat(10, '金典', [cat(11, '产品', [cat(12, '规格', [cat(13, '容量')])])], 1), cat(20, '安慕希')], 3)

async function mountAdmin(routes: Record<string, Route> = {}, tree: () => KnowledgeCategoryTree = scriptTree) {
  const fetchMock = stubFetch({
    [CATS]: (url) => json(200, url.searchParams.get('kind') === 'script' ? tree() : makeTree(url.searchParams.get('kind') as 'phrase')),
    [ITEMS]: () => json(200, makePage([])),
    ...routes,
  })
  const w = mount(AdminKnowledge, { attachTo: document.body })
  await flushPromises()
  return { w, fetchMock }
}

const row = (w: VueWrapper, id: number) => w.get(`[data-test="kn-category"][data-id="${id}"]`)
const calls = (fetchMock: ReturnType<typeof stubFetch>, path: string, verb: string) =>
  fetchMock.mock.calls.filter(([url, init]) => new URL(String(url), 'http://x').pathname === path && method(init) === verb)
const urlsOf = (fetchMock: ReturnType<typeof stubFetch>, path: string) =>
  calls(fetchMock, path, 'GET').map(([url]) => new URL(String(url), 'http://x').searchParams)
const dialogMessage = (w: VueWrapper) => w.get('[data-test="kn-tree-dialog"] .van-dialog__message').text()

describe('AdminKnowledge – tabs and tree', () => {
  it('AdminKnowledge – opened – three kind tabs, 话术 active, public tree of 话术 asked for', async () => {
    const { w, fetchMock } = await mountAdmin()
    const tabs = w.findAll('[data-test="kn-kind-tab"]')
    expect(tabs.map((t) => [t.attributes('data-kind'), t.text()])).toEqual([
      ['script', '话术'],
      ['phrase', '常用语'],
      ['link', '常用链接'],
    ])
    expect(tabs[0]?.attributes('aria-selected')).toBe('true')
    expect(Object.fromEntries(urlsOf(fetchMock, CATS)[0] ?? [])).toEqual({ library: 'public', kind: 'script' })
  })

  it('AdminKnowledge – tree loaded – 全部 and 未分类 first and fixed, then categories nested with counts', async () => {
    const { w } = await mountAdmin()
    const rows = w.findAll('[data-test="kn-category"]')
    expect(rows.map((r) => r.attributes('data-id'))).toEqual(['1', '2', '10', '11', '12', '13', '20'])
    expect(row(w, 1).attributes('data-fixed')).toBe('root')
    expect(row(w, 2).attributes('data-fixed')).toBe('uncategorized')
    expect(row(w, 1).get('[data-test="kn-category-count"]').text()).toBe('4')
    expect(row(w, 13).attributes('data-depth')).toBe('4')
    for (const id of [1, 2]) {
      expect(row(w, id).find('[data-test="kn-rename-category"]').exists()).toBe(false)
      expect(row(w, id).find('[data-test="kn-delete-category"]').exists()).toBe(false)
      expect(row(w, id).find('.kn-drag-handle').exists()).toBe(false)
    }
    expect(row(w, 10).find('[data-test="kn-rename-category"]').exists()).toBe(true)
    expect(row(w, 1).attributes('aria-selected')).toBe('true')
  })

  it('AdminKnowledge – 常用语 tab – its own tree and list asked for, 内容 column', async () => {
    const { w, fetchMock } = await mountAdmin({ [ITEMS]: () => json(200, makePage([])) })
    await w.get('[data-test="kn-kind-tab"][data-kind="phrase"]').trigger('click')
    await flushPromises()
    expect(urlsOf(fetchMock, CATS).at(-1)?.get('kind')).toBe('phrase')
    expect(urlsOf(fetchMock, ITEMS).at(-1)?.get('kind')).toBe('phrase')
    expect(w.findAll('[data-test="kn-category"]').map((r) => r.attributes('data-id'))).toEqual(['1', '2'])
  })

  it('AdminKnowledge – a category clicked – selected, its items asked for', async () => {
    const { w, fetchMock } = await mountAdmin()
    await row(w, 10).trigger('click')
    await flushPromises()
    expect(row(w, 10).attributes('aria-selected')).toBe('true')
    expect(urlsOf(fetchMock, ITEMS).at(-1)?.get('categoryId')).toBe('10')
    await row(w, 1).trigger('click')
    await flushPromises()
    expect(urlsOf(fetchMock, ITEMS).at(-1)?.has('categoryId')).toBe(false)
  })
})

describe('AdminKnowledge – add and rename categories', () => {
  it('AdminKnowledge – 添加子分类 with a name – POSTs parent and name, the answered tree shown', async () => {
    const after = makeTree('script', [cat(10, '金典', [cat(11, '产品', [cat(12, '规格', [cat(13, '容量')])]), cat(14, '价格')], 1), cat(20, '安慕希')], 3)
    const { w, fetchMock } = await mountAdmin({
      [CATS]: (url, init) => json(method(init) === 'POST' ? 201 : 200, method(init) === 'POST' ? after : scriptTree()),
    })
    await row(w, 10).get('[data-test="kn-add-child"]').trigger('click')
    expect(w.get<HTMLInputElement>('[data-test="kn-category-where"] input').element.value).toBe('全部 / 金典')
    await w.get('[data-test="kn-category-name"] input').setValue('  价格 ')
    await w.get('[data-test="kn-save-category"]').trigger('click')
    await flushPromises()
    expect(bodyOf(calls(fetchMock, CATS, 'POST')[0]?.[1])).toEqual({ parentId: 10, name: '价格' })
    expect(row(w, 14).text()).toContain('价格')
  })

  it('AdminKnowledge – 添加分类 button – adds under 全部', async () => {
    const { w, fetchMock } = await mountAdmin({ [CATS]: (url, init) => json(method(init) === 'POST' ? 201 : 200, scriptTree()) })
    await w.get('[data-test="kn-add-category"]').trigger('click')
    await w.get('[data-test="kn-category-name"] input').setValue('伊利')
    await w.get('[data-test="kn-save-category"]').trigger('click')
    await flushPromises()
    expect(bodyOf(calls(fetchMock, CATS, 'POST')[0]?.[1])).toEqual({ parentId: 1, name: '伊利' })
  })

  it('AdminKnowledge – a category at level 4 – 添加子分类 disabled with the reason; 未分类 has none', async () => {
    const { w } = await mountAdmin()
    const add = row(w, 13).get('[data-test="kn-add-child"]')
    expect(add.attributes('disabled')).toBeDefined()
    expect(add.attributes('title')).toBe('分类最多 4 级')
    expect(row(w, 12).get('[data-test="kn-add-child"]').attributes('disabled')).toBeUndefined()
    expect(row(w, 2).find('[data-test="kn-add-child"]').exists()).toBe(false)
  })

  it('AdminKnowledge – name of 31 characters – refused on the field, nothing sent', async () => {
    const { w, fetchMock } = await mountAdmin()
    await w.get('[data-test="kn-add-category"]').trigger('click')
    await w.get('[data-test="kn-category-name"] input').setValue('名'.repeat(31))
    await w.get('[data-test="kn-save-category"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-test="kn-category-dialog"]').text()).toContain('分类名称不能超过 30 个字')
    expect(calls(fetchMock, CATS, 'POST')).toHaveLength(0)
  })

  it('AdminKnowledge – server refuses (too deep) – its message on the field, name kept, dialog open', async () => {
    const { w } = await mountAdmin({
      [CATS]: (url, init) => (method(init) === 'POST' ? apiErr(409, 'CONFLICT', '分类最多 4 级') : json(200, scriptTree())),
    })
    await row(w, 12).get('[data-test="kn-add-child"]').trigger('click')
    await w.get('[data-test="kn-category-name"] input').setValue('新的')
    await w.get('[data-test="kn-save-category"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-test="kn-category-dialog"] .van-field__error-message').text()).toBe('分类最多 4 级')
    expect(w.get<HTMLInputElement>('[data-test="kn-category-name"] input').element.value).toBe('新的')
  })

  it('AdminKnowledge – 编辑 a category – PATCH with the new name', async () => {
    const { w, fetchMock } = await mountAdmin({ [`${CATS}/20`]: () => json(200, scriptTree()) })
    await row(w, 20).get('[data-test="kn-rename-category"]').trigger('click')
    expect(w.get<HTMLInputElement>('[data-test="kn-category-name"] input').element.value).toBe('安慕希')
    await w.get('[data-test="kn-category-name"] input').setValue('安慕希酸奶')
    await w.get('[data-test="kn-save-category"]').trigger('click')
    await flushPromises()
    expect(bodyOf(calls(fetchMock, `${CATS}/20`, 'PATCH')[0]?.[1])).toEqual({ name: '安慕希酸奶' })
  })
})

describe('AdminKnowledge – delete categories', () => {
  const confirm = async (w: VueWrapper) => {
    await w.get('[data-test="kn-tree-dialog"] .van-dialog__confirm').trigger('click')
    await flushPromises()
  }

  it('AdminKnowledge – delete an empty category the server finds content in – the server message shown, tree reloaded', async () => {
    const deleteRoute = vi.fn(() => json(409, { error: { code: 'CONFLICT', message: '请先清除该分类下内容再进行删除', details: { reason: 'not_empty' } } }))
    const { w, fetchMock } = await mountAdmin({ [`${CATS}/20`]: deleteRoute })
    await row(w, 20).get('[data-test="kn-delete-category"]').trigger('click')
    await flushPromises()
    expect(dialogMessage(w)).toBe('确定删除分类「安慕希」吗？')
    const loads = calls(fetchMock, CATS, 'GET').length
    await confirm(w)
    expect(deleteRoute).toHaveBeenCalledOnce()
    expect(dialogMessage(w)).toBe('请先清除该分类下内容再进行删除')
    expect(calls(fetchMock, CATS, 'GET').length).toBe(loads + 1)
  })

  it('AdminKnowledge – delete a category with sub-categories – refused at once, nothing sent', async () => {
    const { w, fetchMock } = await mountAdmin()
    await row(w, 11).get('[data-test="kn-delete-category"]').trigger('click')
    await flushPromises()
    expect(dialogMessage(w)).toBe('请先清除该分类下内容再进行删除')
    expect(calls(fetchMock, `${CATS}/11`, 'DELETE')).toHaveLength(0)
  })

  it('AdminKnowledge – delete the selected empty category – DELETE, back to 全部', async () => {
    const { w, fetchMock } = await mountAdmin({ [`${CATS}/20`]: () => new Response(null, { status: 204 }) })
    await row(w, 20).trigger('click')
    await flushPromises()
    await row(w, 20).get('[data-test="kn-delete-category"]').trigger('click')
    await flushPromises()
    await confirm(w)
    expect(calls(fetchMock, `${CATS}/20`, 'DELETE')).toHaveLength(1)
    expect(row(w, 1).attributes('aria-selected')).toBe('true')
    expect(urlsOf(fetchMock, ITEMS).at(-1)?.has('categoryId')).toBe(false)
  })
})

describe('AdminKnowledge – drag', () => {
  const branch = (w: VueWrapper, parentId: number) => w.findAllComponents(VueDraggable).find((c) => c.attributes('data-parent-id') === String(parentId))!

  it('AdminKnowledge – 安慕希 dragged above 金典 – PUT position under 全部 at 0', async () => {
    const moved = makeTree('script', [cat(20, '安慕希'), cat(10, '金典', [], 1)], 3)
    const { w, fetchMock } = await mountAdmin({ [`${CATS}/20/position`]: () => json(200, moved) })
    branch(w, 1).vm.$emit('update', { oldIndex: 1, newIndex: 0, oldDraggableIndex: 1, newDraggableIndex: 0 })
    await flushPromises()
    expect(bodyOf(calls(fetchMock, `${CATS}/20/position`, 'PUT')[0]?.[1])).toEqual({ parentId: 1, index: 0 })
    expect(w.findAll('[data-test="kn-category"]').map((r) => r.attributes('data-id'))).toEqual(['1', '2', '20', '10'])
  })

  it('AdminKnowledge – 安慕希 dropped into 规格 – PUT position under 规格', async () => {
    const { w, fetchMock } = await mountAdmin({ [`${CATS}/20/position`]: () => json(200, scriptTree()) })
    const item = document.createElement('div')
    item.dataset.nodeId = '20'
    branch(w, 12).vm.$emit('add', { item, newIndex: 1, newDraggableIndex: 1 })
    await flushPromises()
    expect(bodyOf(calls(fetchMock, `${CATS}/20/position`, 'PUT')[0]?.[1])).toEqual({ parentId: 12, index: 1 })
  })

  it('AdminKnowledge – a 4-level branch dropped into 安慕希 – refused with the reason, nothing sent', async () => {
    const { w, fetchMock } = await mountAdmin()
    const item = document.createElement('div')
    item.dataset.nodeId = '10'
    branch(w, 20).vm.$emit('add', { item, newIndex: 0, newDraggableIndex: 0 })
    await flushPromises()
    expect(dialogMessage(w)).toBe('分类最多 4 级')
    expect(calls(fetchMock, `${CATS}/10/position`, 'PUT')).toHaveLength(0)
  })
})
