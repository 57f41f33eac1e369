import { highlightSegments, type KnowledgeHighlight, type KnowledgeItem } from '@kelan/shared'

/**
 * How an item reads in the sidebar list: a title line and a few detail lines, each cut into
 * plain and matched segments from the search highlights. Pure, so the card stays markup only.
 */

export interface Segment {
  text: string
  match: boolean
}

export interface ItemLine {
  /** 相似问 / 链接, or '' for the plain answer or description. */
  label: string
  segments: Segment[]
}

export interface ItemView {
  title: Segment[]
  lines: ItemLine[]
}

type Range = readonly [number, number]
type Field = KnowledgeHighlight['field']

/** Long texts are cut to this many characters around the first match: about two lines at 375 px. */
const SNIPPET_MAX = 40
/** Characters kept before the first match when the text is cut. */
const SNIPPET_LEAD = 8

/**
 * Cuts a long text so its first match is in view (the card clamps lines, so a match at
 * character 200 would otherwise be hidden), shifting the ranges with it; "…" marks a cut.
 *
 * @example snippet('很长的前文……金典', [[50, 52]]) // { text: '…前文……金典', ranges: [[…]] }
 */
export function snippet(text: string, ranges: readonly Range[], max = SNIPPET_MAX): { text: string; ranges: Range[] } {
  const first = ranges.reduce((min, [s]) => Math.min(min, s), Infinity)
  if (text.length <= max || first === Infinity || first < max - SNIPPET_LEAD) return { text, ranges: [...ranges] }
  const from = first - SNIPPET_LEAD
  const to = Math.min(text.length, from + max)
  const cut = `…${text.slice(from, to)}${to < text.length ? '…' : ''}`
  const shifted = ranges.filter(([s, e]) => s >= from && e <= to).map(([s, e]): Range => [s - from + 1, e - from + 1])
  return { text: cut, ranges: shifted }
}

const rangesOf = (highlights: readonly KnowledgeHighlight[], field: Field, index = 0): Range[] =>
  highlights.filter((h) => h.field === field && h.index === index).flatMap((h) => h.ranges)

function segmentsOf(text: string, ranges: readonly Range[]): Segment[] {
  const cut = snippet(text, ranges)
  return highlightSegments(cut.text, cut.ranges)
}

function scriptView(item: Extract<KnowledgeItem, { kind: 'script' }>, highlights: readonly KnowledgeHighlight[]): ItemView {
  const lines: ItemLine[] = []
  item.similar.forEach((s, i) => {
    const ranges = rangesOf(highlights, 'similar', i)
    if (ranges.length) lines.push({ label: '相似问', segments: segmentsOf(s, ranges) })
  })
  // The answer part that matched, else the first text part: what the member most needs to see.
  const texts = item.answer.flatMap((p, i) => (p.type === 'text' ? [{ i, text: p.text }] : []))
  const shown = texts.find((t) => rangesOf(highlights, 'answer', t.i).length) ?? texts[0]
  if (shown) lines.push({ label: '', segments: segmentsOf(shown.text, rangesOf(highlights, 'answer', shown.i)) })
  return { title: segmentsOf(item.question, rangesOf(highlights, 'question')), lines }
}

/**
 * The title and detail lines of an item, with `highlights` (from a search hit) marked.
 *
 * @example itemView(phrase).title // [{ text: phrase.text, match: false }]
 */
export function itemView(item: KnowledgeItem, highlights: readonly KnowledgeHighlight[] = []): ItemView {
  switch (item.kind) {
    case 'script':
      return scriptView(item, highlights)
    case 'phrase':
      return { title: segmentsOf(item.text, rangesOf(highlights, 'text')), lines: [] }
    case 'link': {
      const lines: ItemLine[] = []
      if (item.description) lines.push({ label: '', segments: segmentsOf(item.description, rangesOf(highlights, 'description')) })
      lines.push({ label: '链接', segments: [{ text: item.url, match: false }] })
      return { title: segmentsOf(item.title, rangesOf(highlights, 'title')), lines }
    }
  }
}
