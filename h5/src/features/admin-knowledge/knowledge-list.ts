import { KnowledgeSeq, type KnowledgeItem, type KnowledgeKind } from '@kelan/shared'

// Pure helpers of the admin item list: column labels per kind, the 序号 cell, paging text.

/** The title column of each kind's list. */
export const TITLE_COLUMN: Record<KnowledgeKind, string> = { script: '问题名称', phrase: '内容', link: '标题' }

/** The list's filter box, by kind. */
export const SEARCH_PLACEHOLDER: Record<KnowledgeKind, string> = {
  script: '请输入问题名称',
  phrase: '请输入常用语内容',
  link: '请输入链接标题',
}

/** What the list shows in its title column: 问题名称, the phrase, or the link title. */
export function itemTitle(item: KnowledgeItem): string {
  switch (item.kind) {
    case 'script':
      return item.question
    case 'phrase':
      return item.text
    case 'link':
      return item.title
  }
}

/**
 * 序号 as the list shows it: whole numbers plain, others with two decimals.
 *
 * @example formatSeq(7) // '7'; formatSeq(1.5) // '1.50'
 */
export const formatSeq = (seq: number): string => (Number.isInteger(seq) ? String(seq) : seq.toFixed(2))

export type SeqParse = { ok: true; seq: number } | { ok: false; message: string }

/**
 * Reads what was typed in a 序号 cell, with the shared rules (0–999999.99, two decimals).
 *
 * @example parseSeq(' 1.17 ') // { ok: true, seq: 1.17 }
 */
export function parseSeq(text: string): SeqParse {
  const trimmed = text.trim()
  if (trimmed === '') return { ok: false, message: '请输入序号' }
  // Number() alone would read '0x10', '1e3' and 'Infinity': only plain decimals are a 序号.
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) return { ok: false, message: '序号必须是数字' }
  const result = KnowledgeSeq.safeParse(Number(trimmed))
  return result.success ? { ok: true, seq: result.data } : { ok: false, message: result.error.issues[0]?.message ?? '序号不正确' }
}

/**
 * "第1-20条/总共45条" for a page of the list.
 *
 * @example pageRangeText(3, 20, 45) // '第41-45条/总共45条'
 */
export function pageRangeText(page: number, pageSize: number, total: number): string {
  if (total <= 0) return '共 0 条'
  const first = (page - 1) * pageSize + 1
  return `第${Math.min(first, total)}-${Math.min(page * pageSize, total)}条/总共${total}条`
}

/** The list with one item replaced in place: a saved 序号 does not move its row until 刷新. */
export const replaceItem = (items: readonly KnowledgeItem[], updated: KnowledgeItem): KnowledgeItem[] =>
  items.map((item) => (item.id === updated.id ? updated : item))
