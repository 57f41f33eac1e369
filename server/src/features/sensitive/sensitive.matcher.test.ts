import { describe, expect, it } from 'vitest'
import { buildMatcher, type MatchableWord } from './sensitive.matcher'

const warn = (word: string): MatchableWord => ({ word, action: 'warn' })
const block = (word: string): MatchableWord => ({ word, action: 'block' })

/** The text covered by each range of each hit. */
const covered = (text: string, hits: { ranges: [number, number][] }[]) => hits.map((h) => h.ranges.map(([s, e]) => text.slice(s, e)))

describe('buildMatcher – check', () => {
  it('check – Chinese word twice in the text – one hit with both ranges, in order', () => {
    const text = '加我微信，微信号123'

    const result = buildMatcher([warn('微信')]).check(text)

    expect(result).toEqual({ hits: [{ word: '微信', action: 'warn', ranges: [[2, 4], [5, 7]] }], blocked: false })
  })

  it('check – no word in the text – no hits, not blocked', () => {
    expect(buildMatcher([warn('微信'), block('返现')]).check('您好，请问有什么可以帮您？')).toEqual({ hits: [], blocked: false })
  })

  it('check – no words at all, or empty text – no hits', () => {
    expect(buildMatcher([]).check('加我微信')).toEqual({ hits: [], blocked: false })
    expect(buildMatcher([warn('微信')]).check('')).toEqual({ hits: [], blocked: false })
  })

  it('check – a block word among warn words – blocked, hits in order of first occurrence', () => {
    const text = '保证返现，加微信'

    const result = buildMatcher([warn('微信'), block('返现')]).check(text)

    expect(result.blocked).toBe(true)
    expect(result.hits.map((h) => [h.word, h.action])).toEqual([['返现', 'block'], ['微信', 'warn']])
  })

  it('check – Latin word in another case – matched, range on the text as sent', () => {
    const text = '加我 VX 或 Vx'

    const result = buildMatcher([warn('vx')]).check(text)

    expect(covered(text, result.hits)).toEqual([['VX', 'Vx']])
    expect(result.hits[0]?.word).toBe('vx')
  })

  it('check – full-width text against a half-width word and the reverse – both matched', () => {
    const text = '加ＶＸ：ａｂｃ１２３ 或 wx888'

    const result = buildMatcher([warn('vx'), warn('abc123'), warn('ＷＸ８８８')]).check(text)

    expect(covered(text, result.hits)).toEqual([['ＶＸ'], ['ａｂｃ１２３'], ['wx888']])
  })

  it('check – overlapping words – each reported with its own range', () => {
    const text = '微信号是多少'

    const result = buildMatcher([warn('微信'), warn('微信号')]).check(text)

    expect(result.hits.map((h) => [h.word, h.ranges])).toEqual([
      ['微信', [[0, 2]]],
      ['微信号', [[0, 3]]],
    ])
  })

  it('check – text with emoji before the word – ranges are UTF-16 indices', () => {
    const text = '😀😀返现'

    const result = buildMatcher([block('返现')]).check(text)

    expect(result.hits[0]?.ranges).toEqual([[4, 6]])
  })

  it('check – word with regex and FTS syntax characters – matched literally', () => {
    const text = '点击 (a+b)* 领取'

    expect(covered(text, buildMatcher([warn('(a+b)*')]).check(text).hits)).toEqual([['(a+b)*']])
  })
})

describe('buildMatcher – speed', () => {
  /** `n` distinct words of 2–4 CJK characters (every fifth one Latin), from a fixed seed. */
  function randomWords(n: number): string[] {
    let seed = 42
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31
    const cjk = (len: number) => Array.from({ length: len }, () => String.fromCharCode(0x4e00 + Math.floor(next() * 3000))).join('')
    const words = new Set<string>()
    while (words.size < n) words.add(words.size % 5 === 0 ? `w${Math.floor(next() * 1e8).toString(36)}` : cjk(2 + Math.floor(next() * 3)))
    return [...words]
  }

  /** Median and worst of `runs` timings of `fn`, in ms. */
  function time(fn: () => void, runs: number): { median: number; max: number } {
    const ms: number[] = []
    for (let i = 0; i < runs; i++) {
      const t = performance.now()
      fn()
      ms.push(performance.now() - t)
    }
    ms.sort((a, b) => a - b)
    return { median: ms[Math.floor(runs / 2)] ?? 0, max: ms.at(-1) ?? 0 }
  }

  it('check – 5,000 words, a 300-character message and a 5,000-character one – fast enough to run on every send', () => {
    const words = randomWords(5000)
    let matcher = buildMatcher([])
    const build = time(() => void (matcher = buildMatcher(words.map(warn))), 3)
    const filler = '您好，这款产品目前有优惠活动，欢迎咨询。'
    const short = `${filler.repeat(14)}${words[7]}`
    const long = `${filler.repeat(249)}${words[4000]}`

    const shortCheck = time(() => matcher.check(short), 50)
    const longCheck = time(() => matcher.check(long), 10)

    console.info(
      `[sensitive] 5,000 words: build ${build.median.toFixed(0)} ms; check 300 chars median ${shortCheck.median.toFixed(2)} ms,`,
      `5,000 chars median ${longCheck.median.toFixed(1)} ms (max ${longCheck.max.toFixed(1)} ms)`,
    )
    expect(matcher.check(short).hits.map((h) => h.word)).toEqual([words[7]])
    expect(matcher.check(long).hits.map((h) => h.word)).toEqual([words[4000]])
    // Bounds with room for a busy shared machine (measured: ~0.3 ms, ~10 ms, ~110 ms); the figures above go to docs.
    expect(shortCheck.median).toBeLessThan(5)
    expect(longCheck.median).toBeLessThan(60)
    expect(build.median).toBeLessThan(1500)
  })
})
