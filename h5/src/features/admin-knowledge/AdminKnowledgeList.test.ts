import type { KnowledgeItem } from '@kelan/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { apiErr, json, stubFetch, type Route } from '@/test/fetch-stub'
import AdminKnowledge from './AdminKnowledge.vue'
import { cat, makeLink, makePage, makePhrase, makeScript, makeTree } from './knowledge.testing'

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const CATS = '/api/knowledge/categories'
const ITEMS = '/api/knowledge/items'
const method = (init: RequestInit | undefined) => init?.method ?? 'GET'
const bodyOf = (init: RequestInit | undefined): unknown => JSON.parse(String(init?.body))

const tree = (kind: 'script' | 'phrase' | 'link') => makeTree(kind, [cat(10, '金典', [cat(11, '产品')], 1)], 2)

/**
 * The page with a tree per kind and `pages` answering GET /items (one per call, the last
 * repeating); POST /items answers `created`.
 */
async function mountList(pages: KnowledgeItem[][], routes: Record<string, Route> = {}, created?: KnowledgeItem) {
  let call = 0
  const fetchMock = stubFetch({
    [CATS]: (url) => json(200, tree(url.searchParams.get('kind') as 'script')),
    [ITEMS]: (url, init) => {
      if (method(init) === 'POST') return json(201, created)
      const items = pages[Math.min(call++, pages.length - 1)] ?? []
      return json(200, makePage(items))
    },
    ...routes,
  })
  const w = mount(AdminKnowledge, { attachTo: document.body })
  await flushPromises()
  return { w, fetchMock }
}

const calls = (fetchMock: ReturnType<typeof stubFetch>, path: string, verb: string) =>
  fetchMock.mock.calls.filter(([url, init]) => new URL(String(url), 'http://x').pathname === path && method(init) === verb)
const lastQuery = (fetchMock: ReturnType<typeof stubFetch>) => new URL(String(calls(fetchMock, ITEMS, 'GET').at(-1)?.[0]), 'http://x').searchParams
const rowIds = (w: VueWrapper) => w.findAll('[data-test="kn-item-row"]').map((r) => r.attributes('data-id'))
const itemRow = (w: VueWrapper, id: number) => w.get(`[data-test="kn-item-row"][data-id="${id}"]`)
const fill = async (w: VueWrapper, selector: string, value: string, index = 0) => {
  await w.findAll(`${selector} input, ${selector} textarea`)[index]?.setValue(value)
}
const save = async (w: VueWrapper) => {
  await w.get('[data-test="kn-save-item"]').trigger('click')
  await flushPromises()
}
const openNew = async (w: VueWrapper, kind?: 'phrase' | 'link') => {
  if (kind) {
    await w.get(`[data-test="kn-kind-tab"][data-kind="${kind}"]`).trigger('click')
    await flushPromises()
  }
  await w.get('[data-test="kn-new-item"]').trigger('click')
  await flushPromises()
}

describe('AdminKnowledge list – rows, 序号, 刷新', () => {
  it('list – items loaded – rows in the server order with 序号, 问题名称, time and uses; paging text', async () => {
    const items = [makeScript(11, '金典哪里好', { seq: 0, useCount: 3 }), makeScript(12, '门店', { seq: 1.17 })]
    const { w, fetchMock } = await mountList([items])
    expect(rowIds(w)).toEqual(['11', '12'])
    expect(w.get('[data-test="kn-item-table"] [role="columnheader"]:nth-child(2)').text()).toBe('问题名称')
    expect(itemRow(w, 11).get('[data-test="kn-item-title"]').text()).toBe('金典哪里好')
    expect(itemRow(w, 11).get('[data-test="kn-item-uses"]').text()).toContain('3')
    expect(itemRow(w, 12).get<HTMLInputElement>('[data-test="kn-seq-input"]').element.value).toBe('1.17')
    expect(itemRow(w, 11).get('[data-test="kn-item-updated"]').text()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    expect(w.get('[data-test="kn-range"]').text()).toBe('第1-2条/总共2条')
    expect(Object.fromEntries(lastQuery(fetchMock))).toEqual({ library: 'public', kind: 'script', sort: 'seq', page: '1', pageSize: '20' })
  })

  it('list – 序号 typed and 确定 – PUT seq, row shows it in the same place until 刷新 re-sorts', async () => {
    const first = [makeScript(11, '金典哪里好', { seq: 0 }), makeScript(12, '门店', { seq: 1 })]
    const resorted = [makeScript(12, '门店', { seq: 1 }), makeScript(11, '金典哪里好', { seq: 5 })]
    const seqRoute = vi.fn((_url: URL, init: RequestInit | undefined) => json(200, makeScript(11, '金典哪里好', { seq: (bodyOf(init) as { seq: number }).seq })))
    const { w, fetchMock } = await mountList([first, resorted], { [`${ITEMS}/11/seq`]: seqRoute })
    await itemRow(w, 11).get('[data-test="kn-seq-input"]').setValue('5')
    await itemRow(w, 11).get('[data-test="kn-seq-save"]').trigger('click')
    await flushPromises()
    expect(bodyOf(seqRoute.mock.calls[0]?.[1])).toEqual({ seq: 5 })
    expect(rowIds(w)).toEqual(['11', '12'])
    expect(itemRow(w, 11).get<HTMLInputElement>('[data-test="kn-seq-input"]').element.value).toBe('5')
    expect(itemRow(w, 11).find('[data-test="kn-seq-save"]').exists()).toBe(false)
    const loads = calls(fetchMock, ITEMS, 'GET').length
    await w.get('[data-test="kn-refresh"]').trigger('click')
    await flushPromises()
    expect(calls(fetchMock, ITEMS, 'GET').length).toBe(loads + 1)
    expect(rowIds(w)).toEqual(['12', '11'])
  })

  it('list – 序号 with three decimals – error in the cell, nothing sent; Esc puts the value back', async () => {
    const seqRoute = vi.fn(() => json(200, makeScript(11, 'x')))
    const { w } = await mountList([[makeScript(11, '金典哪里好', { seq: 2 })]], { [`${ITEMS}/11/seq`]: seqRoute })
    const input = itemRow(w, 11).get('[data-test="kn-seq-input"]')
    await input.setValue('1.234')
    await input.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(itemRow(w, 11).get('[data-test="kn-seq-error"]').text()).toBe('序号最多两位小数')
    expect(seqRoute).not.toHaveBeenCalled()
    await input.trigger('keydown', { key: 'Escape' })
    expect((input.element as HTMLInputElement).value).toBe('2')
    expect(itemRow(w, 11).find('[data-test="kn-seq-error"]').exists()).toBe(false)
  })

  it('list – 序号 refused by the server – its message in the cell, typed value kept', async () => {
    const { w } = await mountList([[makeScript(11, '金典哪里好', { seq: 2 })]], {
      [`${ITEMS}/11/seq`]: () => apiErr(403, 'FORBIDDEN', '只有管理员可以修改公共知识库'),
    })
    await itemRow(w, 11).get('[data-test="kn-seq-input"]').setValue('3')
    await itemRow(w, 11).get('[data-test="kn-seq-save"]').trigger('click')
    await flushPromises()
    expect(itemRow(w, 11).get('[data-test="kn-seq-error"]').text()).toBe('只有管理员可以修改公共知识库')
    expect(itemRow(w, 11).get<HTMLInputElement>('[data-test="kn-seq-input"]').element.value).toBe('3')
  })

  it('list – title searched – q sent, from page 1', async () => {
    const { w, fetchMock } = await mountList([[makeScript(11, '金典哪里好')]])
    await w.get('[data-test="kn-search"] input').setValue('金典')
    await w.get('[data-test="kn-search-submit"]').trigger('click')
    await flushPromises()
    expect(lastQuery(fetchMock).get('q')).toBe('金典')
    expect(lastQuery(fetchMock).get('page')).toBe('1')
  })

  it('list – more than one page – pagination asks for page 2', async () => {
    const { w, fetchMock } = await mountList([], {
      [ITEMS]: (url) => json(200, makePage([makePhrase(Number(url.searchParams.get('page')), 'x')], 45, Number(url.searchParams.get('page')))),
    })
    expect(w.get('[data-test="kn-range"]').text()).toBe('第1-20条/总共45条')
    await w.findAll('[data-test="kn-pagination"] .van-pagination__item--page button')[1]?.trigger('click')
    await flushPromises()
    expect(lastQuery(fetchMock).get('page')).toBe('2')
    expect(w.get('[data-test="kn-range"]').text()).toBe('第21-40条/总共45条')
  })

  it('list – 删除 confirmed – DELETE, list and tree reloaded', async () => {
    const { w, fetchMock } = await mountList([[makeScript(11, '金典哪里好')], []], { [`${ITEMS}/11`]: () => new Response(null, { status: 204 }) })
    const treeLoads = calls(fetchMock, CATS, 'GET').length
    await itemRow(w, 11).get('[data-test="kn-delete-item"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-test="kn-list-dialog"] .van-dialog__message').text()).toContain('确定删除「金典哪里好」吗')
    await w.get('[data-test="kn-list-dialog"] .van-dialog__confirm').trigger('click')
    await flushPromises()
    expect(calls(fetchMock, `${ITEMS}/11`, 'DELETE')).toHaveLength(1)
    expect(calls(fetchMock, CATS, 'GET').length).toBe(treeLoads + 1)
    expect(w.find('[data-test="kn-items-empty"]').exists()).toBe(true)
  })

  it('list – 查看 – the item read-only with its category path', async () => {
    const item = makeScript(11, '金典哪里好', { categoryId: 11, similar: ['金典好吗'] })
    const { w } = await mountList([[item]])
    await itemRow(w, 11).get('[data-test="kn-view-item"]').trigger('click')
    await flushPromises()
    const view = w.get('[data-test="kn-item-view"]')
    expect(view.get('[data-test="kn-view-title"]').text()).toBe('金典哪里好')
    expect(view.text()).toContain('金典好吗')
    expect(view.text()).toContain('金典 / 产品')
  })
})

describe('AdminKnowledge list – 新建 / 编辑', () => {
  it('新建话术 – nothing filled – 问题名称 and 答案 errors, nothing sent', async () => {
    const { w, fetchMock } = await mountList([[]])
    await openNew(w)
    // 图片, 视频 and 文件 pickers, each offering only its allowed types.
    expect(w.findAll('[data-test="kn-answer"] input[type="file"]').map((i) => i.attributes('accept'))).toEqual(['.jpg,.jpeg,.png', '.mp4', expect.stringContaining('.pdf')])
    await save(w)
    const dialog = w.get('[data-test="kn-item-dialog"]')
    expect(dialog.text()).toContain('问题名称不能为空')
    expect(dialog.text()).toContain('答案不能为空')
    expect(calls(fetchMock, ITEMS, 'POST')).toHaveLength(0)
  })

  it('新建话术 – question, two 相似问, text and link answer in the selected category – POSTs the public item', async () => {
    const { w, fetchMock } = await mountList([[]], {}, makeScript(30, '金典哪里好'))
    await w.get('[data-test="kn-category"][data-id="11"]').trigger('click')
    await flushPromises()
    await openNew(w)
    await fill(w, '[data-test="kn-question"]', '金典哪里好')
    await w.get('[data-test="kn-add-similar"]').trigger('click')
    await w.get('[data-test="kn-add-similar"]').trigger('click')
    await fill(w, '[data-test="kn-similar-input"]', '金典好在哪', 0)
    await fill(w, '[data-test="kn-similar-input"]', '金典的优点', 1)
    await fill(w, '[data-test="kn-answer-text"]', '有机奶源')
    await w.get('[data-test="kn-add-link-part"]').trigger('click')
    await fill(w, '[data-test="kn-answer-link-title"]', '金典官网')
    await fill(w, '[data-test="kn-answer-link-url"]', 'https://example.com/jindian')
    expect(w.get('[data-test="kn-answer-count"]').text()).toBe('文字 4/300')
    const loads = calls(fetchMock, ITEMS, 'GET').length
    await save(w)
    expect(bodyOf(calls(fetchMock, ITEMS, 'POST')[0]?.[1])).toEqual({
      library: 'public',
      kind: 'script',
      question: '金典哪里好',
      similar: ['金典好在哪', '金典的优点'],
      answer: [
        { type: 'text', text: '有机奶源' },
        { type: 'link', url: 'https://example.com/jindian', title: '金典官网', description: '', cover: null },
      ],
      categoryId: 11,
    })
    expect(calls(fetchMock, ITEMS, 'GET').length).toBe(loads + 1)
  })

  it('新建话术 – refused by the server – its message above the buttons, everything typed still there', async () => {
    const { w } = await mountList([[]], { [ITEMS]: (url, init) => (method(init) === 'POST' ? apiErr(403, 'FORBIDDEN', '只有管理员可以修改公共知识库') : json(200, makePage([]))) })
    await openNew(w)
    await fill(w, '[data-test="kn-question"]', '金典哪里好')
    await fill(w, '[data-test="kn-answer-text"]', '有机奶源')
    await save(w)
    expect(w.get('[data-test="kn-item-error"]').text()).toBe('只有管理员可以修改公共知识库')
    expect(w.get<HTMLInputElement>('[data-test="kn-question"] input').element.value).toBe('金典哪里好')
    expect(w.get<HTMLTextAreaElement>('[data-test="kn-answer-text"] textarea').element.value).toBe('有机奶源')
  })

  it('新建话术 – category deleted meanwhile – message on 分类, tree reloaded', async () => {
    const { w, fetchMock } = await mountList([[]], {
      [ITEMS]: (url, init) => (method(init) === 'POST' ? apiErr(404, 'NOT_FOUND', '分类不存在或无权查看') : json(200, makePage([]))),
    })
    await openNew(w)
    await fill(w, '[data-test="kn-question"]', '金典哪里好')
    await fill(w, '[data-test="kn-answer-text"]', '有机奶源')
    const treeLoads = calls(fetchMock, CATS, 'GET').length
    await save(w)
    expect(w.get('[data-test="kn-item-dialog"] .category-field').text()).toContain('分类不存在或无权查看')
    expect(calls(fetchMock, CATS, 'GET').length).toBe(treeLoads + 1)
  })

  it('新建常用语 – over 300 characters – refused; shortened – POSTed to 未分类 by default', async () => {
    const { w, fetchMock } = await mountList([[]], {}, makePhrase(31, '您好'))
    await openNew(w, 'phrase')
    expect(w.get<HTMLSelectElement>('[data-test="kn-item-category"]').element.value).toBe('2')
    await fill(w, '[data-test="kn-phrase-text"]', '语'.repeat(301))
    expect(w.get('[data-test="kn-phrase-count"]').text()).toBe('301/300')
    await save(w)
    expect(w.get('[data-test="kn-item-dialog"]').text()).toContain('常用语不能超过 300 个字')
    expect(calls(fetchMock, ITEMS, 'POST')).toHaveLength(0)
    await fill(w, '[data-test="kn-phrase-text"]', '您好，请稍等')
    await save(w)
    expect(bodyOf(calls(fetchMock, ITEMS, 'POST')[0]?.[1])).toEqual({ library: 'public', kind: 'phrase', text: '您好，请稍等', categoryId: 2 })
  })

  it('新建常用链接 – ftp URL – refused on the URL; fixed, category picked – POSTed', async () => {
    const { w, fetchMock } = await mountList([[]], {}, makeLink(32, '伊利官网'))
    await openNew(w, 'link')
    await fill(w, '[data-test="kn-link-title"]', '伊利官网')
    await fill(w, '[data-test="kn-link-url"]', 'ftp://yili.com')
    await save(w)
    expect(w.get('[data-test="kn-item-dialog"]').text()).toContain('请输入以 http:// 或 https:// 开头的链接')
    expect(calls(fetchMock, ITEMS, 'POST')).toHaveLength(0)
    await fill(w, '[data-test="kn-link-url"]', 'https://www.yili.com/')
    await fill(w, '[data-test="kn-link-description"]', '伊利集团官方网站')
    await w.get('[data-test="kn-item-category"]').setValue('10')
    await save(w)
    expect(bodyOf(calls(fetchMock, ITEMS, 'POST')[0]?.[1])).toEqual({
      library: 'public',
      kind: 'link',
      title: '伊利官网',
      url: 'https://www.yili.com/',
      description: '伊利集团官方网站',
      cover: null,
      categoryId: 10,
    })
  })

  it('编辑话术 with an image – PUT the whole item, the image kept, 序号 left out', async () => {
    const item = makeScript(11, '门店', {
      categoryId: 10,
      seq: 3,
      answer: [
        { type: 'text', text: '地址如下' },
        { type: 'image', attachmentId: 'img-1', attachment: { id: 'img-1', kind: 'image', mime: 'image/png', size: 10, filename: '门店.png', url: '/api/attachments/img-1' } },
      ],
    })
    const put = vi.fn((_url: URL, _init: RequestInit | undefined) => json(200, item))
    const { w } = await mountList([[item]], { [`${ITEMS}/11`]: put })
    await itemRow(w, 11).get('[data-test="kn-edit-item"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-test="kn-answer-attachment"] img').attributes('src')).toBe('/api/attachments/img-1')
    await fill(w, '[data-test="kn-question"]', '门店地址')
    await save(w)
    expect(bodyOf(put.mock.calls[0]?.[1])).toEqual({
      kind: 'script',
      question: '门店地址',
      similar: [],
      answer: [
        { type: 'text', text: '地址如下' },
        { type: 'image', attachmentId: 'img-1' },
      ],
      categoryId: 10,
    })
  })
})
