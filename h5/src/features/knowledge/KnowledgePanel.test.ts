import { enableAutoUnmount, flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { closeToast } from 'vant'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { KnowledgeCategoryTree, KnowledgeItem, KnowledgeSearchHit, SensitiveCheckResult } from '@kelan/shared'
import type { Platform } from '@/platform'
import { useContextStore } from '@/stores/context'
import { apiErr, json, stubFetch, type Route } from '@/test/fetch-stub'
import { clean, fakePlatform, hitsOf, SEND_TOKEN, linkPart, makeCategory, makeHit, makeLink, makePhrase, makeScript, makeTree, mediaPart, textPart, preloadLazyParts } from './knowledge.testing'
import KnowledgePanel from './KnowledgePanel.vue'

beforeAll(preloadLazyParts)

enableAutoUnmount(afterEach)
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  // Vant keeps one toast instance mounted in <body>: drop it with the page, so the next test gets a fresh one.
  closeToast(true)
  document.body.innerHTML = ''
})

type FetchMock = ReturnType<typeof stubFetch>

interface Server {
  tree?: (url: URL) => KnowledgeCategoryTree
  items?: (url: URL) => KnowledgeItem[]
  hits?: (url: URL) => KnowledgeSearchHit[]
  check?: (text: string) => SensitiveCheckResult
  routes?: Record<string, Route>
}

/** A knowledge server: the tree, a page of items and search hits as the test says; checks clean. */
function stubServer(s: Server = {}): FetchMock {
  return stubFetch({
    '/api/knowledge/categories': (url) => json(200, s.tree?.(url) ?? makeTree([], url.searchParams.get('library') as 'public', url.searchParams.get('kind') as 'script')),
    '/api/knowledge/items': (url) => {
      const items = s.items?.(url) ?? []
      return json(200, { items, total: items.length, page: Number(url.searchParams.get('page')), pageSize: 20 })
    },
    '/api/knowledge/search': (url) => json(200, { hits: s.hits?.(url) ?? [], nextCursor: null }),
    '/api/knowledge/check': (_url, init) => json(200, (s.check ?? clean)((JSON.parse(String(init?.body)) as { text: string }).text)),
    '/api/knowledge/send-log': () => json(201, { ok: true }),
    '/api/knowledge/items/1/use': () => json(200, { id: 1, useCount: 8 }),
    ...s.routes,
  })
}

async function mountPanel(chatId: string | null = 'wmCUST', platform: Platform = fakePlatform()) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useContextStore().platform = platform
  const w = mount(KnowledgePanel, { props: { chatId }, global: { plugins: [pinia] }, attachTo: document.body })
  await flushPromises()
  return { w, platform }
}

const calls = (mock: FetchMock, path: string, verb = 'GET') =>
  mock.mock.calls
    .filter(([, init]) => (init?.method ?? 'GET') === verb)
    .map(([u, init]) => ({ url: new URL(String(u), 'http://x'), body: init?.body ? (JSON.parse(String(init.body)) as unknown) : undefined }))
    .filter((c) => c.url.pathname === path)
const itemIds = (w: VueWrapper) => w.findAll('[data-test="knowledge-item"]').map((i) => Number(i.attributes('data-id')))
const item = (w: VueWrapper, id: number) => w.get(`[data-test="knowledge-item"][data-id="${id}"]`)
const sent = (platform: Platform) => vi.mocked(platform.sendChatMessage).mock.calls.map(([m]) => m)
const toastText = () => document.querySelector('.van-toast')?.textContent ?? ''

async function typeQuery(w: VueWrapper, q: string) {
  await w.get('[data-test="knowledge-search"] input').setValue(q)
  await vi.advanceTimersByTimeAsync(300)
  await flushPromises()
}

describe('KnowledgePanel – browsing', () => {
  it('KnowledgePanel – opens – lists 公共 话术 of 全部 by 序号 with 发送 in a chat', async () => {
    const mock = stubServer({ items: () => [makeScript(1, '金典哪里好'), makeScript(2, '舒化奶适合谁')] })
    const { w } = await mountPanel()
    expect(itemIds(w)).toEqual([1, 2])
    const [list] = calls(mock, '/api/knowledge/items')
    expect(Object.fromEntries(list!.url.searchParams)).toEqual({ library: 'public', kind: 'script', sort: 'seq', page: '1', pageSize: '20' })
    expect(item(w, 1).find('[data-test="knowledge-send"]').exists()).toBe(true)
    expect(item(w, 1).find('[data-test="knowledge-copy"]').exists()).toBe(false)
  })

  it('KnowledgePanel – tap 常用语 then 我的 – lists that kind of the personal library', async () => {
    const mock = stubServer({ items: (url) => (url.searchParams.get('kind') === 'phrase' ? [makePhrase(3, '稍等', { library: url.searchParams.get('library') as 'public' })] : []) })
    const { w } = await mountPanel()
    await w.get('[data-test="knowledge-tab"][data-kind="phrase"]').trigger('click')
    await flushPromises()
    await w.get('[data-test="knowledge-library"][data-library="personal"]').trigger('click')
    await flushPromises()
    const last = calls(mock, '/api/knowledge/items').at(-1)!
    expect([last.url.searchParams.get('library'), last.url.searchParams.get('kind')]).toEqual(['personal', 'phrase'])
    expect(itemIds(w)).toEqual([3])
    expect(item(w, 3).find('[data-test="knowledge-edit"]').exists()).toBe(true)
  })

  it('KnowledgePanel – tap a category, then a sub-category, then 全部 – lists each with its categoryId and a breadcrumb', async () => {
    const tree = makeTree([makeCategory(5, '舒化奶', [makeCategory(9, '低乳糖', [], { depth: 2, itemCount: 1 })], { itemCount: 3 }), makeCategory(6, '金典')])
    const mock = stubServer({ tree: () => tree })
    const { w } = await mountPanel()
    expect(w.findAll('[data-test="knowledge-category"]').map((c) => c.text())).toEqual(['未分类0 条', '舒化奶3 条', '金典0 条'])
    await w.get('[data-test="knowledge-category"][data-id="5"]').trigger('click')
    await flushPromises()
    await w.get('[data-test="knowledge-category"][data-id="9"]').trigger('click')
    await flushPromises()
    expect(w.findAll('[data-test="knowledge-crumb"]').map((c) => c.text())).toEqual(['全部', '舒化奶', '低乳糖'])
    expect(calls(mock, '/api/knowledge/items').map((c) => c.url.searchParams.get('categoryId'))).toEqual([null, '5', '9'])
    await w.get('[data-test="knowledge-crumb"][data-depth="0"]').trigger('click')
    await flushPromises()
    expect(calls(mock, '/api/knowledge/items').at(-1)!.url.searchParams.get('categoryId')).toBeNull()
    expect(w.findAll('[data-test="knowledge-crumb"]')).toHaveLength(1)
  })

  it('KnowledgePanel – 最常用 – asks for sort=used', async () => {
    const mock = stubServer()
    const { w } = await mountPanel()
    await w.get('[data-test="knowledge-sort"][data-sort="used"]').trigger('click')
    await flushPromises()
    expect(calls(mock, '/api/knowledge/items').at(-1)!.url.searchParams.get('sort')).toBe('used')
  })

  it('KnowledgePanel – the List asks for more – loads page 2 after page 1', async () => {
    const page = (n: number) => Array.from({ length: 20 }, (_, i) => makePhrase(n * 100 + i, `语${n}-${i}`))
    const mock = stubFetch({
      '/api/knowledge/categories': () => json(200, makeTree()),
      '/api/knowledge/items': (url) => json(200, { items: page(Number(url.searchParams.get('page'))), total: 40, page: Number(url.searchParams.get('page')), pageSize: 20 }),
    })
    const { w } = await mountPanel()
    w.findComponent({ name: 'van-list' }).vm.$emit('load')
    await flushPromises()
    expect(calls(mock, '/api/knowledge/items').map((c) => c.url.searchParams.get('page'))).toEqual(['1', '2'])
    expect(itemIds(w)).toHaveLength(40)
  })

  it('KnowledgePanel – the list fails – shows the error with 重试, which loads it', async () => {
    let fail = true
    stubServer({ routes: { '/api/knowledge/items': () => (fail ? apiErr(500, 'INTERNAL', '服务器出错') : json(200, { items: [makePhrase(4, '好')], total: 1, page: 1, pageSize: 20 })) } })
    const { w } = await mountPanel()
    expect(w.find('[data-test="load-error"]').exists()).toBe(true)
    fail = false
    await w.get('[data-test="retry"]').trigger('click')
    await flushPromises()
    expect(itemIds(w)).toEqual([4])
  })
})

describe('KnowledgePanel – search', () => {
  it('KnowledgePanel – types one character – searches it after the pause and marks the matches', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const mock = stubServer({
      hits: (url) => (url.searchParams.get('q') === '金' ? [makeHit(makeScript(1, '金典哪里好'), [{ field: 'question', index: 0, ranges: [[0, 1]] }])] : []),
    })
    const { w } = await mountPanel()
    await typeQuery(w, '金')
    const [search] = calls(mock, '/api/knowledge/search')
    expect(Object.fromEntries(search!.url.searchParams)).toEqual({ q: '金', library: 'public', kind: 'script', limit: '20' })
    expect(itemIds(w)).toEqual([1])
    expect(w.findAll('[data-test="knowledge-highlight"]').map((m) => m.text())).toEqual(['金'])
    expect(w.find('[data-test="knowledge-breadcrumb"]').exists()).toBe(false)
  })

  it('KnowledgePanel – types quickly – one request, for the last text only', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const mock = stubServer()
    const { w } = await mountPanel()
    const input = w.get('[data-test="knowledge-search"] input')
    await input.setValue('金')
    await vi.advanceTimersByTimeAsync(100)
    await input.setValue('金典')
    await vi.advanceTimersByTimeAsync(300)
    await flushPromises()
    expect(calls(mock, '/api/knowledge/search').map((c) => c.url.searchParams.get('q'))).toEqual(['金典'])
  })

  it('KnowledgePanel – a slow reply for an older query – is dropped for the newer one', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    let releaseOld: (r: Response) => void = () => undefined
    stubServer({
      routes: {
        '/api/knowledge/search': (url) =>
          url.searchParams.get('q') === '金'
            ? new Promise<Response>((resolve) => (releaseOld = resolve))
            : json(200, { hits: [makeHit(makeScript(2, '金典'))], nextCursor: null }),
      },
    })
    const { w } = await mountPanel()
    await typeQuery(w, '金')
    await typeQuery(w, '金典')
    releaseOld(json(200, { hits: [makeHit(makeScript(1, '金色'))], nextCursor: null }))
    await flushPromises()
    expect(itemIds(w)).toEqual([2])
  })

  it('KnowledgePanel – query with quotes and OR – sent as typed; nothing found says so', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const mock = stubServer()
    const { w } = await mountPanel()
    await typeQuery(w, '"a" OR (b*)')
    expect(calls(mock, '/api/knowledge/search')[0]!.url.searchParams.get('q')).toBe('"a" OR (b*)')
    expect(w.get('[data-test="knowledge-empty"]').text()).toContain('没有找到“"a" OR (b*)”相关内容')
  })

  it('KnowledgePanel – link hit matched in its description – description marked', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    stubServer({ hits: () => [makeHit(makeLink(7, '官网', { description: '伊利官方网站' }), [{ field: 'description', index: 0, ranges: [[2, 4]] }], 'body')] })
    const { w } = await mountPanel()
    await w.get('[data-test="knowledge-tab"][data-kind="link"]').trigger('click')
    await typeQuery(w, '官方')
    expect(w.findAll('[data-test="knowledge-highlight"]').map((m) => m.text())).toEqual(['官方'])
  })
})

describe('KnowledgePanel – send', () => {
  it('KnowledgePanel – 发送 an answer of text, image, link, text – every part in order, the image by the media_id the server gives, a use counted', async () => {
    const script = makeScript(1, '金典哪里好', [textPart('有机奶源'), mediaPart('image'), linkPart('官网', 'https://yili.com', '伊利'), textPart('欢迎选购')], { useCount: 7 })
    const mock = stubServer({ items: () => [script], routes: { '/api/knowledge/items/1/media': () => json(200, { msgtype: 'image', mediaId: 'MEDIA-9' }) } })
    const { w, platform } = await mountPanel()
    expect(item(w, 1).get('[data-test="knowledge-media"] img').attributes('src')).toBe('/api/attachments/image-1')
    await item(w, 1).get('[data-test="knowledge-send"]').trigger('click')
    await flushPromises()
    expect(sent(platform)).toEqual([
      { msgtype: 'text', text: { content: '有机奶源' } },
      { msgtype: 'image', image: { mediaid: 'MEDIA-9' } },
      { msgtype: 'news', news: { link: 'https://yili.com', title: '官网', desc: '伊利', imgUrl: '' } },
      { msgtype: 'text', text: { content: '欢迎选购' } },
    ])
    expect(calls(mock, '/api/knowledge/items/1/media', 'POST').map((c) => c.body)).toEqual([{ partIndex: 1 }])
    expect(toastText()).toContain('已发送')
    expect(calls(mock, '/api/knowledge/items/1/use', 'POST')).toHaveLength(1)
    expect(item(w, 1).text()).toContain('使用 8 次')
    expect(calls(mock, '/api/knowledge/send-log', 'POST')).toHaveLength(0)
  })

  it('KnowledgePanel – 发送 a 常用链接 – one news card with link, title, description', async () => {
    stubServer({ items: (url) => (url.searchParams.get('kind') === 'link' ? [makeLink(1, '新品发布', { url: 'https://a.cn/new', description: '夏季新品' })] : []) })
    const { w, platform } = await mountPanel()
    await w.get('[data-test="knowledge-tab"][data-kind="link"]').trigger('click')
    await flushPromises()
    await item(w, 1).get('[data-test="knowledge-send"]').trigger('click')
    await flushPromises()
    expect(sent(platform)).toEqual([{ msgtype: 'news', news: { link: 'https://a.cn/new', title: '新品发布', desc: '夏季新品', imgUrl: '' } }])
  })

  it('KnowledgePanel – warn word, 仍要发送 – shows the word marked, logs confirmed, then sends', async () => {
    const text = '加我微信，给你最低价'
    const mock = stubServer({ items: () => [makePhrase(1, text)], check: (t) => hitsOf(t, [['微信', 'warn']]) })
    const { w, platform } = await mountPanel('wmCUST')
    await item(w, 1).get('[data-test="knowledge-send"]').trigger('click')
    await flushPromises()
    const dialog = w.get('[data-test="knowledge-confirm"]')
    expect(dialog.attributes('data-verdict')).toBe('warn')
    expect(dialog.findAll('[data-test="knowledge-sensitive-word"]').map((t) => t.text())).toEqual(['微信'])
    expect(dialog.findAll('[data-test="knowledge-sensitive-hit"]').map((t) => t.text())).toEqual(['微信'])
    expect(sent(platform)).toEqual([])
    await w.get('[data-test="knowledge-confirm-send"]').trigger('click')
    await flushPromises()
    expect(calls(mock, '/api/knowledge/send-log', 'POST').map((c) => c.body)).toEqual([{ sendToken: SEND_TOKEN, itemId: 1, chatId: 'wmCUST' }])
    expect(sent(platform)).toEqual([{ msgtype: 'text', text: { content: text } }])
    expect(w.find('[data-test="knowledge-confirm"]').exists()).toBe(false)
  })

  it('KnowledgePanel – warn word, 取消 – nothing sent and nothing logged', async () => {
    const mock = stubServer({ items: () => [makePhrase(1, '加微信')], check: (t) => hitsOf(t, [['微信', 'warn']]) })
    const { w, platform } = await mountPanel()
    await item(w, 1).get('[data-test="knowledge-send"]').trigger('click')
    await flushPromises()
    await w.get('[data-test="knowledge-confirm-cancel"]').trigger('click')
    await flushPromises()
    expect(sent(platform)).toEqual([])
    expect(calls(mock, '/api/knowledge/send-log', 'POST')).toHaveLength(0)
  })

  it('KnowledgePanel – warn confirmed but the log cannot be saved – not sent, says why', async () => {
    stubServer({ items: () => [makePhrase(1, '加微信')], check: (t) => hitsOf(t, [['微信', 'warn']]), routes: { '/api/knowledge/send-log': () => apiErr(500, 'INTERNAL', '服务器出错') } })
    const { w, platform } = await mountPanel()
    await item(w, 1).get('[data-test="knowledge-send"]').trigger('click')
    await flushPromises()
    await w.get('[data-test="knowledge-confirm-send"]').trigger('click')
    await flushPromises()
    expect(sent(platform)).toEqual([])
    expect(toastText()).toContain('发送记录保存失败，未发送')
  })

  it('KnowledgePanel – block word – refused with the words, logged as blocked, nothing sent', async () => {
    const text = '保本返现，加微信'
    const mock = stubServer({ items: () => [makePhrase(1, text)], check: (t) => hitsOf(t, [['微信', 'warn'], ['返现', 'block']]) })
    const { w, platform } = await mountPanel('wmCUST')
    await item(w, 1).get('[data-test="knowledge-send"]').trigger('click')
    await flushPromises()
    const dialog = w.get('[data-test="knowledge-confirm"]')
    expect(dialog.attributes('data-verdict')).toBe('block')
    expect(dialog.findAll('[data-test="knowledge-sensitive-word"]').map((t) => [t.text(), t.attributes('data-action')])).toEqual([
      ['返现', 'block'],
      ['微信', 'warn'],
    ])
    expect(w.find('[data-test="knowledge-confirm-send"]').exists()).toBe(false)
    expect(calls(mock, '/api/knowledge/send-log', 'POST').map((c) => c.body)).toEqual([{ sendToken: SEND_TOKEN, itemId: 1, chatId: 'wmCUST' }])
    await w.get('[data-test="knowledge-confirm-ok"]').trigger('click')
    await flushPromises()
    expect(sent(platform)).toEqual([])
    expect(calls(mock, '/api/knowledge/items/1/use', 'POST')).toHaveLength(0)
  })

  it('KnowledgePanel – the check fails – nothing sent (fails closed)', async () => {
    stubServer({ items: () => [makePhrase(1, '您好')], routes: { '/api/knowledge/check': () => apiErr(503, 'NETWORK') } })
    const { w, platform } = await mountPanel()
    await item(w, 1).get('[data-test="knowledge-send"]').trigger('click')
    await flushPromises()
    expect(sent(platform)).toEqual([])
    expect(toastText()).toContain('敏感词检查失败')
  })

  it('KnowledgePanel – WeCom refuses the second message – says which one failed, no use counted', async () => {
    const platform = fakePlatform({ sendChatMessage: vi.fn().mockResolvedValueOnce(undefined).mockRejectedValueOnce({ errMsg: 'sendChatMessage:fail no permission' }) })
    const mock = stubServer({ items: () => [makeScript(1, 'q', [textPart('一'), textPart('二'), textPart('三')])] })
    const { w } = await mountPanel('wmCUST', platform)
    await item(w, 1).get('[data-test="knowledge-send"]').trigger('click')
    await flushPromises()
    expect(platform.sendChatMessage).toHaveBeenCalledTimes(2)
    expect(toastText()).toContain('第 2 条发送失败')
    expect(calls(mock, '/api/knowledge/items/1/use', 'POST')).toHaveLength(0)
  })
})

describe('KnowledgePanel – outside a chat', () => {
  it('KnowledgePanel – no chat – 复制 instead of 发送; copies the text, says 已复制 and counts a use', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined)
    vi.stubGlobal('navigator', { clipboard: { writeText } })
    const mock = stubServer({ items: () => [makeScript(1, 'q', [textPart('有机奶源'), linkPart('官网', 'https://yili.com')])] })
    const { w, platform } = await mountPanel(null)
    expect(w.find('[data-test="knowledge-send"]').exists()).toBe(false)
    expect(w.find('[data-test="knowledge-copy-hint"]').exists()).toBe(true)
    await item(w, 1).get('[data-test="knowledge-copy"]').trigger('click')
    await flushPromises()
    expect(writeText).toHaveBeenCalledWith('有机奶源\n官网 https://yili.com')
    expect(toastText()).toBe('已复制')
    expect(sent(platform)).toEqual([])
    expect(calls(mock, '/api/knowledge/items/1/use', 'POST')).toHaveLength(1)
  })
})
