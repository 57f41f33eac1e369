import { describe, expect, it } from 'vitest'
import { KnowledgeCategoryName, CreateKnowledgeItemInput, KnowledgeUrl, KnowledgeSearchText, KnowledgeSeq, highlightSegments } from './knowledge'

describe('knowledge contracts', () => {
  it('KnowledgeSearchText – line breaks, tabs and control characters – spaces, dropped, trimmed', () => {
    expect(KnowledgeSearchText.parse('\t金典\n哪里\u0001好 ')).toBe('金典 哪里好')
  })

  it('KnowledgeSearchText – only whitespace, or 101 characters – rejected; 100 emoji – accepted', () => {
    expect(KnowledgeSearchText.safeParse(' \n ').success).toBe(false)
    expect(KnowledgeSearchText.safeParse('搜'.repeat(101)).success).toBe(false)
    expect(KnowledgeSearchText.safeParse('😀'.repeat(100)).success).toBe(true)
  })

  it('KnowledgeSeq – 0, 1.17, 999999.99 – accepted; 1.005, -0.01, 1000000 – rejected', () => {
    expect([0, 1.17, 999_999.99].map((n) => KnowledgeSeq.safeParse(n).success)).toEqual([true, true, true])
    expect([1.005, -0.01, 1_000_000].map((n) => KnowledgeSeq.safeParse(n).success)).toEqual([false, false, false])
  })

  it('KnowledgeUrl – http and https – accepted; javascript:, ftp:, a bare host – rejected', () => {
    expect(['http://a.cn', 'https://a.cn/x?y=1#z'].map((u) => KnowledgeUrl.safeParse(u).success)).toEqual([true, true])
    expect(['javascript:alert(1)', 'ftp://a.cn', 'a.cn'].map((u) => KnowledgeUrl.safeParse(u).success)).toEqual([false, false, false])
  })

  it('KnowledgeCategoryName – 30 characters after trimming – accepted; 31 – rejected with a Chinese message', () => {
    expect(KnowledgeCategoryName.parse(` ${'分'.repeat(30)} `)).toBe('分'.repeat(30))
    expect(KnowledgeCategoryName.safeParse('分'.repeat(31)).error?.issues[0]?.message).toBe('分类名称不能超过 30 个字')
  })

  it('CreateKnowledgeItemInput – a link without description and cover – defaults to empty and null', () => {
    expect(CreateKnowledgeItemInput.parse({ library: 'public', kind: 'link', title: '官网', url: 'https://a.cn' })).toMatchObject({ description: '', cover: null })
  })
})

describe('highlightSegments', () => {
  it('highlightSegments – two ranges – plain, match, plain, match', () => {
    expect(highlightSegments('金典哪里好金典', [[5, 7], [0, 2]])).toEqual([
      { text: '金典', match: true },
      { text: '哪里好', match: false },
      { text: '金典', match: true },
    ])
  })

  it('highlightSegments – no ranges, or ranges out of bounds or overlapping – the text as is, bad ranges ignored', () => {
    expect(highlightSegments('您好', [])).toEqual([{ text: '您好', match: false }])
    expect(highlightSegments('您好', [[0, 9], [1, 1]])).toEqual([{ text: '您好', match: false }])
    expect(highlightSegments('abcd', [[0, 2], [1, 3]])).toEqual([{ text: 'ab', match: true }, { text: 'cd', match: false }])
  })
})
