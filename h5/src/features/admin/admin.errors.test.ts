import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/errors'
import { deleteRefusalMessage, mutexConflictsOf } from './admin.errors'

describe('mutexConflictsOf', () => {
  it('mutexConflictsOf – MUTEX_CONFLICT with customers and count – both', () => {
    const customers = [{ externalUserId: 'wm1', name: '王小明', tagNames: ['高', '低'] }]
    const err = new ApiError(409, 'MUTEX_CONFLICT', '互斥冲突', { customers, count: 120 })
    expect(mutexConflictsOf(err)).toEqual({ customers, count: 120 })
  })

  it('mutexConflictsOf – MUTEX_CONFLICT without a count – counts the customers sent', () => {
    const customers = [{ externalUserId: 'wm1', name: '王小明', tagNames: ['高', '低'] }]
    expect(mutexConflictsOf(new ApiError(409, 'MUTEX_CONFLICT', '互斥冲突', { customers }))).toEqual({ customers, count: 1 })
  })

  it('mutexConflictsOf – MUTEX_CONFLICT without details – null', () => {
    expect(mutexConflictsOf(new ApiError(409, 'MUTEX_CONFLICT', '互斥冲突'))).toBeNull()
  })

  it('mutexConflictsOf – another code – null', () => {
    expect(mutexConflictsOf(new ApiError(409, 'NAME_TAKEN', '重名', { customers: [] }))).toBeNull()
  })
})

describe('deleteRefusalMessage', () => {
  it('deleteRefusalMessage – TAG_IN_USE with a count – says how many customers use it', () => {
    expect(deleteRefusalMessage(new ApiError(409, 'TAG_IN_USE', 'x', { customers: 12 }))).toBe('12 位客户正在使用该标签，无法删除')
  })

  it('deleteRefusalMessage – TAG_IN_USE without details – the server message', () => {
    expect(deleteRefusalMessage(new ApiError(409, 'TAG_IN_USE', '标签使用中'))).toBe('标签使用中')
  })

  it('deleteRefusalMessage – GROUP_NOT_EMPTY – the server message', () => {
    expect(deleteRefusalMessage(new ApiError(409, 'GROUP_NOT_EMPTY', '请先删除组内的标签', {}))).toBe('请先删除组内的标签')
  })
})
