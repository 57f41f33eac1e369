import { highlightSegments, type SensitiveAction, type SensitiveCheckResult } from '@kelan/shared'
import type { SensitiveCheck } from '@/features/admin-sensitive/use-sensitive-check'
import type { Segment } from './knowledge.display'

/**
 * The check before a send and the log after it: admin-sensitive's `useSensitiveCheck()`
 * (POST /api/knowledge/check and /send-log) unless a test passes its own.
 */
export type SensitiveChecker = SensitiveCheck

export interface FoundWord {
  word: string
  action: SensitiveAction
}

/** What the check found: nothing, words to confirm, or words that stop the send. */
export type SensitiveReview =
  | { verdict: 'clear' }
  | { verdict: 'warn' | 'block'; text: string; words: FoundWord[]; segments: Segment[] }

/**
 * Turns a check result into what the sidebar does: send, ask (warn words only) or refuse (any
 * block word). Words are listed once each, block words first; `segments` mark every hit in
 * the checked text.
 *
 * @example reviewOf('加微信', { hits: [{ word: '微信', action: 'warn', ranges: [[1, 3]] }], blocked: false }).verdict // 'warn'
 */
export function reviewOf(text: string, result: SensitiveCheckResult): SensitiveReview {
  if (result.hits.length === 0) return { verdict: 'clear' }
  const byWord = new Map<string, SensitiveAction>()
  for (const hit of result.hits) if (byWord.get(hit.word) !== 'block') byWord.set(hit.word, hit.action)
  const words = [...byWord].map(([word, action]) => ({ word, action })).sort((a, b) => Number(b.action === 'block') - Number(a.action === 'block'))
  const blocked = result.blocked || words.some((w) => w.action === 'block')
  return { verdict: blocked ? 'block' : 'warn', text, words, segments: highlightSegments(text, result.hits.flatMap((h) => h.ranges)) }
}
