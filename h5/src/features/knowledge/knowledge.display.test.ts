import { describe, expect, it } from 'vitest'
import type { KnowledgeHighlight } from '@kelan/shared'
import { itemView, snippet, type Segment } from './knowledge.display'
import { makeLink, makePhrase, makeScript, textPart } from './knowledge.testing'

const marked = (segments: Segment[]) => segments.filter((s) => s.match).map((s) => s.text)
const plain = (segments: Segment[]) => segments.map((s) => s.text).join('')
const hl = (field: KnowledgeHighlight['field'], ranges: [number, number][], index = 0): KnowledgeHighlight => ({ field, index, ranges })

describe('snippet', () => {
  it('snippet – short text – unchanged', () => {
    expect(snippet('金典哪里好', [[0, 2]])).toEqual({ text: '金典哪里好', ranges: [[0, 2]] })
  })

  it('snippet – match far into a long text – cut around it with … and the range shifted onto the match', () => {
    const text = `${'前'.repeat(100)}金典${'后'.repeat(100)}`
    const cut = snippet(text, [[100, 102]])
    expect(cut.text.startsWith('…')).toBe(true)
    expect(cut.text.endsWith('…')).toBe(true)
    const [range] = cut.ranges
    expect(range && cut.text.slice(range[0], range[1])).toBe('金典')
  })

  it('snippet – long text without a match – unchanged (the card clamps it)', () => {
    const text = '字'.repeat(200)
    expect(snippet(text, []).text).toBe(text)
  })
})

describe('itemView', () => {
  it('itemView – script matched in the question – the question segments mark the match', () => {
    const view = itemView(makeScript(1, '金典哪里好'), [hl('question', [[2, 4]])])
    expect(view.title).toEqual([
      { text: '金典', match: false },
      { text: '哪里', match: true },
      { text: '好', match: false },
    ])
  })

  it('itemView – script matched in a similar question and the second text part – shows that similar question and that part', () => {
    const script = makeScript(1, '适合人群', [textPart('第一段'), textPart('乳糖不耐受人群')], { similar: ['谁能喝', '乳糖不耐能喝吗'] })
    const view = itemView(script, [hl('similar', [[0, 2]], 1), hl('answer', [[0, 2]], 1)])
    expect(view.lines.map((l) => l.label)).toEqual(['相似问', ''])
    expect(marked(view.lines[0]!.segments)).toEqual(['乳糖'])
    expect(plain(view.lines[1]!.segments)).toBe('乳糖不耐受人群')
    expect(marked(view.lines[1]!.segments)).toEqual(['乳糖'])
  })

  it('itemView – script without highlights – the first text part and no similar questions', () => {
    const view = itemView(makeScript(1, 'q', [textPart('答案一'), textPart('答案二')], { similar: ['s'] }))
    expect(view.lines).toEqual([{ label: '', segments: [{ text: '答案一', match: false }] }])
  })

  it('itemView – phrase with a 1-character match – marks every occurrence', () => {
    const view = itemView(makePhrase(1, '好的，好'), [hl('text', [[0, 1], [3, 4]])])
    expect(marked(view.title)).toEqual(['好', '好'])
  })

  it('itemView – link matched in its description – description marked, URL shown plain', () => {
    const view = itemView(makeLink(1, '官网', { description: '伊利官方网站', url: 'https://yili.com' }), [hl('description', [[2, 4]])])
    expect(marked(view.lines[0]!.segments)).toEqual(['官方'])
    expect(view.lines[1]).toEqual({ label: '链接', segments: [{ text: 'https://yili.com', match: false }] })
  })
})
