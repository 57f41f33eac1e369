import { SensitiveWordText, type SendLogEntry, type SensitiveAction, type SensitiveWord } from '@kelan/shared'

// Pure rules of the 敏感词 admin page: reading the textarea, labels, filtering the list.

export const ACTION_LABELS: Record<SensitiveAction, string> = { warn: '提醒', block: '拦截' }

/** What each action does, shown beside the choice. */
export const ACTION_HINTS: Record<SensitiveAction, string> = {
  warn: '发送前提示命中的敏感词，员工确认后仍可发送',
  block: '命中后不允许发送',
}

export const OUTCOME_LABELS: Record<SendLogEntry['outcome'], string> = { confirmed: '确认后发送', blocked: '已拦截' }

/** The most words one submission may carry (the server's limit). */
export const MAX_WORDS_PER_ADD = 500

export type ParsedWords = { ok: true; words: string[] } | { ok: false; error: string }

/**
 * The textarea's words: one per line, trimmed, blank lines and exact repeats dropped. Refuses
 * (naming the first bad line) what the server would refuse, so the admin fixes it in place.
 *
 * @example parseWordLines('微信\n\n 返现 \n微信') // { ok: true, words: ['微信', '返现'] }
 */
export function parseWordLines(text: string): ParsedWords {
  const words: string[] = []
  const lines = text.split(/\r?\n/)
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue
    const parsed = SensitiveWordText.safeParse(line)
    if (!parsed.success) return { ok: false, error: `第 ${index + 1} 行：${parsed.error.issues[0]?.message ?? '格式不正确'}` }
    if (!words.includes(parsed.data)) words.push(parsed.data)
  }
  if (words.length === 0) return { ok: false, error: '请输入敏感词，每行一个' }
  if (words.length > MAX_WORDS_PER_ADD) return { ok: false, error: `一次最多添加 ${MAX_WORDS_PER_ADD} 个，当前 ${words.length} 个` }
  return { ok: true, words }
}

/**
 * The note after adding, when some words were already in the list (the first ten named).
 *
 * @example skippedNote(['微信', 'VX']) // '以下 2 个词已存在，已跳过：微信、VX'
 */
export function skippedNote(skipped: readonly string[]): string {
  if (skipped.length === 0) return ''
  const shown = skipped.slice(0, 10).join('、')
  return `以下 ${skipped.length} 个词已存在，已跳过：${shown}${skipped.length > 10 ? ' 等' : ''}`
}

/** Folds case and full-/half-width forms, as the server compares words. */
const fold = (s: string) => s.normalize('NFKC').toLowerCase()

/**
 * The words containing `query` (folded like the server folds them); all when it is blank.
 *
 * @example filterWords(words, 'ＶＸ') // the words containing 'vx', 'VX', …
 */
export function filterWords(words: readonly SensitiveWord[], query: string): SensitiveWord[] {
  const q = fold(query.trim())
  return q === '' ? [...words] : words.filter((w) => fold(w.word).includes(q))
}
