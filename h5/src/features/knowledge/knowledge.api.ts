import {
  KnowledgeCategoryTree,
  KnowledgeItem,
  KnowledgeItemPage,
  KnowledgeMediaResult,
  KnowledgeSearchPage,
  KnowledgeUseResult,
  type KnowledgeItemInput,
  type KnowledgeItemSort,
  type KnowledgeKind,
  type KnowledgeLibrary,
  type MoveKnowledgeCategoryInput,
} from '@kelan/shared'
import * as z from 'zod/mini'
import { apiCall } from '@/api/client'

// The one set of endpoint wrappers of /api/knowledge, one per route, for the sidebar and the
// admin page alike (the admin page passes library 'public'); every reply is checked against
// its @kelan/shared contract by apiCall.

const NoContent = z.unknown()

/** The category tree of one library and kind (全部 at the root, 未分类 first under it; the server creates both on first visit). */
export const fetchCategoryTree = (library: KnowledgeLibrary, kind: KnowledgeKind) =>
  apiCall('GET', '/api/knowledge/categories', KnowledgeCategoryTree, { query: { library, kind } })

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

export interface ItemListQuery {
  library: KnowledgeLibrary
  kind: KnowledgeKind
  /** Left out or null: 全部. */
  categoryId?: number | null
  /** Title / content filter (the admin list's box); blank: all. */
  q?: string
  /** 序号 (then latest update), or 使用次数. */
  sort: KnowledgeItemSort
  page: number
  pageSize: number
}

/** One page of a category and everything below it. */
export const fetchItems = ({ categoryId, q, ...rest }: ItemListQuery) =>
  apiCall('GET', '/api/knowledge/items', KnowledgeItemPage, {
    query: { ...rest, categoryId: categoryId ?? undefined, q: q?.trim() || undefined },
  })

export interface SearchQuery {
  q: string
  library: KnowledgeLibrary | 'all'
  kind?: KnowledgeKind
  cursor?: string
  limit?: number
}

/** One page of search hits, best first; pass the previous page's `nextCursor` for the next. */
export const searchItems = (query: SearchQuery) => apiCall('GET', '/api/knowledge/search', KnowledgeSearchPage, { query: { ...query } })

/** A new item in `library` ('personal': the signed-in member's own library). */
export const createItem = (library: KnowledgeLibrary, input: KnowledgeItemInput) =>
  apiCall('POST', '/api/knowledge/items', KnowledgeItem, { body: { ...input, library } })

/** Replaces the content; category and 序号 change only when given. */
export const updateItem = (id: number, input: KnowledgeItemInput) => apiCall('PUT', `/api/knowledge/items/${id}`, KnowledgeItem, { body: input })

/** The 序号 edited in the admin list. */
export const setItemSeq = (id: number, seq: number) => apiCall('PUT', `/api/knowledge/items/${id}/seq`, KnowledgeItem, { body: { seq } })

export const deleteItem = async (id: number): Promise<void> => {
  await apiCall('DELETE', `/api/knowledge/items/${id}`, NoContent)
}

/**
 * Counts one use of a send; answers the new 使用次数. `sendToken` is the one the sensitive-word
 * check before the send answered: the server counts each token once.
 */
export const recordUse = (id: number, sendToken: string) =>
  apiCall('POST', `/api/knowledge/items/${id}/use`, KnowledgeUseResult, { body: { sendToken } })

/**
 * A WeCom media_id for the image, video or file part at `partIndex`, for sendChatMessage (the
 * server uploads the file to WeCom, or reuses a media_id that is still young).
 */
export const fetchMediaId = (id: number, partIndex: number) =>
  apiCall('POST', `/api/knowledge/items/${id}/media`, KnowledgeMediaResult, { body: { partIndex } })
