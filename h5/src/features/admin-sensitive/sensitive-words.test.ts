import { describe, expect, it } from 'vitest'
import { filterWords, MAX_WORDS_PER_ADD, parseWordLines, skippedNote } from './sensitive-words'
import { makeWord } from './sensitive.testing'

describe('parseWordLines', () => {
  it('parseWordLines – lines with blanks, spaces and a repeat – each word once, trimmed, in order', () => {
    expect(parseWordLines('微信\n\n  返现 \r\n微信\nVX')).toEqual({ ok: true, words: ['微信', '返现', 'VX'] })
  })

  it('parseWordLines – nothing but blank lines – asks for words', () => {
    expect(parseWordLines(' \n\n')).toEqual({ ok: false, error: '请输入敏感词，每行一个' })
  })

  it('parseWordLines – a line over 30 characters – refused naming the line', () => {
    expect(parseWordLines(`微信\n${'敏'.repeat(31)}`)).toEqual({ ok: false, error: '第 2 行：敏感词不能超过 30 个字' })
  })

  it('parseWordLines – 30 characters, emoji counted as one – accepted', () => {
    const word = `${'敏'.repeat(29)}😀`

    expect(parseWordLines(word)).toEqual({ ok: true, words: [word] })
  })

  it('parseWordLines – more words than one submission may carry – refused with the count', () => {
    const text = Array.from({ length: MAX_WORDS_PER_ADD + 1 }, (_, i) => `词${i}`).join('\n')

    expect(parseWordLines(text)).toEqual({ ok: false, error: `一次最多添加 500 个，当前 501 个` })
  })
})

describe('skippedNote', () => {
  it('skippedNote – none skipped – empty', () => {
    expect(skippedNote([])).toBe('')
  })

  it('skippedNote – two skipped – both named', () => {
    expect(skippedNote(['微信', 'VX'])).toBe('以下 2 个词已存在，已跳过：微信、VX')
  })

  it('skippedNote – twelve skipped – the first ten named, then 等', () => {
    const words = Array.from({ length: 12 }, (_, i) => `词${i}`)

    expect(skippedNote(words)).toBe(`以下 12 个词已存在，已跳过：${words.slice(0, 10).join('、')} 等`)
  })
})

describe('filterWords', () => {
  const words = [makeWord(1, '微信'), makeWord(2, 'VX号'), makeWord(3, '返现')]

  it('filterWords – blank query – every word', () => {
    expect(filterWords(words, '  ')).toHaveLength(3)
  })

  it('filterWords – full-width lower-case query – finds the half-width upper-case word', () => {
    expect(filterWords(words, 'ｖｘ').map((w) => w.id)).toEqual([2])
  })

  it('filterWords – part of a Chinese word – that word only', () => {
    expect(filterWords(words, '现').map((w) => w.id)).toEqual([3])
  })
})
