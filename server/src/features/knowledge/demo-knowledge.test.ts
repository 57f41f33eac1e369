import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { KnowledgeItemQuery, KnowledgeKind, KnowledgeSearchQuery, type KnowledgeItem } from '@kelan/shared'
import { createDb } from '../../db/client'
import { sensitiveWords } from '../../db/schema'
import type { Deps } from '../../deps'
import { makeTestDeps, TEST_CORP_ID } from '../../test/helpers'
import { checkText, listWords } from '../sensitive/sensitive.service'
import { seedDemoKnowledge } from './demo-knowledge'
import { searchKnowledge } from './knowledge.search'
import { getCategoryTree, listItems } from './knowledge.service'
import { ADMIN, addItems, LISI, phraseInput, setupCorp } from './knowledge.testing'

const publicItems = (deps: Deps): KnowledgeItem[] =>
  KnowledgeKind.options.flatMap((kind) => listItems(deps, LISI, KnowledgeItemQuery.parse({ library: 'public', kind, pageSize: 100 })).items)

const topCategories = (deps: Deps, kind: KnowledgeKind) =>
  getCategoryTree(deps, LISI, { library: 'public', kind }).root.children.map((c) => [c.name, c.itemCount])

describe('seedDemoKnowledge', () => {
  it('seedDemoKnowledge – empty corp – categories of each kind, about 25 items and 3 sensitive words', () => {
    const deps = setupCorp()

    seedDemoKnowledge(deps)

    expect(topCategories(deps, 'script')).toEqual([['未分类', 0], ['售前咨询', 4], ['售后服务', 4], ['价格与优惠', 4]])
    expect(topCategories(deps, 'phrase')).toEqual([['未分类', 0], ['问候', 4], ['跟进', 3]])
    expect(topCategories(deps, 'link')).toEqual([['未分类', 0], ['产品介绍', 3], ['帮助中心', 3]])
    expect(publicItems(deps)).toHaveLength(25)
    expect(listWords(deps, ADMIN).items.map((w) => [w.word, w.action]).sort()).toEqual([['保证', 'warn'], ['微信转账', 'block'], ['最低价', 'warn']])
  })

  it('seedDemoKnowledge – then a 2-character search through the index – the matching 话术 found', () => {
    const deps = setupCorp()
    seedDemoKnowledge(deps)

    // scanLimit 0 forces the FTS path: the hit proves the items were indexed, not just stored.
    const page = searchKnowledge(deps, LISI, KnowledgeSearchQuery.parse({ q: '发票' }), { scanLimit: 0 })

    const first = page.hits[0]
    expect(first?.item.kind === 'script' && first.item.question).toBe('怎么申请开发票？')
    expect(first?.matchedIn).toBe('title')
    // The FAQ link mentions 发票 in its description: found too, ranked below the title match.
    expect(page.hits.map((h) => h.item.kind === 'link' && h.item.title)).toContain('常见问题 FAQ')
  })

  it('seedDemoKnowledge – a seeded answer with 最低价 checked before a send – a warn hit, not blocked', () => {
    const deps = setupCorp()
    seedDemoKnowledge(deps)
    const item = searchKnowledge(deps, LISI, KnowledgeSearchQuery.parse({ q: '便宜' })).hits[0]?.item
    const answer = item?.kind === 'script' ? item.answer.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('\n') : ''

    const result = checkText(deps, LISI, answer)

    expect(result.blocked).toBe(false)
    expect(result.hits.map((h) => [h.word, h.action])).toEqual([['最低价', 'warn']])
  })

  it('seedDemoKnowledge – called a second time – adds nothing', () => {
    const deps = setupCorp()
    seedDemoKnowledge(deps)
    const before = publicItems(deps).map((i) => i.id)

    seedDemoKnowledge(deps)

    expect(publicItems(deps).map((i) => i.id)).toEqual(before)
    expect(topCategories(deps, 'script')).toHaveLength(4)
    expect(listWords(deps, ADMIN).items).toHaveLength(3)
  })

  it('seedDemoKnowledge – corp already has a public item – adds nothing, no sensitive words', () => {
    const deps = setupCorp()
    const [own] = addItems(deps, [phraseInput('管理员自己写的常用语')])

    seedDemoKnowledge(deps)

    expect(publicItems(deps).map((i) => i.id)).toEqual([own!.id])
    expect(listWords(deps, ADMIN).items).toEqual([])
  })

  it('seedDemoKnowledge – another connection writes while it decides and seeds – seeds; the other writer waits its turn', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kelan-demo-'))
    const path = join(dir, 'kelan.db')
    const other = createDb(path)
    other.$client.pragma('busy_timeout = 0')
    const otherWrites: string[] = []
    // The first clock read comes after the seed decided the corp has no public items: a write
    // from another connection there is a concurrent writer (e.g. a second server seeding). A
    // deferred transaction could let it in; an immediate one holds the write lock from the start.
    const clock = {
      now: () => {
        if (!otherWrites.length) {
          try {
            other.insert(sensitiveWords).values({ corpId: TEST_CORP_ID, word: '返现', wordKey: '返现', action: 'block', createdAt: 1, createdBy: 'x' }).run()
            otherWrites.push('committed')
          } catch (error) {
            otherWrites.push((error as { code?: string }).code ?? String(error))
          }
        }
        return 1_750_000_000
      },
    }
    const deps = makeTestDeps({ dbPath: path, clock })
    try {
      seedDemoKnowledge(deps)

      expect(otherWrites).toEqual(['SQLITE_BUSY'])
      expect(publicItems(deps)).toHaveLength(25)
    } finally {
      other.$client.close()
      deps.db.$client.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
