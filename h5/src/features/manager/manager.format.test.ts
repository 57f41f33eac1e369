import { describe, expect, it } from 'vitest'
import { followerNamesLine } from './manager.format'

describe('followerNamesLine', () => {
  it.each([
    [[], '暂无跟进人'],
    [['陈静'], '陈静'],
    [['陈静', '李娜'], '陈静、李娜'],
    [['陈静', '李娜', '刘洋'], '陈静、李娜等3人'],
  ])('followerNamesLine – %j – %s', (names, line) => {
    expect(followerNamesLine(names)).toBe(line)
  })
})
