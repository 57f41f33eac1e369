import { describe, expect, it } from 'vitest'
import { overLimit, planNewWords, SENSITIVE_WORD_LIMIT, wordKey } from './sensitive.domain'

describe('wordKey', () => {
  it.each([
    ['VX', 'vx'],
    ['ＶＸ', 'vx'],
    ['Ｗｅｃｈａｔ１２３', 'wechat123'],
    [' 微信 ', '微信'],
    ['ｽﾄﾚｽ', 'ストレス'],
  ])('wordKey – %s – %s', (word, key) => {
    expect(wordKey(word)).toBe(key)
  })
})

describe('planNewWords', () => {
  it('planNewWords – all new – all created in order, none skipped', () => {
    expect(planNewWords(['微信', '返现'], new Set())).toEqual({
      fresh: [
        { word: '微信', key: '微信' },
        { word: '返现', key: '返现' },
      ],
      skipped: [],
    })
  })

  it('planNewWords – a word the corp has in another width and case – skipped as sent', () => {
    expect(planNewWords(['ＶＸ', '返现'], new Set(['vx']))).toEqual({ fresh: [{ word: '返现', key: '返现' }], skipped: ['ＶＸ'] })
  })

  it('planNewWords – the same word twice in one submission – the first kept, the repeat skipped', () => {
    expect(planNewWords(['VX', '微信', 'vx'], new Set())).toEqual({
      fresh: [
        { word: 'VX', key: 'vx' },
        { word: '微信', key: '微信' },
      ],
      skipped: ['vx'],
    })
  })
})

describe('overLimit', () => {
  it('overLimit – up to the limit – false; one past – true', () => {
    expect(overLimit(SENSITIVE_WORD_LIMIT - 2, 2)).toBe(false)
    expect(overLimit(SENSITIVE_WORD_LIMIT - 2, 3)).toBe(true)
  })
})
