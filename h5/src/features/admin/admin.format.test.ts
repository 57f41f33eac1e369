import { describe, expect, it } from 'vitest'
import { isJobFinished, jobActionText, jobPercent, syncCountsText } from './admin.format'

describe('jobPercent', () => {
  it.each([
    [{ total: 200, done: 50, failed: 10 }, 30],
    [{ total: 3, done: 1, failed: 0 }, 33],
    [{ total: 0, done: 0, failed: 0 }, 0],
    [{ total: 2, done: 2, failed: 1 }, 100],
  ])('jobPercent – %j – %i', (job, expected) => {
    expect(jobPercent(job)).toBe(expected)
  })
})

describe('isJobFinished', () => {
  it.each([
    ['queued', false],
    ['running', false],
    ['done', true],
    ['failed', true],
  ] as const)('isJobFinished – %s – %s', (status, expected) => {
    expect(isJobFinished({ status })).toBe(expected)
  })
})

describe('jobActionText', () => {
  it('jobActionText – adds and removes – both in words', () => {
    expect(jobActionText({ addNames: ['高', 'VIP'], removeNames: ['低'] })).toBe('添加「高」「VIP」，移除「低」')
  })
})

describe('syncCountsText', () => {
  const counts = { departments: 3, staff: 8, tagGroups: 4, tags: 20, customers: 120, relations: 150 }

  it('syncCountsText – everyone licensed – no licence note', () => {
    expect(syncCountsText(counts)).toBe('部门 3 · 成员 8 · 标签组 4 · 标签 20 · 客户 120 · 跟进关系 150')
  })

  it('syncCountsText – members without licence – counted at the end', () => {
    expect(syncCountsText({ ...counts, unlicensedStaff: 2 })).toMatch(/未获接口许可成员 2$/)
  })
})
