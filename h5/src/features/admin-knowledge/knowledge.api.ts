import {
  KnowledgeCategoryTree,
  KnowledgeItem,
  KnowledgeItemPage,
  type KnowledgeItemInput,
  type KnowledgeKind,
  type MoveKnowledgeCategoryInput,
} from '@kelan/shared'
import { z } from 'zod'
import { apiCall } from '@/api/client'

// Endpoint wrappers of the admin knowledge page, one per route of /api/knowledge. The admin
// desktop manages the PUBLIC library only; personal libraries are managed from the sidebar.

const LIBRARY = 'public'
const NoContent = z.unknown()

/** What the admin list asks for: one page of a kind, in a category (null: 全部), filtered by title. */
export interface ItemListQuery {
  kind: KnowledgeKind
  categoryId: number | null
  q: string
  page: number
  pageSize: number
}

/** The category tree of a kind (the server creates 全部 and 未分类 on first visit). */
export const fetchCategoryTree = (kind: KnowledgeKind) =>
  apiCall('GET', '/api/knowledge/categories', KnowledgeCategoryTree, { query: { library: LIBRARY, kind } })

/** Adds `name` as the last child of `parentId`; answers the whole tree. */
export const createCategory = (parentId: number, name: string) =>
  apiCall('POST', '/api/knowledge/categories', KnowledgeCategoryTree, { body: { parentId, name } })

export const renameCategory = (id: number, name: string) =>
  apiCall('PATCH', `/api/knowledge/categories/${id}`, KnowledgeCategoryTree, { body: { name } })

/** Drag and drop: under `parentId` at `index` among its movable children (未分类 stays first). */
export const moveCategory = (id: number, input: MoveKnowledgeCategoryInput) =>
  apiCall('PUT', `/api/knowledge/categories/${id}/position`, KnowledgeCategoryTree, { body: input })

/** 409 CONFLICT with `details.reason` when the category is fixed or not empty. */
export const deleteCategory = async (id: number): Promise<void> => {
  await apiCall('DELETE', `/api/knowledge/categories/${id}`, NoContent)
}

/** One page, sorted by 序号 (then latest update): what 刷新 re-sorts by. */
export const fetchItems = ({ kind, categoryId, q, page, pageSize }: ItemListQuery) =>
  apiCall('GET', '/api/knowledge/items', KnowledgeItemPage, {
    query: { library: LIBRARY, kind, categoryId: categoryId ?? undefined, q: q.trim() || undefined, sort: 'seq', page, pageSize },
  })

export const createItem = (input: KnowledgeItemInput) =>
  apiCall('POST', '/api/knowledge/items', KnowledgeItem, { body: { ...input, library: LIBRARY } })

/** Replaces the content; category and 序号 change only when given. */
export const updateItem = (id: number, input: KnowledgeItemInput) => apiCall('PUT', `/api/knowledge/items/${id}`, KnowledgeItem, { body: input })

export const setItemSeq = (id: number, seq: number) => apiCall('PUT', `/api/knowledge/items/${id}/seq`, KnowledgeItem, { body: { seq } })

export const deleteItem = async (id: number): Promise<void> => {
  await apiCall('DELETE', `/api/knowledge/items/${id}`, NoContent)
}
