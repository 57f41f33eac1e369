import {
  KnowledgeCategoryTree,
  KnowledgeItem,
  KnowledgeItemPage,
  KnowledgeSearchPage,
  KnowledgeUseResult,
  type KnowledgeItemInput,
  type KnowledgeItemSort,
  type KnowledgeKind,
  type KnowledgeLibrary,
} from '@kelan/shared'
import { z } from 'zod'
import { apiCall } from '@/api/client'

// Endpoint wrappers of /api/knowledge for the sidebar, one per route; every reply is checked
// against its @kelan/shared contract by apiCall.

const NoContent = z.unknown()

/** The category tree of one library and kind (全部 at the root, 未分类 first under it). */
export const fetchCategoryTree = (library: KnowledgeLibrary, kind: KnowledgeKind) =>
  apiCall('GET', '/api/knowledge/categories', KnowledgeCategoryTree, { query: { library, kind } })

export interface ItemListQuery {
  library: KnowledgeLibrary
  kind: KnowledgeKind
  /** Left out: 全部. */
  categoryId?: number
  sort: KnowledgeItemSort
  page: number
  pageSize: number
}

/** One page of a category and everything below it. */
export const fetchItems = (query: ItemListQuery) => apiCall('GET', '/api/knowledge/items', KnowledgeItemPage, { query: { ...query } })

export interface SearchQuery {
  q: string
  library: KnowledgeLibrary | 'all'
  kind?: KnowledgeKind
  cursor?: string
  limit?: number
}

/** One page of search hits, best first; pass the previous page's `nextCursor` for the next. */
export const searchItems = (query: SearchQuery) => apiCall('GET', '/api/knowledge/search', KnowledgeSearchPage, { query: { ...query } })

/** A new item in the member's own library. */
export const createPersonalItem = (input: KnowledgeItemInput) =>
  apiCall('POST', '/api/knowledge/items', KnowledgeItem, { body: { ...input, library: 'personal' } })

export const updateItem = (id: number, input: KnowledgeItemInput) => apiCall('PUT', `/api/knowledge/items/${id}`, KnowledgeItem, { body: input })

export const deleteItem = async (id: number): Promise<void> => {
  await apiCall('DELETE', `/api/knowledge/items/${id}`, NoContent)
}

/** Counts one use (sent or copied); answers the new 使用次数. */
export const recordUse = (id: number) => apiCall('POST', `/api/knowledge/items/${id}/use`, KnowledgeUseResult, { body: {} })
