import { describe, expect, it } from 'vitest'
import { attachmentHeader } from './content-disposition'

describe('attachmentHeader', () => {
  it('attachmentHeader – Chinese name – UTF-8 filename* plus an ASCII fallback', () => {
    expect(attachmentHeader('结果 (1).xlsx', 'result.xlsx')).toBe(
      `attachment; filename="result.xlsx"; filename*=UTF-8''%E7%BB%93%E6%9E%9C%20%281%29.xlsx`,
    )
  })

  it('attachmentHeader – fallback with a quote or non-ASCII – replaced so the header stays valid', () => {
    expect(attachmentHeader('a.xlsx', 'a"b结.xlsx')).toContain('filename="a_b_.xlsx"')
  })
})
