import { describe, expect, it } from 'vitest'
import { formatSeq, itemTitle, pageRangeText, parseSeq, replaceItem } from './knowledge-list'
import { makeLink, makePhrase, makeScript } from './knowledge.testing'

describe('knowledge-list', () => {
  it.each([
    [0, '0'],
    [7, '7'],
    [1.17, '1.17'],
    [1.5, '1.50'],
  ])('formatSeq – %s – %s', (seq, text) => {
    expect(formatSeq(seq)).toBe(text)
  })

  it.each([
    [' 1.17 ', { ok: true, seq: 1.17 }],
    ['0', { ok: true, seq: 0 }],
    ['999999.99', { ok: true, seq: 999_999.99 }],
    ['', { ok: false, message: '请输入序号' }],
    ['abc', { ok: false, message: '序号必须是数字' }],
    ['1e3', { ok: false, message: '序号必须是数字' }],
    ['0x10', { ok: false, message: '序号必须是数字' }],
    ['-1', { ok: false, message: '序号不能小于 0' }],
    ['1.234', { ok: false, message: '序号最多两位小数' }],
    ['1000000', { ok: false, message: '序号太大' }],
  ])('parseSeq – %j – %j', (text, expected) => {
    expect(parseSeq(text)).toEqual(expected)
  })

  it.each([
    [1, 20, 6, '第1-6条/总共6条'],
    [3, 20, 45, '第41-45条/总共45条'],
    [1, 20, 0, '共 0 条'],
  ])('pageRangeText – page %s of %s, %s items – %s', (page, size, total, text) => {
    expect(pageRangeText(page, size, total)).toBe(text)
  })

  it('itemTitle – each kind – 问题名称, the phrase, the link title', () => {
    expect(itemTitle(makeScript(1, '金典哪里好'))).toBe('金典哪里好')
    expect(itemTitle(makePhrase(2, '您好，请稍等'))).toBe('您好，请稍等')
    expect(itemTitle(makeLink(3, '伊利的官网'))).toBe('伊利的官网')
  })

  it('replaceItem – a saved item – same place in the list, others untouched', () => {
    const items = [makePhrase(1, 'a', { seq: 1 }), makePhrase(2, 'b', { seq: 2 })]
    const out = replaceItem(items, makePhrase(1, 'a', { seq: 9 }))
    expect(out.map((i) => [i.id, i.seq])).toEqual([
      [1, 9],
      [2, 2],
    ])
    expect(out[1]).toBe(items[1])
  })
})
