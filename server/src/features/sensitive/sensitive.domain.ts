/**
 * Sensitive-word rules as plain functions: what counts as the same word, which submitted
 * words are new, and how many a corp may keep.
 */

/**
 * At most this many words per corp. The matcher is rebuilt after every change (~25 ms per
 * thousand words, see sensitive.matcher.test.ts); past this, one rebuild would hold the server
 * for long enough to be felt by everyone.
 */
export const SENSITIVE_WORD_LIMIT = 10_000

/** The send log's page size. */
export const SEND_LOG_PAGE_SIZE = 50

/**
 * The form two words are compared in: NFKC (full-width Latin and digits become half-width,
 * half-width katakana full-width) and lower case, so 'ＶＸ', 'Vx' and 'vx' are one word. The
 * matcher folds text the same way.
 *
 * @example wordKey(' ＶＸ号 ') // 'vx号'
 */
export const wordKey = (word: string): string => word.normalize('NFKC').toLowerCase().trim()

export interface NewWord {
  word: string
  key: string
}

/**
 * Splits submitted words (already trimmed) into those to create and those to skip: a word
 * whose key the corp already has, or which repeats an earlier word of the same submission.
 *
 * @example planNewWords(['微信', 'VX', 'vx'], new Set(['微信'])) // { fresh: [{ word: 'VX', key: 'vx' }], skipped: ['微信', 'vx'] }
 */
export function planNewWords(words: readonly string[], existingKeys: ReadonlySet<string>): { fresh: NewWord[]; skipped: string[] } {
  const seen = new Set(existingKeys)
  const fresh: NewWord[] = []
  const skipped: string[] = []
  for (const word of words) {
    const key = wordKey(word)
    if (seen.has(key)) skipped.push(word)
    else {
      seen.add(key)
      fresh.push({ word, key })
    }
  }
  return { fresh, skipped }
}

/** True when adding `adding` words to `current` would pass SENSITIVE_WORD_LIMIT. */
export const overLimit = (current: number, adding: number): boolean => current + adding > SENSITIVE_WORD_LIMIT
