import type {
  KnowledgeCategoryNode,
  KnowledgeCategoryTree,
  KnowledgeImportJob,
  KnowledgeItem,
  KnowledgeItemPage,
  KnowledgeKind,
  KnowledgeLink,
  KnowledgePhrase,
  KnowledgeScript,
} from '@kelan/shared'
import type * as z from 'zod/mini'

// One-line factories for this folder's tests; each test states only what it cares about.

/** A category spec: its own items and sub-categories; depths and counts are filled in by `makeTree`. */
export interface CategorySpec {
  id: number
  name: string
  items?: number
  children?: CategorySpec[]
}

export const cat = (id: number, name: string, children: CategorySpec[] = [], items = 0): CategorySpec => ({ id, name, items, children })

function node(spec: CategorySpec, depth: number, fixed: KnowledgeCategoryNode['fixed'] = null): KnowledgeCategoryNode {
  const children = (spec.children ?? []).map((c) => node(c, depth + 1))
  const itemCount = (spec.items ?? 0) + children.reduce((n, c) => n + c.itemCount, 0)
  return { id: spec.id, name: spec.name, fixed, depth, itemCount, children }
}

/**
 * A public tree as the server answers: 全部 (id 1) with 未分类 (id 2, `uncategorizedItems`
 * items) first, then `children`.
 */
export function makeTree(kind: KnowledgeKind, children: CategorySpec[] = [], uncategorizedItems = 0): KnowledgeCategoryTree {
  const uncategorized = node({ id: 2, name: '未分类', items: uncategorizedItems }, 1, 'uncategorized')
  const rest = children.map((c) => node(c, 1))
  const root: KnowledgeCategoryNode = {
    id: 1,
    name: '全部',
    fixed: 'root',
    depth: 0,
    itemCount: [uncategorized, ...rest].reduce((n, c) => n + c.itemCount, 0),
    children: [uncategorized, ...rest],
  }
  return { library: 'public', kind, root }
}

const base = (id: number) => ({ id, library: 'public' as const, categoryId: 2, seq: 0, useCount: 0, createdAt: 1_700_000_000, updatedAt: 1_700_000_000 })

export const makeScript = (id: number, question: string, over: Partial<z.infer<typeof KnowledgeScript>> = {}): KnowledgeItem => ({
  ...base(id),
  kind: 'script',
  question,
  similar: [],
  answer: [{ type: 'text', text: `${question}的答案` }],
  ...over,
})

export const makePhrase = (id: number, text: string, over: Partial<z.infer<typeof KnowledgePhrase>> = {}): KnowledgeItem => ({
  ...base(id),
  kind: 'phrase',
  text,
  ...over,
})

export const makeLink = (id: number, title: string, over: Partial<z.infer<typeof KnowledgeLink>> = {}): KnowledgeItem => ({
  ...base(id),
  kind: 'link',
  title,
  url: 'https://example.com/',
  description: '',
  cover: null,
  coverUrl: null,
  ...over,
})

export const makePage = (items: KnowledgeItem[], total = items.length, page = 1): KnowledgeItemPage => ({ items, total, page, pageSize: 20 })

/** An import job as GET /api/knowledge/import/:id answers; queued with nothing counted unless told. */
export const makeImportJob = (id: number, over: Partial<KnowledgeImportJob> = {}): KnowledgeImportJob => ({
  id,
  kind: 'script',
  status: 'queued',
  total: 0,
  done: 0,
  failed: 0,
  fileName: '话术.xlsx',
  createdAt: 1_700_000_000,
  finishedAt: null,
  error: null,
  ...over,
})
