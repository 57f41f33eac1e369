import { describe, expect, it } from 'vitest'
import {
  customerPageUrl,
  cutToBytes,
  cutToChars,
  forcedRemark,
  formatBeijingTime,
  markNotice,
  planEnforcement,
  relationFlags,
  type RelationFacts,
} from './marks.domain'

const facts = (o: Partial<RelationFacts> = {}): RelationFacts => ({
  userid: 'lisi', createtime: 100, remark: '【风险客户】王小明', hasTag: true, remarkOpen: false, applied: true, notified: false, ...o,
})
const MARK = { markedAt: 200 }
const FORCED = '【风险客户】王小明'

describe('forcedRemark', () => {
  it('forcedRemark – no remark of the admin – 【tag name】 before the customer name', () => {
    expect(forcedRemark({ remark: '', tagName: '风险客户', name: '王小明' })).toBe('【风险客户】王小明')
  })
  it('forcedRemark – the admin typed one – that remark, not the default', () => {
    expect(forcedRemark({ remark: '勿联系', tagName: '风险客户', name: '王小明' })).toBe('勿联系')
  })
  it('forcedRemark – default longer than 20 characters – cut to 20 code points', () => {
    const remark = forcedRemark({ remark: '', tagName: '垃圾资源', name: '一二三四五六七八九十甲乙丙丁戊己' })
    expect([...remark]).toHaveLength(20)
    expect(remark).toBe('【垃圾资源】一二三四五六七八九十甲乙丙丁')
  })
  it('forcedRemark – a name of emoji past the limit – cut between characters, never inside an emoji', () => {
    const remark = forcedRemark({ remark: '', tagName: '同行', name: '😀'.repeat(30) })
    expect([...remark]).toHaveLength(20)
    expect(remark.endsWith('😀')).toBe(true)
  })
  it('forcedRemark – the cut ends on a space (WeCom trims it) – trailing spaces dropped', () => {
    expect(forcedRemark({ remark: '', tagName: '风险客户', name: '王小明 先生 的 朋友们好 大家' })).toBe('【风险客户】王小明 先生 的 朋友们好')
  })
})

describe('relationFlags', () => {
  it('relationFlags – events naming this relation’s createtime – applied and notified', () => {
    const events = [{ kind: 'applied' as const, createtime: 100, at: 150 }, { kind: 'notified' as const, createtime: 100, at: 150 }]
    expect(relationFlags(events, 100)).toEqual({ applied: true, notified: true })
  })
  it('relationFlags – events of the follower’s earlier relation (deleted, added again) – neither', () => {
    const events = [{ kind: 'applied' as const, createtime: 100, at: 150 }, { kind: 'notified' as const, createtime: 100, at: 150 }]
    expect(relationFlags(events, 300)).toEqual({ applied: false, notified: false })
  })
  it('relationFlags – older events without createtime – count when at or after the relation’s createtime', () => {
    expect(relationFlags([{ kind: 'applied', at: 150 }], 100)).toEqual({ applied: true, notified: false })
    expect(relationFlags([{ kind: 'applied', at: 150 }], 300)).toEqual({ applied: false, notified: false })
  })
})

describe('cutToChars / cutToBytes', () => {
  it('cutToChars – shorter text – unchanged', () => {
    expect(cutToChars('abc', 5)).toBe('abc')
  })
  it('cutToBytes – Chinese past the byte limit – whole characters only (3 bytes each)', () => {
    expect(cutToBytes('一二三四', 7)).toBe('一二')
  })
})

describe('planEnforcement', () => {
  it('planEnforcement – a relation enforced for the first time, tag missing and remark differing – tag, remark push, applied', () => {
    const plan = planEnforcement(MARK, FORCED, facts({ applied: false, hasTag: false, remark: '老客户' }))
    expect(plan).toEqual({ addTag: true, pushRemark: true, event: { kind: 'applied' }, notify: false })
  })
  it('planEnforcement – first time, already carrying both – applied without pushes', () => {
    expect(planEnforcement(MARK, FORCED, facts({ applied: false }))).toEqual({ addTag: false, pushRemark: false, event: { kind: 'applied' }, notify: false })
  })
  it('planEnforcement – applied before, everything in place – nothing', () => {
    expect(planEnforcement(MARK, FORCED, facts())).toEqual({ addTag: false, pushRemark: false, event: null, notify: false })
  })
  it('planEnforcement – applied before, tag gone (removed in WeCom) – tag back, reapplied what tag', () => {
    expect(planEnforcement(MARK, FORCED, facts({ hasTag: false }))).toEqual({
      addTag: true, pushRemark: false, event: { kind: 'reapplied', what: ['tag'] }, notify: false,
    })
  })
  it('planEnforcement – applied before, remark changed with no push open (tampered in WeCom) – pushed back, reapplied with the found remark', () => {
    expect(planEnforcement(MARK, FORCED, facts({ remark: '好客户', hasTag: false }))).toEqual({
      addTag: true, pushRemark: true, event: { kind: 'reapplied', what: ['tag', 'remark'], found: '好客户' }, notify: false,
    })
  })
  it('planEnforcement – remark differs while a remark push is open (unpushed, not tampering) – nothing', () => {
    expect(planEnforcement(MARK, FORCED, facts({ remark: '旧备注', remarkOpen: true }))).toEqual({ addTag: false, pushRemark: false, event: null, notify: false })
  })
  it('planEnforcement – relation made at the moment of the mark or later, not told yet – notified', () => {
    expect(planEnforcement(MARK, FORCED, facts({ createtime: 200, applied: false })).notify).toBe(true)
    expect(planEnforcement(MARK, FORCED, facts({ createtime: 900 })).notify).toBe(true)
  })
  it('planEnforcement – new relation already told – not notified again', () => {
    expect(planEnforcement(MARK, FORCED, facts({ createtime: 900, notified: true })).notify).toBe(false)
  })
  it('planEnforcement – relation older than the mark – never notified', () => {
    expect(planEnforcement(MARK, FORCED, facts({ createtime: 199, applied: false })).notify).toBe(false)
  })
})

describe('markNotice', () => {
  const input = {
    userid: 'wangwu', customerName: '王小明', tagName: '风险客户', reason: '多次投诉', remark: FORCED, tagApplied: true,
    markedByName: '张三', markedAt: 1_750_000_000, url: customerPageUrl('https://kelan.example', 'wm A'),
  }
  it('markNotice – a new follower – textcard titled with the tag, naming customer, reason, marker, time and what was applied', () => {
    const notice = markNotice(input)

    expect(notice.touser).toBe('wangwu')
    expect(notice.textcard.title).toBe('客户已被标记：风险客户')
    expect(notice.textcard.description.split('\n')).toEqual([
      '客户：王小明',
      '原因：多次投诉',
      '由 张三 于 2025-06-15 23:06 标记',
      '已为你添加标签「风险客户」，备注已改为「【风险客户】王小明」',
    ])
    expect(notice.textcard.url).toBe('https://kelan.example/#/manager/customers/wm%20A')
  })
  it('markNotice – the mark tag was deleted – only the remark is said to be applied', () => {
    expect(markNotice({ ...input, tagApplied: false }).textcard.description.split('\n').at(-1)).toBe('备注已改为「【风险客户】王小明」')
  })
  it('markNotice – no reason and a 200-character one – 未填写; description kept within 512 bytes', () => {
    expect(markNotice({ ...input, reason: '' }).textcard.description).toContain('原因：未填写')
    expect(Buffer.byteLength(markNotice({ ...input, reason: '很'.repeat(200) }).textcard.description)).toBeLessThanOrEqual(512)
  })
})

describe('formatBeijingTime', () => {
  it('formatBeijingTime – a UTC evening – the next day in Beijing', () => {
    expect(formatBeijingTime(Date.UTC(2026, 10, 20, 18, 30) / 1000)).toBe('2026-11-21 02:30')
  })
})
