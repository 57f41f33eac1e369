import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/errors'
import { categoryRefusalMessage, itemRefusalField } from './knowledge.errors'

describe('knowledge.errors', () => {
  it('categoryRefusalMessage – not_empty from the server – its message', () => {
    const err = new ApiError(409, 'CONFLICT', '请先清除该分类下内容再进行删除', { reason: 'not_empty' })
    expect(categoryRefusalMessage(err)).toBe('请先清除该分类下内容再进行删除')
  })

  it('categoryRefusalMessage – a refusal with a reason and no message – the known words for it', () => {
    expect(categoryRefusalMessage(new ApiError(409, 'CONFLICT', '', { reason: 'depth' }))).toBe('分类最多 4 级')
  })

  it('categoryRefusalMessage – another error – its message', () => {
    expect(categoryRefusalMessage(new ApiError(409, 'NAME_TAKEN', '同一级已有名为「金典」的分类'))).toBe('同一级已有名为「金典」的分类')
  })

  it('itemRefusalField – category of another tree or gone – categoryId; anything else – null', () => {
    expect(itemRefusalField(new ApiError(400, 'VALIDATION_FAILED', '分类不属于这个知识库', { categoryId: 3 }))).toBe('categoryId')
    expect(itemRefusalField(new ApiError(404, 'NOT_FOUND', '分类不存在或无权查看'))).toBe('categoryId')
    expect(itemRefusalField(new ApiError(404, 'NOT_FOUND', '知识库内容不存在或无权查看'))).toBeNull()
    expect(itemRefusalField(new ApiError(403, 'FORBIDDEN', '只有管理员可以修改公共知识库'))).toBeNull()
  })
})
