import TextMatcher from 'modern-ahocorasick/text'
import type { SensitiveAction, SensitiveCheckResult, SensitiveHit } from '@kelan/shared'

/** What the words found: the check's answer before the service adds its send token. */
export type SensitiveMatch = Omit<SensitiveCheckResult, 'sendToken'>

/** A word as the matcher needs it. */
export interface MatchableWord {
  word: string
  action: SensitiveAction
}

/** A corp's words compiled once, to check any number of texts. */
export interface SensitiveMatcher {
  readonly size: number
  check(text: string): SensitiveMatch
}

/**
 * Compiles the words into one Aho–Corasick automaton (modern-ahocorasick's TextMatcher): a
 * text is scanned once whatever the number of words. Text and words are folded alike (NFKC
 * and Unicode case folding, as wordKey does), and the library maps each match back to the
 * original text, so ranges index the text as sent even where folding changed its length.
 * Matching is by whole characters (grapheme clusters): 'e' does not match inside 'é'.
 *
 * @example buildMatcher([{ word: '微信', action: 'warn' }]).check('加微信') // { hits: [{ word: '微信', action: 'warn', ranges: [[1, 3]] }], blocked: false }
 */
export function buildMatcher(words: readonly MatchableWord[]): SensitiveMatcher {
  const automaton = new TextMatcher(
    words.map((w) => ({ pattern: w.word, data: w })),
    { normalization: 'NFKC', caseFold: true },
  )
  return {
    size: words.length,
    check: (text) => (words.length === 0 || text === '' ? { hits: [], blocked: false } : collect(automaton, text)),
  }
}

/** Groups every occurrence (overlaps included) by word, in order of first occurrence. */
function collect(automaton: TextMatcher<MatchableWord>, text: string): SensitiveMatch {
  const byWord = new Map<MatchableWord, SensitiveHit>()
  for (const match of automaton.search(text)) {
    const word = match.data
    if (!word) continue
    let hit = byWord.get(word)
    if (!hit) byWord.set(word, (hit = { word: word.word, action: word.action, ranges: [] }))
    hit.ranges.push([match.start, match.end])
  }
  const hits = [...byWord.values()]
  for (const hit of hits) hit.ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  hits.sort((a, b) => firstStart(a) - firstStart(b) || a.word.localeCompare(b.word))
  return { hits, blocked: hits.some((h) => h.action === 'block') }
}

const firstStart = (hit: SensitiveHit): number => hit.ranges[0]?.[0] ?? 0
