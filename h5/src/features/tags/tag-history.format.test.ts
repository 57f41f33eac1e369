import { describe, expect, it } from 'vitest'
import { makeTagHistoryItem } from '@/test/factories'
import { formatRelativeTime, historyLine, historyMeta } from './tag-history.format'

const now = new Date(2025, 5, 18, 15, 30).getTime()
const sec = (d: Date) => d.getTime() / 1000

describe('formatRelativeTime', () => {
  it.each([
    ['30 s ago', sec(new Date(2025, 5, 18, 15, 29, 30)), '刚刚'],
    ['5 min ago', sec(new Date(2025, 5, 18, 15, 25)), '5 分钟前'],
    ['earlier today', sec(new Date(2025, 5, 18, 8, 10)), '7 小时前'],
    ['yesterday', sec(new Date(2025, 5, 17, 23, 5)), '昨天 23:05'],
    ['this year', sec(new Date(2025, 0, 2, 9, 0)), '01-02 09:00'],
    ['last year', sec(new Date(2024, 11, 31, 9, 0)), '2024-12-31 09:00'],
  ])('formatRelativeTime – %s – says %s', (_, ts, expected) => {
    expect(formatRelativeTime(ts, now)).toBe(expected)
  })

  it('formatRelativeTime – milliseconds – read like seconds', () => {
    expect(formatRelativeTime(new Date(2025, 5, 18, 15, 25).getTime(), now)).toBe('5 分钟前')
  })
})

describe('historyLine', () => {
  it('historyLine – staff added a tag on their own relation – names them once, with the source label', () => {
    expect(historyLine(makeTagHistoryItem(1))).toEqual({ action: '添加', tag: '「客户等级：A 类」', by: '张三', follower: null, source: '侧边栏' })
  })

  it('historyLine – removed in WeCom itself – says 企业微信 once and names the follower', () => {
    const item = makeTagHistoryItem(1, { action: 'remove', operator: null, source: 'wecom', follower: { userid: 'lisi', name: '李四' } })
    const line = historyLine(item)
    expect(line).toMatchObject({ action: '移除', by: '企业微信', follower: '李四', source: null })
    expect(historyMeta(line)).toEqual(['企业微信', '跟进人 李四'])
  })

  it('historyLine – admin changed a colleague’s relation – names both', () => {
    const item = makeTagHistoryItem(1, { source: 'admin', operator: { userid: 'admin', name: '管理员' }, follower: { userid: 'lisi', name: '李四' } })
    expect(historyLine(item)).toMatchObject({ by: '管理员', follower: '李四', source: '管理后台' })
    expect(historyMeta(historyLine(item))).toEqual(['管理员', '管理后台', '跟进人 李四'])
  })
})
