import { enableAutoUnmount, flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { closeDialog, closeToast } from 'vant'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { KnowledgeItem, KnowledgeKind } from '@kelan/shared'
import { useContextStore } from '@/stores/context'
import { apiErr, json, stubFetch, type Route } from '@/test/fetch-stub'
import { fakePlatform, makeCategory, makeLink, makePhrase, makeScript, makeTree, mediaPart, textPart, preloadLazyParts } from './knowledge.testing'
import KnowledgePanel from './KnowledgePanel.vue'

beforeAll(preloadLazyParts)

// 我的: 新建 / 编辑 / 删除 of personal items, with the shared contract's validation.

enableAutoUnmount(afterEach)
// <body> is not wiped between tests: Vant mounts one dialog there for good and reuses it.
afterEach(() => {
  vi.unstubAllGlobals()
  closeToast(true)
  closeDialog()
})

type FetchMock = ReturnType<typeof stubFetch>

/** A personal library holding `items` of every kind; writes answer as the server would. */
function stubPersonal(items: KnowledgeItem[] = [], routes: Record<string, Route> = {}): FetchMock {
  const tree = makeTree([makeCategory(5, '售后', [makeCategory(9, '退换货', [], { depth: 2 })])], 'personal')
  return stubFetch({
    '/api/knowledge/categories': () => json(200, tree),
    '/api/knowledge/items': (url, init) => {
      if (init?.method === 'POST') return json(201, { ...makePhrase(50, 'x', { library: 'personal' }), ...(JSON.parse(String(init.body)) as object), id: 50 })
      const mine = items.filter((i) => i.library === url.searchParams.get('library') && i.kind === url.searchParams.get('kind'))
      return json(200, { items: mine, total: mine.length, page: 1, pageSize: 20 })
    },
    '/api/knowledge/items/3': (_url, init) => (init?.method === 'DELETE' ? new Response(null, { status: 204 }) : json(200, { ...items[0], ...(JSON.parse(String(init?.body)) as object) })),
    ...routes,
  })
}

async function openMine(kind: KnowledgeKind = 'script') {
  const pinia = createPinia()
  setActivePinia(pinia)
  useContextStore().platform = fakePlatform()
  const w = mount(KnowledgePanel, { props: { chatId: 'wmCUST' }, global: { plugins: [pinia] }, attachTo: document.body })
  await flushPromises()
  await w.get(`[data-test="knowledge-tab"][data-kind="${kind}"]`).trigger('click')
  await w.get('[data-test="knowledge-library"][data-library="personal"]').trigger('click')
  await flushPromises()
  return w
}

const writes = (mock: FetchMock, verb: string) =>
  mock.mock.calls
    .filter(([, init]) => init?.method === verb)
    .map(([u, init]) => ({ path: new URL(String(u), 'http://x').pathname, body: init?.body ? (JSON.parse(String(init.body)) as unknown) : undefined }))
/** Taps 新建 or 编辑; the form's code arrives with the tap, so it renders a little later. */
const openForm = async (w: VueWrapper, selector: string) => {
  await w.get(selector).trigger('click')
  await flushPromises()
}
const form = (w: VueWrapper) => w.get('[data-test="knowledge-form"]')
const fill = (w: VueWrapper, test: string, value: string, index = 0) => form(w).findAll(`[data-test="${test}"] input, [data-test="${test}"] textarea`)[index]!.setValue(value)
const save = async (w: VueWrapper) => {
  await form(w).get('[data-test="knowledge-form-save"]').trigger('click')
  await flushPromises()
}
/** The newest toast (closed ones stay in <body> as Vant leaves them). */
const toastText = () => [...document.querySelectorAll('.van-toast')].at(-1)?.textContent
const fieldErrors = (w: VueWrapper) => form(w).findAll('.van-field__error-message, [data-test="knowledge-form-error"]').map((e) => e.text())

describe('KnowledgePanel – personal items', () => {
  it('KnowledgePanel – 公共 – no 新建 and no 编辑', async () => {
    stubFetch({
      '/api/knowledge/categories': () => json(200, makeTree()),
      '/api/knowledge/items': () => json(200, { items: [makeScript(1, 'q')], total: 1, page: 1, pageSize: 20 }),
    })
    const pinia = createPinia()
    setActivePinia(pinia)
    const w = mount(KnowledgePanel, { props: { chatId: null }, global: { plugins: [pinia] } })
    await flushPromises()
    expect(w.find('[data-test="knowledge-new"]').exists()).toBe(false)
    expect(w.find('[data-test="knowledge-edit"]').exists()).toBe(false)
  })

  it('KnowledgePanel – 新建话术 saved empty – says what is missing and sends nothing', async () => {
    const mock = stubPersonal()
    const w = await openMine('script')
    await openForm(w, '[data-test="knowledge-new"]')
    await save(w)
    expect(fieldErrors(w)).toEqual(['问题名称不能为空', '答案不能为空'])
    expect(writes(mock, 'POST')).toEqual([])
  })

  it('KnowledgePanel – 新建话术 filled in – posts it to my library and reloads the list', async () => {
    const mock = stubPersonal()
    const w = await openMine('script')
    await openForm(w, '[data-test="knowledge-new"]')
    await fill(w, 'knowledge-form-question', '  多久发货 ')
    await form(w).get('[data-test="knowledge-form-add-similar"]').trigger('click')
    await fill(w, 'knowledge-form-similar', '什么时候发货')
    await fill(w, 'knowledge-form-answer-text', '下单后 48 小时内发货')
    await save(w)
    expect(writes(mock, 'POST')).toEqual([
      {
        path: '/api/knowledge/items',
        body: { kind: 'script', question: '多久发货', similar: ['什么时候发货'], answer: [{ type: 'text', text: '下单后 48 小时内发货' }], library: 'personal' },
      },
    ])
    expect(form(w).isVisible()).toBe(false)
    expect(toastText()).toBe('已保存')
    const listCalls = mock.mock.calls.filter(([u, init]) => String(u).startsWith('/api/knowledge/items?') && !init?.method?.match(/POST/))
    expect(listCalls.length).toBeGreaterThanOrEqual(2)
  })

  it('KnowledgePanel – 新建 inside a category – files it there unless another is picked', async () => {
    const mock = stubPersonal()
    const w = await openMine('phrase')
    await w.get('[data-test="knowledge-category"][data-id="5"]').trigger('click')
    await flushPromises()
    await openForm(w, '[data-test="knowledge-new"]')
    expect(form(w).get('[data-test="knowledge-form-category"] input').element).toHaveProperty('value', '售后')
    await fill(w, 'knowledge-form-text', '七天无理由退换')
    await form(w).get('[data-test="knowledge-form-category"]').trigger('click')
    const option = [...document.querySelectorAll<HTMLElement>('.van-action-sheet__item')].find((el) => el.textContent === '售后 / 退换货')
    option!.click()
    await flushPromises()
    await save(w)
    expect(writes(mock, 'POST').map((c) => c.body)).toEqual([{ kind: 'phrase', text: '七天无理由退换', categoryId: 9, library: 'personal' }])
  })

  it('KnowledgePanel – 新建常用链接 with an ftp URL – refused on the URL field until it is http(s)', async () => {
    const mock = stubPersonal()
    const w = await openMine('link')
    await openForm(w, '[data-test="knowledge-new"]')
    await fill(w, 'knowledge-form-title', '官网')
    await fill(w, 'knowledge-form-url', 'ftp://yili.com')
    await save(w)
    expect(fieldErrors(w)).toEqual(['请输入以 http:// 或 https:// 开头的链接'])
    expect(writes(mock, 'POST')).toEqual([])
    await fill(w, 'knowledge-form-url', 'https://yili.com')
    await save(w)
    expect(writes(mock, 'POST').map((c) => c.body)).toEqual([{ kind: 'link', title: '官网', url: 'https://yili.com', description: '', cover: null, library: 'personal' }])
  })

  it('KnowledgePanel – 编辑 a script with an image – form filled in; the PUT keeps the image part', async () => {
    const mine = makeScript(3, '多久发货', [textPart('48 小时'), mediaPart('image', 'img-7')], { library: 'personal', categoryId: 5 })
    const mock = stubPersonal([mine])
    const w = await openMine('script')
    await openForm(w, '[data-test="knowledge-item"][data-id="3"] [data-test="knowledge-edit"]')
    expect((form(w).get('[data-test="knowledge-form-question"] input').element as HTMLInputElement).value).toBe('多久发货')
    expect(form(w).findAll('[data-test="knowledge-form-answer-media"]')).toHaveLength(1)
    await fill(w, 'knowledge-form-answer-text', '24 小时')
    await save(w)
    expect(writes(mock, 'PUT')).toEqual([
      {
        path: '/api/knowledge/items/3',
        body: { kind: 'script', question: '多久发货', similar: [], answer: [{ type: 'text', text: '24 小时' }, { type: 'image', attachmentId: 'img-7' }], categoryId: 5 },
      },
    ])
  })

  it('KnowledgePanel – 编辑 refused by the server with field issues – the message lands on the field, the form stays open', async () => {
    const mine = makePhrase(3, '您好', { library: 'personal' })
    stubPersonal([mine], {
      '/api/knowledge/items/3': () => json(400, { error: { code: 'VALIDATION_FAILED', message: '请求参数不正确：json.text', details: { issues: [{ path: 'json.text', message: '常用语不能为空' }] } } }),
    })
    const w = await openMine('phrase')
    await openForm(w, '[data-test="knowledge-item"][data-id="3"] [data-test="knowledge-edit"]')
    await fill(w, 'knowledge-form-text', '您好呀')
    await save(w)
    expect(fieldErrors(w)).toEqual(['常用语不能为空'])
    expect(form(w).get('[data-test="knowledge-form-failure"]').text()).toBe('请求参数不正确：json.text')
    expect(form(w).isVisible()).toBe(true)
  })

  it('KnowledgePanel – 取消 an edit – the item is unchanged when the form opens again', async () => {
    const mine = makeLink(3, '官网', { library: 'personal', url: 'https://yili.com' })
    stubPersonal([mine])
    const w = await openMine('link')
    const edit = () => openForm(w, '[data-test="knowledge-item"][data-id="3"] [data-test="knowledge-edit"]')
    await edit()
    await fill(w, 'knowledge-form-title', '改过的标题')
    await form(w).get('.van-popup__close-icon').trigger('click')
    await flushPromises()
    await edit()
    expect((form(w).get('[data-test="knowledge-form-title"] input').element as HTMLInputElement).value).toBe('官网')
  })

  it('KnowledgePanel – 删除 confirmed – deletes it and takes it off the list', async () => {
    const mock = stubPersonal([makePhrase(3, '您好', { library: 'personal' })])
    const w = await openMine('phrase')
    await w.get('[data-test="knowledge-item"][data-id="3"] [data-test="knowledge-delete"]').trigger('click')
    await flushPromises()
    document.querySelector<HTMLElement>('.van-dialog__confirm')!.click()
    await flushPromises()
    expect(writes(mock, 'DELETE').map((c) => c.path)).toEqual(['/api/knowledge/items/3'])
    expect(w.find('[data-test="knowledge-item"][data-id="3"]').exists()).toBe(false)
  })

  it('KnowledgePanel – 删除 refused – the item stays and the reason is shown', async () => {
    stubPersonal([makePhrase(3, '您好', { library: 'personal' })], { '/api/knowledge/items/3': () => apiErr(404, 'NOT_FOUND', '内容不存在') })
    const w = await openMine('phrase')
    await w.get('[data-test="knowledge-item"][data-id="3"] [data-test="knowledge-delete"]').trigger('click')
    await flushPromises()
    document.querySelector<HTMLElement>('.van-dialog__confirm')!.click()
    await flushPromises()
    expect(w.find('[data-test="knowledge-item"][data-id="3"]').exists()).toBe(true)
    expect(toastText()).toBe('内容不存在')
  })
})
