import { and, eq } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { describe, expect, it } from 'vitest'
import { KnowledgeSearchQuery, type KnowledgeItem, type KnowledgeSearchPage } from '@kelan/shared'
import type { Viewer } from '../../app-env'
import type { Db } from '../../db/client'
import * as schema from '../../db/schema'
import type { Deps } from '../../deps'
import { AppError } from '../../lib/errors'
import { interleave, rankRowid, scopeToken } from './knowledge.match'
import { findItem, indexedRowids, rebuildSearchIndex, SEARCH_INDEX_VERSION } from './knowledge.repo'
import { searchKnowledge, type SearchOptions } from './knowledge.search'
import { deleteItem, updateItem, useItem } from './knowledge.service'
import { addItems, ADMIN, LISI, linkInput, phraseInput, scriptInput, setupCorp, WANG } from './knowledge.testing'

/** What a hit is called in lists: question, phrase text or link title. */
const label = (item: KnowledgeItem) => (item.kind === 'script' ? item.question : item.kind === 'phrase' ? item.text : item.title)

const run = (deps: Deps, viewer: Viewer, q: Record<string, unknown>, options?: SearchOptions): KnowledgeSearchPage =>
  searchKnowledge(deps, viewer, KnowledgeSearchQuery.parse(q), options)

const labels = (page: KnowledgeSearchPage) => page.hits.map((h) => label(h.item))
const tiers = (page: KnowledgeSearchPage) => page.hits.map((h) => [label(h.item), h.matchedIn])

/** A small public library: scripts, phrases and a link with Chinese, English, digits and syntax characters. */
function seedLibrary(deps: Deps) {
  return addItems(deps, [
    scriptInput('金典哪里好', { similar: ['金典适合谁喝'], answer: [{ type: 'text', text: '金典是有机纯牛奶，每100ml含3.8g蛋白质' }] }),
    scriptInput('舒化奶适合什么样的人', { similar: ['乳糖不耐受能喝吗'], answer: [{ type: 'text', text: '舒化是无乳糖牛奶，适合乳糖不耐受人群' }] }),
    scriptInput('门店营业时间', { answer: [{ type: 'text', text: '每天 9:00-21:00，节假日照常' }] }),
    phraseInput('您好，请问有什么可以帮您？'),
    phraseInput('双11活动：满199减30'),
    linkInput('iPhone 15 以旧换新', { description: '官方活动页 SKU-2024' }),
    scriptInput('C++ 与 "引号" 怎么写', { answer: [{ type: 'text', text: 'a*b-c OR (d) AND e: NEAR ^f {title}' }] }),
  ])
}

const STRATEGIES: [string, SearchOptions][] = [
  ['reading the items', { scanLimit: 1_000_000 }],
  ['the FTS indexes', { scanLimit: 0 }],
]

describe.each(STRATEGIES)('searchKnowledge through %s', (_, options) => {
  const search = (deps: Deps, q: string, extra: Record<string, unknown> = {}, viewer: Viewer = LISI) => run(deps, viewer, { q, ...extra }, options)

  it('1 Chinese character – every item holding it; title matches first, then answer text', () => {
    const deps = setupCorp()
    seedLibrary(deps)

    expect(tiers(search(deps, '奶'))).toEqual([
      ['舒化奶适合什么样的人', 'title'],
      ['金典哪里好', 'body'],
    ])
  })

  it('1 character at the very start and at the very end of a text – found', () => {
    const deps = setupCorp()
    seedLibrary(deps)

    expect(labels(search(deps, '您'))).toEqual(['您好，请问有什么可以帮您？'])
    expect(labels(search(deps, '常'))).toEqual(['门店营业时间'])
  })

  it('2 Chinese characters – substring anywhere; title match ranked above a similar-question match', () => {
    const deps = setupCorp()
    seedLibrary(deps)
    addItems(deps, [scriptInput('怎么喝', { similar: ['金典怎么喝'] })])

    expect(tiers(search(deps, '金典'))).toEqual([
      ['金典哪里好', 'title'],
      ['怎么喝', 'similar'],
    ])
  })

  it('2 characters at the end of the text – found (no trigram starts there)', () => {
    const deps = setupCorp()
    seedLibrary(deps)

    expect(labels(search(deps, '照常'))).toEqual(['门店营业时间'])
  })

  it('3+ Chinese characters – found in a similar question and the answer – ranked as a similar-question match', () => {
    const deps = setupCorp()
    seedLibrary(deps)

    expect(tiers(search(deps, '乳糖不耐'))).toEqual([['舒化奶适合什么样的人', 'similar']])
  })

  it('3+ characters that are not contiguous in any text – nothing', () => {
    const deps = setupCorp()
    seedLibrary(deps)

    expect(search(deps, '金典牛奶').hits).toEqual([])
  })

  it('mixed Chinese, English and digits – found, ASCII letters in any case', () => {
    const deps = setupCorp()
    seedLibrary(deps)

    expect(labels(search(deps, 'IPHONE 15'))).toEqual(['iPhone 15 以旧换新'])
    expect(labels(search(deps, '满199'))).toEqual(['双11活动：满199减30'])
    expect(tiers(search(deps, '100ml含3.8g'))).toEqual([['金典哪里好', 'body']])
    expect(tiers(search(deps, 'sku-2024'))).toEqual([['iPhone 15 以旧换新', 'body']])
    expect(labels(search(deps, '11'))).toEqual(['双11活动：满199减30'])
  })

  it.each([
    ['VIP', ['ＶＩＰ会员专享', 'VIP客户']],
    ['vip', ['ＶＩＰ会员专享', 'VIP客户']],
    ['ＶＩＰ', ['ＶＩＰ会员专享', 'VIP客户']],
    ['ｖｉｐ', ['ＶＩＰ会员专享', 'VIP客户']],
    ['ｖｉ', ['ＶＩＰ会员专享', 'VIP客户']],
    ['Ｐ', ['ＶＩＰ会员专享', 'VIP客户']],
    ['１１', ['双11活动']],
    ['满２００', ['满200减３０']],
    ['减30', ['满200减３０']],
  ])('full-width and half-width – query %j – finds both forms (1, 2 and 3+ characters)', (q, expected) => {
    const deps = setupCorp()
    addItems(deps, [phraseInput('ＶＩＰ会员专享'), phraseInput('VIP客户'), phraseInput('双11活动'), phraseInput('满200减３０')])

    expect(labels(search(deps, q)).sort()).toEqual([...expected].sort())
  })

  it('full-width text, half-width query – highlights point at the original characters', () => {
    const deps = setupCorp()
    addItems(deps, [linkInput('尊享ＶＩＰ', { description: '😀vip 专线' })])

    const [hit] = search(deps, 'Vip').hits

    expect(hit!.highlights).toEqual([
      { field: 'title', index: 0, ranges: [[2, 5]] },
      { field: 'description', index: 0, ranges: [[2, 5]] },
    ])
  })

  it('non-ASCII letters in another case – not matched (only ASCII letters fold)', () => {
    const deps = setupCorp()
    addItems(deps, [phraseInput('Ärger über Öl')])

    expect(search(deps, 'ärger').hits).toEqual([])
    expect(labels(search(deps, 'Ärger'))).toEqual(['Ärger über Öl'])
  })

  it.each([
    ['"引号"', ['C++ 与 "引号" 怎么写']],
    ['"', ['C++ 与 "引号" 怎么写']],
    ['a*b', ['C++ 与 "引号" 怎么写']],
    ['*', ['C++ 与 "引号" 怎么写']],
    ['-c', ['C++ 与 "引号" 怎么写']],
    ['OR (d)', ['C++ 与 "引号" 怎么写']],
    ['(', ['C++ 与 "引号" 怎么写']],
    ['C++', ['C++ 与 "引号" 怎么写']],
    ['e: NEAR', ['C++ 与 "引号" 怎么写']],
    ['{title}', ['C++ 与 "引号" 怎么写']],
    ['^', ['C++ 与 "引号" 怎么写']],
    ['OR', ['C++ 与 "引号" 怎么写']],
    ['NOT', []],
    ['金典 OR 舒化', []],
    ['"金典', []],
    ['(金典)', []],
    ['金*', []],
    ['-金典', []],
  ])('query-syntax input %j – searched literally', (q, expected) => {
    const deps = setupCorp()
    seedLibrary(deps)

    expect(labels(search(deps, q))).toEqual(expected)
  })

  it('a hit – highlights the matches in the fields shown', () => {
    const deps = setupCorp()
    seedLibrary(deps)

    const [hit] = search(deps, '金典').hits

    expect(hit!.highlights).toEqual([
      { field: 'question', index: 0, ranges: [[0, 2]] },
      { field: 'similar', index: 0, ranges: [[0, 2]] },
      { field: 'answer', index: 0, ranges: [[0, 2]] },
    ])
  })

  it('same tier – most used first, then newest', () => {
    const deps = setupCorp()
    const [old, mid] = addItems(deps, [scriptInput('价格一'), scriptInput('价格二'), scriptInput('价格三')])
    useItem(deps, LISI, mid!.id)
    useItem(deps, WANG, mid!.id)
    useItem(deps, LISI, old!.id)

    expect(labels(search(deps, '价格'))).toEqual(['价格二', '价格一', '价格三'])
  })

  it('personal items – the owner finds theirs with the public ones; a colleague finds only the public ones', () => {
    const deps = setupCorp()
    addItems(deps, [phraseInput('公共的欢迎语')])
    addItems(deps, [phraseInput('李四的欢迎语', 'personal')], LISI)

    expect(labels(search(deps, '欢迎语', {}, LISI)).sort()).toEqual(['公共的欢迎语', '李四的欢迎语'])
    expect(labels(search(deps, '欢迎语', {}, WANG))).toEqual(['公共的欢迎语'])
    expect(labels(search(deps, '欢迎语', {}, ADMIN))).toEqual(['公共的欢迎语'])
  })

  it('library and kind filters – only that library, only that kind', () => {
    const deps = setupCorp()
    addItems(deps, [phraseInput('会员积分规则'), scriptInput('会员积分怎么算'), linkInput('会员积分商城')])
    addItems(deps, [phraseInput('会员积分我的说法', 'personal')], LISI)

    expect(labels(search(deps, '会员积分', { library: 'personal' }))).toEqual(['会员积分我的说法'])
    expect(labels(search(deps, '会员积分', { library: 'public', kind: 'link' }))).toEqual(['会员积分商城'])
    expect(labels(search(deps, '会员积分', { kind: 'phrase' })).sort()).toEqual(['会员积分我的说法', '会员积分规则'])
  })

  it('items of another corp in the same database – never found', () => {
    const deps = setupCorp()
    addItems({ ...deps, corpId: 'wwOTHERCORP' }, [phraseInput('别家的欢迎语')])
    addItems(deps, [phraseInput('自家的欢迎语')])

    expect(labels(search(deps, '欢迎语'))).toEqual(['自家的欢迎语'])
  })

  it('paging with the cursor across tiers – every hit once, in the order of one big page', () => {
    const deps = setupCorp()
    addItems(deps, Array.from({ length: 9 }, (_, i) => scriptInput(`优惠${i}`)))
    addItems(deps, Array.from({ length: 7 }, (_, i) => scriptInput(`问题${i}`, { similar: [`优惠吗${i}`] })))
    addItems(deps, Array.from({ length: 8 }, (_, i) => phraseInput(`本周有优惠活动${i}`)))
    const all = labels(search(deps, '优惠', { limit: 50 }))

    const paged: string[] = []
    let cursor: string | null | undefined
    do {
      const page = search(deps, '优惠', { limit: 5, ...(cursor ? { cursor } : {}) })
      paged.push(...labels(page))
      cursor = page.nextCursor
    } while (cursor)

    expect(all).toHaveLength(24)
    expect(paged).toEqual(all)
  })

  it('a last page exactly full – no next cursor', () => {
    const deps = setupCorp()
    addItems(deps, [scriptInput('退货一'), scriptInput('退货二')])

    expect(search(deps, '退货', { limit: 2 }).nextCursor).toBeNull()
    expect(search(deps, '退货', { limit: 1 }).nextCursor).not.toBeNull()
  })

  it('an edited item – found by its new text, not its old', () => {
    const deps = setupCorp()
    const [item] = addItems(deps, [scriptInput('老问题')])
    updateItem(deps, ADMIN, item!.id, { kind: 'script', question: '新问题', similar: [], answer: [{ type: 'text', text: '新答案' }] })

    expect(search(deps, '老问题').hits).toEqual([])
    expect(labels(search(deps, '新问题'))).toEqual(['新问题'])
  })

  it('a deleted item – no longer found', () => {
    const deps = setupCorp()
    const [item] = addItems(deps, [scriptInput('要删掉的')])
    deleteItem(deps, ADMIN, item!.id)

    expect(search(deps, '删掉').hits).toEqual([])
  })
})

describe('searchKnowledge – both ways agree', () => {
  it('reading the items and the FTS indexes – the same hits, tiers, order and cursors for many queries', () => {
    const deps = setupCorp()
    seedLibrary(deps)
    addItems(deps, [phraseInput('您好，李四为您服务', 'personal'), scriptInput('我的金典话术', { library: 'personal' })], LISI)
    const [a] = addItems(deps, [scriptInput('金典礼盒价格'), scriptInput('牛奶价格表')])
    useItem(deps, LISI, a!.id)

    for (const q of ['奶', '金典', '您', '价格', '乳糖不耐', 'iphone', '"', '11', 'OR', '无此内容']) {
      for (const library of ['all', 'public', 'personal']) {
        const scanned = run(deps, LISI, { q, library, limit: 3 }, { scanLimit: 1_000_000 })
        const indexed = run(deps, LISI, { q, library, limit: 3 }, { scanLimit: 0 })
        expect(indexed, `${q} in ${library}`).toEqual(scanned)
      }
    }
  })

  it('the default threshold – a small library read, a large one indexed – both find the same', () => {
    const deps = setupCorp()
    seedLibrary(deps)

    expect(run(deps, LISI, { q: '金典' })).toEqual(run(deps, LISI, { q: '金典' }, { scanLimit: 0 }))
  })
})

describe('searchKnowledge – cursor and index upkeep', () => {
  it('searchKnowledge – a cursor this server did not make – VALIDATION_FAILED', () => {
    const deps = setupCorp()

    const err = (() => {
      try {
        run(deps, LISI, { q: '金典', cursor: 'bm90LWEtY3Vyc29y' })
      } catch (e) {
        return e
      }
    })()

    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).status).toBe(400)
  })

  it('item writes – both indexes hold exactly one rowid per item, at its current rank', () => {
    const deps = setupCorp()
    const [a, b, c] = addItems(deps, [scriptInput('一'), phraseInput('二'), linkInput('三')])
    useItem(deps, LISI, a!.id)
    updateItem(deps, ADMIN, b!.id, { kind: 'phrase', text: '二改' })
    deleteItem(deps, ADMIN, c!.id)
    useItem(deps, LISI, b!.id)

    const [script, phrase] = [a!, b!].map((i) => findItem(deps.db, deps.corpId, i.id)!).map((i) => rankRowid(i.useCount, i.id))
    // The phrase has only a title; the script a title and an answer (body), no similar questions.
    const titles = [script!, phrase!].sort((x, y) => x - y)
    expect(indexedRowids(deps.db)).toEqual({
      knowledge_fts_title: titles, knowledge_fts_similar: [], knowledge_fts_body: [script],
      knowledge_fts_title_short: titles, knowledge_fts_similar_short: [], knowledge_fts_body_short: [script],
    })
  })

  it('rebuildSearchIndex – after the indexes were emptied – search finds everything again', () => {
    const deps = setupCorp()
    seedLibrary(deps)
    for (const table of Object.keys(indexedRowids(deps.db))) deps.db.$client.exec(`insert into ${table} (${table}) values ('delete-all')`)
    const indexOnly = { scanLimit: 0 }
    expect(run(deps, LISI, { q: '金典' }, indexOnly).hits).toEqual([])

    const n = rebuildSearchIndex(deps.db)

    expect(n).toBe(7)
    expect(labels(run(deps, LISI, { q: '金典' }, indexOnly))).toEqual(['金典哪里好'])
    expect(labels(run(deps, LISI, { q: '奶' }, indexOnly))).toEqual(['舒化奶适合什么样的人', '金典哪里好'])
  })

  it('prepareSearch – an index written before folding (raw text, no version) – rebuilt on a new connection, full-width found', () => {
    const deps = setupCorp()
    const [item] = addItems(deps, [phraseInput('ＶＩＰ会员专享')])
    const { treeId } = findItem(deps.db, deps.corpId, item!.id)!
    // What the previous version left: the text as it is, and no version setting.
    for (const table of Object.keys(indexedRowids(deps.db))) deps.db.$client.exec(`insert into ${table} (${table}) values ('delete-all')`)
    const insert = (table: string, text: string) =>
      deps.db.$client.prepare(`insert into ${table} (rowid, scope, text) values (?, ?, ?)`).run(rankRowid(0, item!.id), scopeToken(treeId), text)
    insert('knowledge_fts_title', 'ＶＩＰ会员专享')
    insert('knowledge_fts_title_short', interleave('ＶＩＰ会员专享'))
    const version = and(eq(schema.settings.corpId, ''), eq(schema.settings.key, 'knowledge.searchIndexVersion'))
    deps.db.delete(schema.settings).where(version).run()
    const indexOnly = { scanLimit: 0 }
    expect(run(deps, LISI, { q: 'vip' }, indexOnly).hits).toEqual([])

    // A server started on this file: a new connection, prepared on its first search.
    const reopened: Deps = { ...deps, db: drizzle({ client: deps.db.$client, schema }) as Db }

    expect(labels(run(reopened, LISI, { q: 'vip' }, indexOnly))).toEqual(['ＶＩＰ会员专享'])
    expect(labels(run(reopened, LISI, { q: 'ＶＩ' }, indexOnly))).toEqual(['ＶＩＰ会员专享'])
    expect(reopened.db.select().from(schema.settings).where(version).get()?.value).toBe(SEARCH_INDEX_VERSION)
  })
})
