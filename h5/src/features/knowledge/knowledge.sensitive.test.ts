import { describe, expect, it } from 'vitest'
import { reviewOf } from './knowledge.sensitive'
import { clean, hitsOf } from './knowledge.testing'

describe('reviewOf', () => {
  it('reviewOf – no hits – clear', () => {
    expect(reviewOf('您好', clean())).toEqual({ verdict: 'clear' })
  })

  it('reviewOf – warn words only – warn, with each word once and the hits marked in the text', () => {
    const text = '加微信，最便宜'
    const review = reviewOf(text, hitsOf(text, [['微信', 'warn'], ['最便宜', 'warn']]))
    expect(review).toEqual({
      verdict: 'warn',
      text,
      words: [{ word: '微信', action: 'warn' }, { word: '最便宜', action: 'warn' }],
      segments: [
        { text: '加', match: false },
        { text: '微信', match: true },
        { text: '，', match: false },
        { text: '最便宜', match: true },
      ],
    })
  })

  it('reviewOf – one block word among warn words – block, block words listed first', () => {
    const text = '最便宜，返现'
    const review = reviewOf(text, hitsOf(text, [['最便宜', 'warn'], ['返现', 'block']]))
    expect(review.verdict).toBe('block')
    expect(review.verdict !== 'clear' && review.words.map((w) => w.word)).toEqual(['返现', '最便宜'])
  })

  it('reviewOf – overlapping hits – segments keep the text whole', () => {
    const text = '保证收益'
    const review = reviewOf(text, { hits: [{ word: '保证收益', action: 'warn', ranges: [[0, 4]] }, { word: '收益', action: 'warn', ranges: [[2, 4]] }], blocked: false, sendToken: 't' })
    expect(review.verdict !== 'clear' && review.segments.map((s) => s.text).join('')).toBe(text)
  })
})
