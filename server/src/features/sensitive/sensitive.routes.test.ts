import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { CreateSensitiveWordsResult, ErrorBody, SendLogPage, SensitiveCheckResult, SensitiveWord, SensitiveWordList, type SendLogInput } from '@kelan/shared'
import { sendLog, sensitiveWords } from '../../db/schema'
import type { Deps } from '../../deps'
import { TEST_CORP_ID } from '../../test/helpers'
import { SENSITIVE_WORD_LIMIT } from './sensitive.domain'
import { call, CHECK, SEND_LOG, setupCorp, WORDS } from './sensitive.testing'

const errorOf = async (res: Response) => ErrorBody.parse(await res.json()).error

/** Adds words as the admin; returns the created ones. */
async function addWords(deps: Deps, words: string[], action: 'warn' | 'block' = 'warn') {
  const res = await call(deps, WORDS, { as: 'boss', method: 'POST', json: { words, action } })
  expect(res.status).toBe(201)
  return CreateSensitiveWordsResult.parse(await res.json()).items
}

async function list(deps: Deps) {
  const res = await call(deps, WORDS, { as: 'boss' })
  expect(res.status).toBe(200)
  return SensitiveWordList.parse(await res.json()).items
}

async function check(deps: Deps, text: string, as = 'lisi') {
  const res = await call(deps, CHECK, { as, method: 'POST', json: { text } })
  expect(res.status).toBe(200)
  return SensitiveCheckResult.parse(await res.json())
}

const logInput = (sendToken: string, o: Partial<SendLogInput> = {}): SendLogInput => ({ sendToken, itemId: 12, chatId: 'wmCUST0001', ...o })

/** A word of another corp, straight into the table. */
function otherCorpWord(deps: Deps): number {
  const row = deps.db
    .insert(sensitiveWords)
    .values({ corpId: 'wwOTHER', word: '微信', wordKey: '微信', action: 'warn', createdAt: 1, createdBy: 'x' })
    .returning({ id: sensitiveWords.id })
    .get()
  return row.id
}

describe('sensitive routes – sign-in and roles', () => {
  it.each([
    ['GET', WORDS],
    ['POST', WORDS],
    ['PATCH', `${WORDS}/1`],
    ['DELETE', `${WORDS}/1`],
    ['GET', `${WORDS}/log`],
    ['POST', CHECK],
    ['POST', SEND_LOG],
  ])('%s %s – no session – 401', async (method, path) => {
    const deps = setupCorp()

    const res = await call(deps, path, { method, json: method === 'GET' || method === 'DELETE' ? undefined : {} })

    expect(res.status).toBe(401)
    expect((await errorOf(res)).code).toBe('UNAUTHENTICATED')
  })

  it.each([
    ['GET', WORDS, undefined],
    ['POST', WORDS, { words: ['微信'] }],
    ['PATCH', `${WORDS}/1`, { action: 'block' }],
    ['DELETE', `${WORDS}/1`, undefined],
    ['GET', `${WORDS}/log`, undefined],
  ])('%s %s – staff member or manager – 403, nothing changed', async (method, path, json) => {
    const deps = setupCorp()
    await addWords(deps, ['返现'])

    const res = [await call(deps, path, { as: 'lisi', method, json }), await call(deps, path, { as: 'zhao', method, json })]

    expect(res.map((r) => r.status)).toEqual([403, 403])
    expect((await errorOf(res[0]!)).code).toBe('FORBIDDEN')
    expect((await list(deps)).map((w) => [w.word, w.action])).toEqual([['返现', 'warn']])
  })
})

describe('GET /api/admin/sensitive-words', () => {
  it('GET – none yet – an empty list', async () => {
    expect(await list(setupCorp())).toEqual([])
  })

  it("GET – words added at different times, another corp's word – this corp's, newest first", async () => {
    const deps = setupCorp()
    otherCorpWord(deps)
    await addWords(deps, ['微信'])
    deps.clock.advance(60)
    await addWords(deps, ['返现'], 'block')

    const items = await list(deps)

    expect(items.map((w) => [w.word, w.action, w.createdAt])).toEqual([
      ['返现', 'block', 1_750_000_060],
      ['微信', 'warn', 1_750_000_000],
    ])
  })
})

describe('POST /api/admin/sensitive-words', () => {
  it('POST – several words, action omitted – 201, created as 提醒 in order, by the admin', async () => {
    const deps = setupCorp()

    const res = await call(deps, WORDS, { as: 'boss', method: 'POST', json: { words: [' 微信 ', 'VX'] } })

    expect(res.status).toBe(201)
    const body = CreateSensitiveWordsResult.parse(await res.json())
    expect(body.skipped).toEqual([])
    expect(body.items.map((w) => [w.word, w.action, w.createdAt])).toEqual([
      ['微信', 'warn', 1_750_000_000],
      ['VX', 'warn', 1_750_000_000],
    ])
    const rows = deps.db.select().from(sensitiveWords).all()
    expect(rows.map((r) => [r.word, r.wordKey, r.createdBy, r.corpId])).toEqual([
      ['微信', '微信', 'boss', TEST_CORP_ID],
      ['VX', 'vx', 'boss', TEST_CORP_ID],
    ])
  })

  it('POST – words the corp has (other case and width) and a repeat – 201, those skipped and reported', async () => {
    const deps = setupCorp()
    await addWords(deps, ['vx', '微信'])

    const res = await call(deps, WORDS, { as: 'boss', method: 'POST', json: { words: ['ＶＸ', '返现', '微信', '返现'], action: 'block' } })

    expect(res.status).toBe(201)
    const body = CreateSensitiveWordsResult.parse(await res.json())
    expect(body.items.map((w) => [w.word, w.action])).toEqual([['返现', 'block']])
    expect(body.skipped).toEqual(['ＶＸ', '微信', '返现'])
    expect(await list(deps)).toHaveLength(3)
  })

  it('POST – every word already there – 200, nothing created, all reported', async () => {
    const deps = setupCorp()
    await addWords(deps, ['微信'])

    const res = await call(deps, WORDS, { as: 'boss', method: 'POST', json: { words: ['微信'] } })

    expect(res.status).toBe(200)
    expect(CreateSensitiveWordsResult.parse(await res.json())).toEqual({ items: [], skipped: ['微信'] })
  })

  it("POST – a word another corp has – created: words are per corp", async () => {
    const deps = setupCorp()
    otherCorpWord(deps)

    expect((await addWords(deps, ['微信'])).map((w) => w.word)).toEqual(['微信'])
  })

  it.each([
    ['no words', { words: [] }],
    ['an empty word', { words: ['微信', '   '] }],
    ['a word over 30 characters', { words: ['敏'.repeat(31)] }],
    ['a word of zero-width and control characters only', { words: ['微信', '\u200b\u00ad\u0007'] }],
    ['over 500 words', { words: Array.from({ length: 501 }, (_, i) => `词${i}`) }],
    ['an unknown action', { words: ['微信'], action: 'delete' }],
    ['words not a list', { words: '微信' }],
  ])('POST – %s – 400 VALIDATION_FAILED, nothing created', async (_, json) => {
    const deps = setupCorp()

    const res = await call(deps, WORDS, { as: 'boss', method: 'POST', json })

    expect(res.status).toBe(400)
    expect((await errorOf(res)).code).toBe('VALIDATION_FAILED')
    expect(await list(deps)).toEqual([])
  })

  it('POST – malformed JSON – 400', async () => {
    const deps = setupCorp()

    const res = await call(deps, WORDS, { as: 'boss', method: 'POST', body: '{"words": [' })

    expect(res.status).toBe(400)
  })

  it('POST – the corp would pass the word limit – 409 CONFLICT with the limit, nothing created', async () => {
    const deps = setupCorp()
    const insert = deps.db.$client.prepare("insert into sensitive_words (corp_id, word, word_key, action, created_at, created_by) values (?, ?, ?, 'warn', 0, 'boss')")
    deps.db.$client.transaction(() => {
      for (let i = 0; i < SENSITIVE_WORD_LIMIT - 1; i++) insert.run(TEST_CORP_ID, `词${i}`, `词${i}`)
    })()

    const res = await call(deps, WORDS, { as: 'boss', method: 'POST', json: { words: ['微信', '返现'] } })

    expect(res.status).toBe(409)
    const error = await errorOf(res)
    expect(error).toMatchObject({ code: 'CONFLICT', details: { limit: SENSITIVE_WORD_LIMIT } })
    expect(error.message).toContain('10000')
    expect((await list(deps)).length).toBe(SENSITIVE_WORD_LIMIT - 1)
  })
})

describe('PATCH /api/admin/sensitive-words/:id', () => {
  it('PATCH – 提醒 to 拦截 – 200, the word with its new action, and checks block from now on', async () => {
    const deps = setupCorp()
    const [word] = await addWords(deps, ['返现'])
    expect((await check(deps, '保证返现')).blocked).toBe(false)

    const res = await call(deps, `${WORDS}/${word!.id}`, { as: 'boss', method: 'PATCH', json: { action: 'block' } })

    expect(res.status).toBe(200)
    expect(SensitiveWord.parse(await res.json())).toEqual({ ...word, action: 'block' })
    expect(await check(deps, '保证返现')).toEqual({ hits: [{ word: '返现', action: 'block', ranges: [[2, 4]] }], blocked: true, sendToken: expect.any(String) })
  })

  it("PATCH – unknown id, or another corp's word – 404 NOT_FOUND, the other corp's word unchanged", async () => {
    const deps = setupCorp()
    const other = otherCorpWord(deps)

    const res = [
      await call(deps, `${WORDS}/999`, { as: 'boss', method: 'PATCH', json: { action: 'block' } }),
      await call(deps, `${WORDS}/${other}`, { as: 'boss', method: 'PATCH', json: { action: 'block' } }),
    ]

    expect(res.map((r) => r.status)).toEqual([404, 404])
    expect((await errorOf(res[0]!)).code).toBe('NOT_FOUND')
    expect(deps.db.select().from(sensitiveWords).where(eq(sensitiveWords.id, other)).get()?.action).toBe('warn')
  })

  it.each([
    ['an unknown action', '1', { action: 'mute' }],
    ['no action', '1', {}],
    ['an id that is not a number', 'abc', { action: 'block' }],
    ['id 0', '0', { action: 'block' }],
  ])('PATCH – %s – 400', async (_, id, json) => {
    const deps = setupCorp()
    await addWords(deps, ['返现'])

    const res = await call(deps, `${WORDS}/${id}`, { as: 'boss', method: 'PATCH', json })

    expect(res.status).toBe(400)
    expect((await errorOf(res)).code).toBe('VALIDATION_FAILED')
  })
})

describe('DELETE /api/admin/sensitive-words/:id', () => {
  it('DELETE – a word – 204, gone from the list and from checks', async () => {
    const deps = setupCorp()
    const [word] = await addWords(deps, ['微信', '返现'])
    expect((await check(deps, '加微信')).hits).toHaveLength(1)

    const res = await call(deps, `${WORDS}/${word!.id}`, { as: 'boss', method: 'DELETE' })

    expect(res.status).toBe(204)
    expect((await list(deps)).map((w) => w.word)).toEqual(['返现'])
    expect(await check(deps, '加微信')).toEqual({ hits: [], blocked: false, sendToken: expect.any(String) })
  })

  it("DELETE – unknown id, already deleted, or another corp's word – 404", async () => {
    const deps = setupCorp()
    const [word] = await addWords(deps, ['微信'])
    const other = otherCorpWord(deps)
    await call(deps, `${WORDS}/${word!.id}`, { as: 'boss', method: 'DELETE' })

    const res = [
      await call(deps, `${WORDS}/999`, { as: 'boss', method: 'DELETE' }),
      await call(deps, `${WORDS}/${word!.id}`, { as: 'boss', method: 'DELETE' }),
      await call(deps, `${WORDS}/${other}`, { as: 'boss', method: 'DELETE' }),
    ]

    expect(res.map((r) => r.status)).toEqual([404, 404, 404])
    expect(deps.db.select().from(sensitiveWords).where(eq(sensitiveWords.id, other)).get()).toBeDefined()
  })

  it('DELETE – an id that is not a number – 400', async () => {
    const res = await call(setupCorp(), `${WORDS}/x1`, { as: 'boss', method: 'DELETE' })

    expect(res.status).toBe(400)
  })
})

describe('POST /api/knowledge/check', () => {
  it('check – staff member, words in the text – 200, the hits with ranges; words added later are seen at once', async () => {
    const deps = setupCorp()
    await addWords(deps, ['微信'])
    expect((await check(deps, '加我ＶＸ或微信')).hits.map((h) => h.word)).toEqual(['微信'])

    await addWords(deps, ['vx'], 'block')
    const result = await check(deps, '加我ＶＸ或微信')

    expect(result).toEqual({
      hits: [
        { word: 'vx', action: 'block', ranges: [[2, 4]] },
        { word: '微信', action: 'warn', ranges: [[5, 7]] },
      ],
      blocked: true,
      sendToken: expect.any(String),
    })
  })

  it("check – another corp's words – not matched", async () => {
    const deps = setupCorp()
    otherCorpWord(deps)

    expect(await check(deps, '加微信')).toEqual({ hits: [], blocked: false, sendToken: expect.any(String) })
  })

  it.each([
    ['no text', {}],
    ['text not a string', { text: 42 }],
    ['text over 5,000 characters', { text: '字'.repeat(5001) }],
  ])('check – %s – 400', async (_, json) => {
    const res = await call(setupCorp(), CHECK, { as: 'lisi', method: 'POST', json })

    expect(res.status).toBe(400)
    expect((await errorOf(res)).code).toBe('VALIDATION_FAILED')
  })
})

describe('POST /api/knowledge/send-log and GET /api/admin/sensitive-words/log', () => {
  async function logPage(deps: Deps, cursor?: number) {
    const res = await call(deps, `${WORDS}/log${cursor === undefined ? '' : `?cursor=${cursor}`}`, { as: 'boss' })
    expect(res.status).toBe(200)
    return SendLogPage.parse(await res.json())
  }

  it('send-log – a confirmed send by a staff member – 204; the admin sees the checked text and words with the sender and time', async () => {
    const deps = setupCorp()
    await addWords(deps, ['微信'])
    const { sendToken } = await check(deps, '加我微信')

    const res = await call(deps, SEND_LOG, { as: 'lisi', method: 'POST', json: logInput(sendToken) })

    expect(res.status).toBe(204)
    expect(await logPage(deps)).toEqual({
      items: [{ id: expect.any(Number), userid: 'lisi', userName: '李四', at: 1_750_000_000, itemId: 12, chatId: 'wmCUST0001', text: '加我微信', outcome: 'confirmed', words: ['微信'] }],
      nextCursor: null,
    })
  })

  it('send-log – a blocked free-text send without a chat, a word deleted since the check – recorded as blocked with it', async () => {
    const deps = setupCorp()
    const [block] = await addWords(deps, ['返现'], 'block')
    await addWords(deps, ['微信'])
    const { sendToken } = await check(deps, '返现加微信', 'zhao')
    await call(deps, `${WORDS}/${block!.id}`, { as: 'boss', method: 'DELETE' })

    const res = await call(deps, SEND_LOG, { as: 'zhao', method: 'POST', json: logInput(sendToken, { itemId: null, chatId: null }) })

    expect(res.status).toBe(204)
    expect((await logPage(deps)).items).toMatchObject([
      { userid: 'zhao', userName: '赵六', itemId: null, chatId: null, text: '返现加微信', outcome: 'blocked', words: expect.arrayContaining(['返现', '微信']) },
    ])
  })

  it('send-log – the same token twice – 409 the second time, one entry', async () => {
    const deps = setupCorp()
    await addWords(deps, ['微信'])
    const { sendToken } = await check(deps, '加我微信')
    await call(deps, SEND_LOG, { as: 'lisi', method: 'POST', json: logInput(sendToken) })

    const res = await call(deps, SEND_LOG, { as: 'lisi', method: 'POST', json: logInput(sendToken) })

    expect(res.status).toBe(409)
    expect(await errorOf(res)).toMatchObject({ code: 'CONFLICT', message: '这次发送已记录，不能重复记录' })
    expect(deps.db.select().from(sendLog).all()).toHaveLength(1)
  })

  it('send-log – a token never issued, another member\'s, an expired one, one of a check that found nothing – 400, nothing recorded', async () => {
    const deps = setupCorp()
    await addWords(deps, ['微信'])
    const boss = (await check(deps, '加我微信', 'boss')).sendToken
    const clean = (await check(deps, '你好')).sendToken
    const old = (await check(deps, '加我微信')).sendToken
    deps.clock.advance(30 * 60 + 1)

    const answers = []
    for (const token of ['made-up-token', boss, old, clean]) {
      const res = await call(deps, SEND_LOG, { as: 'lisi', method: 'POST', json: logInput(token) })
      answers.push([res.status, (await errorOf(res)).message])
    }

    expect(answers).toEqual([
      [400, '发送凭证无效或已过期，请重新发送'],
      [400, '发送凭证无效或已过期，请重新发送'],
      [400, '发送凭证无效或已过期，请重新发送'],
      [400, '发送凭证无效或已过期，请重新发送'],
    ])
    const fresh = (await check(deps, '你好')).sendToken
    const res = await call(deps, SEND_LOG, { as: 'lisi', method: 'POST', json: logInput(fresh) })
    expect([res.status, (await errorOf(res)).message]).toEqual([400, '这次发送未命中敏感词，无需记录'])
    expect(deps.db.select().from(sendLog).all()).toEqual([])
  })

  it('log – sends at different times, one by someone no longer in staff – newest first, their userid as name', async () => {
    const deps = setupCorp()
    await addWords(deps, ['微信'])
    const first = (await check(deps, '第一条微信')).sendToken
    await call(deps, SEND_LOG, { as: 'lisi', method: 'POST', json: logInput(first) })
    deps.clock.advance(30)
    const second = (await check(deps, '第二条微信', 'boss')).sendToken
    await call(deps, SEND_LOG, { as: 'boss', method: 'POST', json: logInput(second) })
    deps.db.insert(sendLog).values({ corpId: TEST_CORP_ID, userid: 'gone', text: '第三条', outcome: 'confirmed', words: ['微信'], at: 1_750_000_090 }).run()
    deps.db.insert(sendLog).values({ corpId: 'wwOTHER', userid: 'lisi', text: '别的企业', outcome: 'confirmed', words: ['微信'], at: 1_750_000_099 }).run()

    const page = await logPage(deps)

    expect(page.items.map((e) => [e.text, e.userName, e.at])).toEqual([
      ['第三条', 'gone', 1_750_000_090],
      ['第二条微信', '老板', 1_750_000_030],
      ['第一条微信', '李四', 1_750_000_000],
    ])
  })

  it('log – 51 entries – 50 newest, then the last one from the cursor, then the end', async () => {
    const deps = setupCorp()
    const rows = Array.from({ length: 51 }, (_, i) => ({
      corpId: TEST_CORP_ID, userid: 'lisi', text: `第${i}条`, outcome: 'confirmed' as const, words: ['微信'], at: 1_750_000_000 + i,
    }))
    deps.db.insert(sendLog).values(rows).run()

    const first = await logPage(deps)
    const second = await logPage(deps, first.nextCursor ?? undefined)

    expect(first.items).toHaveLength(50)
    expect(first.items[0]?.text).toBe('第50条')
    expect(first.nextCursor).toBe(first.items[49]?.id)
    expect(second).toMatchObject({ items: [{ text: '第0条' }], nextCursor: null })
  })

  it.each(['x', '0', '-3', '1.5'])('log – cursor %s – 400', async (cursor) => {
    const res = await call(setupCorp(), `${WORDS}/log?cursor=${cursor}`, { as: 'boss' })

    expect(res.status).toBe(400)
  })

  it.each([
    ['item id 0', logInput('t', { itemId: 0 })],
    ['a chat id over 64 characters', logInput('t', { chatId: 'w'.repeat(65) })],
    ['itemId missing', { sendToken: 't', chatId: null }],
    ['no send token', { itemId: 12, chatId: null }],
    ['an empty send token', logInput('')],
  ])('send-log – %s – 400, nothing recorded', async (_, json) => {
    const deps = setupCorp()

    const res = await call(deps, SEND_LOG, { as: 'lisi', method: 'POST', json })

    expect(res.status).toBe(400)
    expect((await errorOf(res)).code).toBe('VALIDATION_FAILED')
    expect(deps.db.select().from(sendLog).all()).toEqual([])
  })
})
