import * as z from 'zod/mini'
import { isApiError } from '@/api/errors'
import { TREE_REFUSALS } from './knowledge-tree'

const RefusalDetails = z.object({ reason: z.enum(['fixed', 'depth', 'cycle', 'under_uncategorized', 'not_empty']) })
const CategoryDetails = z.object({ categoryId: z.number() })

/**
 * What to tell the admin when a change of the tree is refused: the server's message (for
 * not_empty "请先清除该分类下内容再进行删除"), or the known words for its `details.reason`
 * when the message is missing.
 */
export function categoryRefusalMessage(err: unknown): string {
  if (isApiError(err, 'CONFLICT')) {
    const details = RefusalDetails.safeParse(err.details)
    if (details.success) return err.message || TREE_REFUSALS[details.data.reason]
  }
  return err instanceof Error && err.message ? err.message : '操作失败，请重试'
}

/**
 * The form field a refused item save is about: `categoryId` when the chosen category is gone
 * or belongs elsewhere (the tree is stale), else null (shown above the buttons).
 */
export function itemRefusalField(err: unknown): 'categoryId' | null {
  if (isApiError(err, 'VALIDATION_FAILED') && CategoryDetails.safeParse(err.details).success) return 'categoryId'
  // notFound('分类') reads "分类不存在或无权查看"; the item itself is "知识库内容…".
  if (isApiError(err, 'NOT_FOUND') && err.message.startsWith('分类')) return 'categoryId'
  return null
}
