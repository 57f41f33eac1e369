/**
 * Knowledge search benchmark: fills a temporary database with N knowledge items (80 % public
 * 话术 / 常用语 / 链接, 20 % personal, spread over 200 staff members) of generated customer
 * service text, then times `searchKnowledge` in-process for a fixed mix of queries (1, 2 and
 * 3+ Chinese characters, common and rare, mixed Chinese / English / digits, query-syntax
 * characters, misses, second pages) as random staff members, the two writes that touch the
 * index (a new item, a use), and the admin pages over the largest tree.
 *
 * `cd server && pnpm exec tsx src/scripts/bench-knowledge.ts [items]` prints the result as JSON.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { KnowledgeItemInput, KnowledgeItemQuery, KnowledgeSearchQuery, type KnowledgeKind } from '@kelan/shared'
import type { Viewer } from '../app-env'
import { createDb, type Db } from '../db/client'
import type { Deps } from '../deps'
import { parseEnv } from '../env'
import { itemContent } from '../features/knowledge/knowledge.domain'
import { ensureTree, insertCategory, listCategories, rebuildSearchIndex, uncategorizedOf } from '../features/knowledge/knowledge.repo'
import { searchKnowledge } from '../features/knowledge/knowledge.search'
import { createItem, getCategoryTree, listItems, useItem } from '../features/knowledge/knowledge.service'
import { systemClock } from '../lib/clock'
import { refusingWecom } from '../wecom/refusing-client'

const STAFF = 200
const KINDS: KnowledgeKind[] = ['script', 'phrase', 'link']

/** mulberry32: the same text for the same seed, so runs compare. */
function random(seed: number) {
  let s = seed
  const next = () => {
    s = (s + 0x6d2b79f5) | 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  /** Skewed towards the front of the list, like real word use. */
  const pick = <T>(list: readonly T[], skew = 1.5): T => list[Math.floor(next() ** skew * list.length)]!
  const int = (max: number) => Math.floor(next() * max)
  return { next, pick, int }
}

const PRODUCTS = ['金典', '舒化', '安慕希', '畅轻', '优酸乳', 'QQ星', '伊利纯牛奶', '谷粒多', '味可滋', '巧乐兹', '须尽欢', '伊小欢', '植选', '臻浓']
const ASPECTS = ['多少钱', '保质期多久', '适合什么人群', '怎么储存', '有没有优惠', '在哪里买', '能不能退货', '配送要几天', '含糖吗', '是有机的吗', '孕妇能喝吗', '和普通牛奶有什么区别', '开封后能放多久', '有没有礼盒装']
const OPENERS = ['您好，', '亲，', '感谢您的咨询，', '非常理解您的心情，', '好的，', '']
const FACTS = [
  '每100ml含3.6g乳蛋白',
  '保质期为常温6个月',
  '开封后请冷藏并在24小时内饮用',
  '本周下单满199减30',
  'VIP会员享95折优惠',
  '订单一般48小时内发货',
  '支持7天无理由退货',
  '乳糖不耐受人群可以选择舒化无乳糖牛奶',
  '全国门店营业时间为9:00-21:00',
  '礼盒装适合节日送礼',
  '活动商品编号SKU-2024-0815',
  '可用微信或支付宝付款',
  '以旧换新可抵扣最高500元，iPhone 15同样适用',
  '有机奶源来自内蒙古牧场',
]
const CLOSERS = ['还有其他可以帮您的吗？', '祝您生活愉快！', '如有问题随时联系我。', '请您放心。', '']
const PHRASES = ['您好，很高兴为您服务', '请稍等，我帮您查询一下', '感谢您的耐心等待', '已为您登记，请留意短信通知', '不好意思让您久等了', '您的订单已发货，请注意查收', '这边为您申请了优先处理']
const LINK_TITLES = ['活动页', '官方商城', '会员中心', '门店查询', '新品介绍', '售后服务说明', '常见问题']

/** One generated item input of `kind`. */
function generate(r: ReturnType<typeof random>, kind: KnowledgeKind, n: number): KnowledgeItemInput {
  const product = r.pick(PRODUCTS)
  const sentence = () => `${r.pick(OPENERS)}${product}${r.pick(FACTS, 1.2)}，${r.pick(FACTS, 1.2)}。${r.pick(CLOSERS)}`
  // A few numbers that occur once or a handful of times, as order and ticket numbers do.
  const code = r.int(10) === 0 ? ` 工单KL${(n * 7919) % 1_000_003}` : ''
  if (kind === 'phrase') return { kind, text: `${r.pick(PHRASES)}，${sentence()}${code}` }
  if (kind === 'link') {
    return { kind, title: `${product}${r.pick(LINK_TITLES)}`, url: `https://shop.example.com/p/${n}`, description: sentence(), cover: null }
  }
  const similar = Array.from({ length: r.int(4) }, (_, i) => `${product}${r.pick(ASPECTS)}${'？'.repeat(i + 1)}`)
  const answer = [{ type: 'text' as const, text: `${sentence()}${sentence()}${code}`.slice(0, 300) }]
  return { kind, question: `${product}${r.pick(ASPECTS)}`, similar: [...new Set(similar)], answer }
}

/** Fills `items` items: raw inserts in one transaction, then one index build. @returns seconds */
function fill(db: Db, corpId: string, items: number): number {
  const t = performance.now()
  const r = random(20_261_121)
  const now = systemClock.now()
  const insert = db.$client.prepare(`insert into knowledge_items
    (corp_id, tree_id, category_id, title, similar, answer, url, description, cover, body, seq, use_count, created_at, updated_at, created_by, updated_by)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench', 'bench')`)
  db.transaction(() => {
    const publicTrees = KINDS.map((kind) => {
      const tree = ensureTree(db, corpId, { library: 'public', owner: '', kind }, now)
      const root = uncategorizedOf(db, tree.id)
      const rootId = listCategories(db, tree.id).find((c) => c.fixed === 'root')!.id
      const categories = [root, ...PRODUCTS.map((name, sort) => insertCategory(db, corpId, { treeId: tree.id, parentId: rootId, name, sort }, now))]
      return { tree, categories }
    })
    const personal = new Map<string, { treeId: number; category: number }>()
    for (let n = 1; n <= items; n++) {
      const isPublic = r.next() < 0.8
      const kind: KnowledgeKind = isPublic ? (r.next() < 0.7 ? 'script' : r.next() < 0.6 ? 'phrase' : 'link') : r.pick(KINDS, 1)
      let treeId: number
      let categoryId: number
      if (isPublic) {
        const { tree, categories } = publicTrees[KINDS.indexOf(kind)]!
        ;[treeId, categoryId] = [tree.id, r.pick(categories, 1)]
      } else {
        const owner = `staff${r.int(STAFF)}`
        const key = `${owner}/${kind}`
        let found = personal.get(key)
        if (!found) {
          const tree = ensureTree(db, corpId, { library: 'personal', owner, kind }, now)
          found = { treeId: tree.id, category: uncategorizedOf(db, tree.id) }
          personal.set(key, found)
        }
        ;[treeId, categoryId] = [found.treeId, found.category]
      }
      const c = itemContent(KnowledgeItemInput.parse(generate(r, kind, n)))
      const uses = Math.floor(r.next() ** 4 * 500)
      insert.run(corpId, treeId, categoryId, c.title, c.similar, c.answer && JSON.stringify(c.answer), c.url, c.description, c.cover, c.body, r.int(100), uses, now, now)
    }
    rebuildSearchIndex(db)
  })
  return (performance.now() - t) / 1000
}

/** The query mix, by class: each query is run as a random staff member, in every library. */
export const QUERY_MIX: Record<string, string[]> = {
  '1 char, common': ['奶', '的', '价', '货'],
  '1 char, rare': ['鑫', '犇', 'Q'],
  '2 chars': ['金典', '优惠', '退货', '保质', '几天', '礼盒', '会员'],
  '2 chars, rare or none': ['鑫鑫', '卡顿', 'zq'],
  '3+ chars': ['保质期', '适合什么人', '乳糖不耐受', '营业时间', '开封后请冷藏', '满199减30'],
  'mixed zh/en/digits': ['iPhone 15', 'SKU-2024', 'VIP会员', '95折', '3.6g', 'KL12345', 'qq星'],
  'query syntax': ['"', '*', '金典 OR 舒化', '(金典)', '-退货', 'NEAR', '"优惠"'],
  'no hits': ['不存在的内容', 'qzxwv', '牛奶咖啡茶'],
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0
const stats = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b)
  const round = (n: number) => Math.round(n * 1000) / 1000
  return { n: sorted.length, p50: round(percentile(sorted, 0.5)), p99: round(percentile(sorted, 0.99)), max: round(sorted.at(-1) ?? 0) }
}

/**
 * Fills `items` items and measures search latency (ms, in-process, no HTTP) over `rounds`
 * passes of QUERY_MIX × 3 libraries (all / public / personal), first pages and, where there is
 * one, the second page; then new items and uses (each re-indexes one item).
 */
export function benchKnowledgeSearch(items = 100_000, rounds = 10) {
  const dir = mkdtempSync(join(tmpdir(), 'kelan-bench-knowledge-'))
  const env = parseEnv({ KELAN_DB: join(dir, 'kelan.db') }, () => 'bench-session-secret-0123456789abcdef0123456789')
  const db = createDb(env.dbPath)
  const deps: Deps = { env, db, clock: systemClock, wecom: refusingWecom('the knowledge bench must not call WeCom'), corpId: env.wecom.corpId }
  try {
    const fillSeconds = fill(db, deps.corpId, items)
    const r = random(7)
    const staff = (): Viewer => ({ corpId: deps.corpId, userid: `staff${r.int(STAFF)}`, role: 'staff' })
    const byClass: Record<string, number[]> = {}
    const all: number[] = []
    const slowest: { ms: number; what: string }[] = []
    const time = <T>(cls: string, what: string, fn: () => T): T => {
      const t = performance.now()
      const out = fn()
      const ms = performance.now() - t
      ;(byClass[cls] ??= []).push(ms)
      all.push(ms)
      slowest.push({ ms: Math.round(ms * 100) / 100, what })
      return out
    }
    const pass = (measure: boolean) => {
      for (const [cls, queries] of Object.entries(QUERY_MIX)) {
        for (const q of queries) {
          for (const library of ['all', 'public', 'personal'] as const) {
            const viewer = staff()
            const kind = r.int(3) === 0 ? { kind: r.pick(KINDS, 1) } : {}
            const query = KnowledgeSearchQuery.parse({ q, library, ...kind })
            const what = JSON.stringify({ q, library, ...kind })
            const run = () => searchKnowledge(deps, viewer, query)
            const first = measure ? time(cls, what, run) : run()
            if (!first.nextCursor) continue
            const next = KnowledgeSearchQuery.parse({ q, library, ...kind, cursor: first.nextCursor })
            if (measure) time('second page', `${what} page 2`, () => searchKnowledge(deps, viewer, next))
          }
        }
      }
    }
    pass(false)
    for (let i = 0; i < rounds; i++) pass(true)

    const admin: Viewer = { corpId: deps.corpId, userid: 'boss', role: 'admin' }
    const inserts: number[] = []
    const uses: number[] = []
    for (let i = 0; i < 200; i++) {
      const input = { ...generate(r, 'script', items + i), library: 'public' as const }
      const t = performance.now()
      const item = createItem(deps, admin, input)
      inserts.push(performance.now() - t)
      const u = performance.now()
      useItem(deps, staff(), item.id)
      uses.push(performance.now() - u)
    }
    // The admin pages over the largest tree (public 话术): the tree with counts, list pages.
    const adminCalls = {
      categoryTree: () => getCategoryTree(deps, admin, { library: 'public', kind: 'script' }),
      listFirstPage: () => listItems(deps, admin, KnowledgeItemQuery.parse({ library: 'public', kind: 'script' })),
      listPage100MostUsed: () => listItems(deps, admin, KnowledgeItemQuery.parse({ library: 'public', kind: 'script', sort: 'used', page: 100 })),
      listTitleFilter: () => listItems(deps, admin, KnowledgeItemQuery.parse({ library: 'public', kind: 'script', q: '保质期' })),
    }
    const adminStats = Object.fromEntries(
      Object.entries(adminCalls).map(([name, fn]) => {
        const ms = Array.from({ length: 30 }, () => {
          const t = performance.now()
          fn()
          return performance.now() - t
        })
        return [name, stats(ms)]
      }),
    )
    const sizes = db.$client
      .prepare("select name like 'knowledge_fts%' as fts, sum(pgsize) as bytes from dbstat group by name like 'knowledge_fts%'")
      .all() as { fts: number; bytes: number }[]
    const mb = (fts: number) => Math.round((sizes.find((s) => s.fts === fts)?.bytes ?? 0) / 1e5) / 10
    return {
      items,
      fillSeconds: Math.round(fillSeconds * 10) / 10,
      search: stats(all),
      byClass: Object.fromEntries(Object.entries(byClass).map(([cls, ms]) => [cls, stats(ms)])),
      slowest: slowest.sort((a, b) => b.ms - a.ms).slice(0, 12),
      writes: { createItem: stats(inserts), useItem: stats(uses) },
      admin: adminStats,
      sizeMB: { searchIndexes: mb(1), everythingElse: mb(0) },
    }
  } finally {
    db.$client.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const items = Number(process.argv[2] ?? 100_000)
  console.log(JSON.stringify(benchKnowledgeSearch(items), null, 2))
}
