import type { SensitiveWord } from '@kelan/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { apiErr, json, stubFetch, type Route } from '@/test/fetch-stub'
import AdminSensitiveWords from './AdminSensitiveWords.vue'
import { bodyOf, callsTo, LOG, makeLogEntry, makeWord, WORDS } from './sensitive.testing'

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const twoWords = (): SensitiveWord[] => [makeWord(2, '返现', { action: 'block' }), makeWord(1, '微信')]

async function mountPage(routes: Record<string, Route> = {}, words = twoWords()) {
  const fetchMock = stubFetch({ [WORDS]: () => json(200, { items: words }), ...routes })
  const w = mount(AdminSensitiveWords, { attachTo: document.body })
  await flushPromises()
  return { w, fetchMock }
}

const row = (w: VueWrapper, id: number) => w.get(`[data-test="sensitive-word"][data-id="${id}"]`)
const wordTexts = (w: VueWrapper) => w.findAll('[data-test="sensitive-word-text"]').map((e) => e.text())

async function typeWords(w: VueWrapper, text: string) {
  await w.get('[data-test="sensitive-input"] textarea').setValue(text)
}

async function submit(w: VueWrapper) {
  await w.get('[data-test="sensitive-submit"]').trigger('click')
  await flushPromises()
}

const dialogButton = async (w: VueWrapper, which: 'confirm' | 'cancel') => {
  await w.get(`[data-test="sensitive-dialog"] .van-dialog__${which}`).trigger('click')
  await flushPromises()
}

describe('AdminSensitiveWords – list', () => {
  it('AdminSensitiveWords – words load – each with its word and action, the count above', async () => {
    const { w } = await mountPage()

    expect(wordTexts(w)).toEqual(['返现', '微信'])
    expect(row(w, 2).get('[data-test="sensitive-word-action"]').text()).toBe('拦截')
    expect(row(w, 1).get('[data-test="sensitive-word-action"]').text()).toBe('提醒')
    expect(row(w, 2).get('[data-test="sensitive-block-switch"]').attributes('aria-checked')).toBe('true')
    expect(w.get('[data-test="sensitive-count"]').text()).toBe('共 2 个')
  })

  it('AdminSensitiveWords – no words yet – the empty state', async () => {
    const { w } = await mountPage({}, [])

    expect(w.find('[data-test="sensitive-empty"]').exists()).toBe(true)
    expect(w.find('[data-test="sensitive-word"]').exists()).toBe(false)
  })

  it('AdminSensitiveWords – list fails to load – the error with 重试', async () => {
    const { w } = await mountPage({ [WORDS]: () => apiErr(500, 'INTERNAL', '服务器内部错误') })

    expect(w.text()).toContain('加载失败')
    expect(w.find('[data-test="sensitive-list"]').exists()).toBe(false)
  })

  it('AdminSensitiveWords – filter in full width – only matching words; no match says so', async () => {
    const { w } = await mountPage({}, [makeWord(1, '微信'), makeWord(2, 'VX号')])

    await w.get('[data-test="sensitive-filter"] input').setValue('ｖｘ')
    expect(wordTexts(w)).toEqual(['VX号'])

    await w.get('[data-test="sensitive-filter"] input').setValue('电话')
    expect(w.get('[data-test="sensitive-no-match"]').text()).toContain('电话')
  })

  it('AdminSensitiveWords – 450 words – 200 shown, 显示更多 adds the next 200', async () => {
    const words = Array.from({ length: 450 }, (_, i) => makeWord(i + 1, `词${i}`))
    const { w } = await mountPage({}, words)

    expect(w.findAll('[data-test="sensitive-word"]')).toHaveLength(200)
    expect(w.get('[data-test="sensitive-more"]').text()).toContain('还有 250 个')
    await w.get('[data-test="sensitive-more"]').trigger('click')
    expect(w.findAll('[data-test="sensitive-word"]')).toHaveLength(400)
  })
})

describe('AdminSensitiveWords – adding', () => {
  it('AdminSensitiveWords – two lines as 拦截 – POSTs them, clears the box, reloads the list', async () => {
    let words = twoWords()
    const { w, fetchMock } = await mountPage({
      [WORDS]: (_url, init) => {
        if (init?.method !== 'POST') return json(200, { items: words })
        const created = [makeWord(3, 'VX', { action: 'block' }), makeWord(4, '电话', { action: 'block' })]
        words = [...created.reverse(), ...words]
        return json(201, { items: created, skipped: [] })
      },
    })
    await typeWords(w, ' VX \n\n电话')
    await w.get('[data-test="sensitive-action"] [data-action="block"]').trigger('click')
    expect(w.get('[data-test="sensitive-action-hint"]').text()).toBe('命中后不允许发送')

    await submit(w)

    expect(callsTo(fetchMock, WORDS, 'POST').map(([, init]) => bodyOf(init))).toEqual([{ words: ['VX', '电话'], action: 'block' }])
    expect((w.get('[data-test="sensitive-input"] textarea').element as HTMLTextAreaElement).value).toBe('')
    expect(wordTexts(w)).toEqual(['电话', 'VX', '返现', '微信'])
    expect(w.find('[data-test="sensitive-skipped"]').exists()).toBe(false)
  })

  it('AdminSensitiveWords – some words already there – named as skipped', async () => {
    const { w } = await mountPage({
      [WORDS]: (_url, init) =>
        init?.method === 'POST' ? json(200, { items: [], skipped: ['微信', 'ＶＸ'] }) : json(200, { items: twoWords() }),
    })
    await typeWords(w, '微信\nＶＸ')

    await submit(w)

    expect(w.get('[data-test="sensitive-skipped"]').text()).toBe('以下 2 个词已存在，已跳过：微信、ＶＸ')
  })

  it('AdminSensitiveWords – a line over 30 characters – refused in place, nothing sent', async () => {
    const { w, fetchMock } = await mountPage()
    await typeWords(w, `微信\n${'敏'.repeat(31)}`)

    await submit(w)

    expect(w.get('[data-test="sensitive-input"]').text()).toContain('第 2 行：敏感词不能超过 30 个字')
    expect(callsTo(fetchMock, WORDS, 'POST')).toHaveLength(0)
  })

  it('AdminSensitiveWords – the server refuses (word limit) – its message shown, the text kept', async () => {
    const { w } = await mountPage({
      [WORDS]: (_url, init) =>
        init?.method === 'POST' ? apiErr(409, 'CONFLICT', '敏感词最多 10000 个，请先删除不再需要的词') : json(200, { items: twoWords() }),
    })
    await typeWords(w, '电话')

    await submit(w)

    expect(w.get('[data-test="sensitive-add-error"]').text()).toBe('敏感词最多 10000 个，请先删除不再需要的词')
    expect((w.get('[data-test="sensitive-input"] textarea').element as HTMLTextAreaElement).value).toBe('电话')
  })
})

describe('AdminSensitiveWords – changing and deleting', () => {
  it('AdminSensitiveWords – switch on a 提醒 word – PATCHes block and shows 拦截', async () => {
    const { w, fetchMock } = await mountPage({ [`${WORDS}/1`]: () => json(200, makeWord(1, '微信', { action: 'block' })) })

    await row(w, 1).get('[data-test="sensitive-block-switch"]').trigger('click')
    await flushPromises()

    expect(callsTo(fetchMock, `${WORDS}/1`, 'PATCH').map(([, init]) => bodyOf(init))).toEqual([{ action: 'block' }])
    expect(row(w, 1).get('[data-test="sensitive-word-action"]').text()).toBe('拦截')
  })

  it('AdminSensitiveWords – switch on a word deleted meanwhile – the refusal shown, the list reloaded', async () => {
    let loads = 0
    const { w } = await mountPage({
      [WORDS]: () => json(200, { items: ++loads === 1 ? twoWords() : [makeWord(2, '返现', { action: 'block' })] }),
      [`${WORDS}/1`]: () => apiErr(404, 'NOT_FOUND', '敏感词不存在或无权查看'),
    })

    await row(w, 1).get('[data-test="sensitive-block-switch"]').trigger('click')
    await flushPromises()

    expect(w.get('[data-test="sensitive-dialog"]').text()).toContain('敏感词不存在或无权查看')
    expect(wordTexts(w)).toEqual(['返现'])
  })

  it('AdminSensitiveWords – 删除 confirmed – DELETEs the word and drops it from the list', async () => {
    const { w, fetchMock } = await mountPage({ [`${WORDS}/2`]: () => new Response(null, { status: 204 }) })

    await row(w, 2).get('[data-test="sensitive-delete"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-test="sensitive-dialog"]').text()).toContain('确定删除敏感词「返现」吗？')
    await dialogButton(w, 'confirm')

    expect(callsTo(fetchMock, `${WORDS}/2`, 'DELETE')).toHaveLength(1)
    expect(wordTexts(w)).toEqual(['微信'])
    expect(w.get('[data-test="sensitive-count"]').text()).toBe('共 1 个')
  })

  it('AdminSensitiveWords – 删除 cancelled – nothing sent, the word stays', async () => {
    const { w, fetchMock } = await mountPage()

    await row(w, 2).get('[data-test="sensitive-delete"]').trigger('click')
    await flushPromises()
    await dialogButton(w, 'cancel')

    expect(fetchMock.mock.calls.filter(([, init]) => init?.method === 'DELETE')).toHaveLength(0)
    expect(wordTexts(w)).toEqual(['返现', '微信'])
  })
})

describe('AdminSensitiveWords – 发送记录', () => {
  async function openLog(w: VueWrapper) {
    const tab = w.findAll('[data-test="sensitive-tabs"] .van-tab').find((t) => t.text() === '发送记录')
    await tab?.trigger('click')
    await flushPromises()
  }

  it('AdminSensitiveWords – words tab open – the log is not loaded', async () => {
    const { fetchMock } = await mountPage({ [LOG]: () => json(200, { items: [], nextCursor: null }) })

    expect(callsTo(fetchMock, LOG, 'GET')).toHaveLength(0)
  })

  it('AdminSensitiveWords – log tab – entries with sender, outcome, words, text, source and chat', async () => {
    const entries = [
      makeLogEntry(2, { userName: '王五', outcome: 'blocked', words: ['返现', '微信'], text: '保证返现', itemId: null, chatId: null }),
      makeLogEntry(1),
    ]
    const { w } = await mountPage({ [LOG]: () => json(200, { items: entries, nextCursor: null }) })

    await openLog(w)

    const [blocked, confirmed] = w.findAll('[data-test="sensitive-log-entry"]')
    expect(blocked?.get('[data-test="sensitive-log-user"]').text()).toBe('王五')
    expect(blocked?.get('[data-test="sensitive-log-outcome"]').text()).toBe('已拦截')
    expect(blocked?.get('[data-test="sensitive-log-words"]').text()).toBe('返现微信')
    expect(blocked?.get('[data-test="sensitive-log-text"]').text()).toBe('保证返现')
    expect(blocked?.get('[data-test="sensitive-log-source"]').text()).toBe('自行输入')
    expect(blocked?.find('[data-test="sensitive-log-chat"]').exists()).toBe(false)
    expect(confirmed?.get('[data-test="sensitive-log-outcome"]').text()).toBe('确认后发送')
    expect(confirmed?.get('[data-test="sensitive-log-source"]').text()).toBe('知识库内容 #12')
    expect(confirmed?.get('[data-test="sensitive-log-chat"]').text()).toBe('会话：wmCUST0001')
    expect(w.find('[data-test="sensitive-log-more"]').exists()).toBe(false)
  })

  it('AdminSensitiveWords – log with more pages – 加载更多 asks with the cursor and appends', async () => {
    const { w, fetchMock } = await mountPage({
      [LOG]: (url) =>
        url.searchParams.get('cursor') === '5'
          ? json(200, { items: [makeLogEntry(4)], nextCursor: null })
          : json(200, { items: [makeLogEntry(6), makeLogEntry(5)], nextCursor: 5 }),
    })
    await openLog(w)

    await w.get('[data-test="sensitive-log-more"]').trigger('click')
    await flushPromises()

    expect(w.findAll('[data-test="sensitive-log-entry"]').map((e) => e.attributes('data-id'))).toEqual(['6', '5', '4'])
    expect(callsTo(fetchMock, LOG, 'GET').map(([url]) => new URL(String(url), 'http://x').search)).toEqual(['', '?cursor=5'])
    expect(w.find('[data-test="sensitive-log-more"]').exists()).toBe(false)
  })

  it('AdminSensitiveWords – empty log – says so', async () => {
    const { w } = await mountPage({ [LOG]: () => json(200, { items: [], nextCursor: null }) })

    await openLog(w)

    expect(w.find('[data-test="sensitive-log-empty"]').exists()).toBe(true)
  })

  it('AdminSensitiveWords – log fails, then 刷新 – the error, then the entries', async () => {
    let fail = true
    const { w } = await mountPage({ [LOG]: () => (fail ? apiErr(403, 'FORBIDDEN', '没有权限执行此操作') : json(200, { items: [makeLogEntry(1)], nextCursor: null })) })
    await openLog(w)
    expect(w.get('[data-test="sensitive-log"]').text()).toContain('没有权限执行此操作')

    fail = false
    await w.get('[data-test="sensitive-log-refresh"]').trigger('click')
    await flushPromises()

    expect(w.findAll('[data-test="sensitive-log-entry"]')).toHaveLength(1)
  })
})
