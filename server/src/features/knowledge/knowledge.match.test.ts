import { describe, expect, it } from 'vitest'
import type { KnowledgeItem } from '@kelan/shared'
import {
  bestTier,
  compareRank,
  decodeCursor,
  encodeCursor,
  foldAscii,
  foldText,
  foldWithOffsets,
  ftsMatch,
  ftsPhrase,
  highlightsOf,
  interleave,
  matchRanges,
  RANK_USE_CAP,
  rankRowid,
  rowidItemId,
  rowidUse,
  scopeToken,
  SENTINEL,
} from './knowledge.match'

const S = SENTINEL

describe('interleave', () => {
  it('interleave – Chinese with an emoji – sentinel around every character (code points, not UTF-16 units)', () => {
    expect(interleave('金典😀')).toBe(`${S}金${S}典${S}😀${S}`)
  })

  it('interleave – empty, or sentinels in the text – empty; sentinels dropped', () => {
    expect([interleave(''), interleave(`a${S}b`)]).toEqual(['', `${S}a${S}b${S}`])
  })
})

describe('scopeToken', () => {
  it('scopeToken – ids 1, 6400 and 6400² + 5 – three characters each, all different', () => {
    const tokens = [1, 6400, 6400 ** 2 + 5].map(scopeToken)

    expect(tokens.map((t) => [...t].length)).toEqual([3, 3, 3])
    expect(new Set(tokens).size).toBe(3)
  })
})

describe('rank rowids', () => {
  it('rankRowid – more uses ranks higher whatever the id; same uses: newer higher', () => {
    expect(rankRowid(2, 1)).toBeGreaterThan(rankRowid(1, 4_000_000_000))
    expect(rankRowid(1, 9)).toBeGreaterThan(rankRowid(1, 8))
  })

  it('rankRowid – uses beyond the cap – ranked as the cap, still a safe integer, id recoverable', () => {
    const rowid = rankRowid(50_000_000, 4_294_967_295)

    expect(rowid).toBe(rankRowid(RANK_USE_CAP, 4_294_967_295))
    expect(Number.isSafeInteger(rowid)).toBe(true)
    expect([rowidItemId(rowid), rowidUse(rowid)]).toEqual([4_294_967_295, RANK_USE_CAP])
  })
})

describe('ftsPhrase', () => {
  it('ftsPhrase – one character – short index, the character between sentinels', () => {
    expect(ftsPhrase('奶')).toEqual({ index: 'short', phrase: `"${S}奶${S}"` })
  })

  it('ftsPhrase – two characters – short index, the pair joined by a sentinel', () => {
    expect(ftsPhrase('A3')).toEqual({ index: 'short', phrase: `"A${S}3"` })
  })

  it('ftsPhrase – three or more – long index, the text as one phrase', () => {
    expect(ftsPhrase('营业时间')).toEqual({ index: 'long', phrase: '"营业时间"' })
  })

  it('ftsPhrase – quotes and FTS5 operators – quotes doubled inside one quoted phrase, nothing else touched', () => {
    expect(ftsPhrase('a "b" OR c* -(d)').phrase).toBe('"a ""b"" OR c* -(d)"')
    expect(ftsPhrase('"').phrase).toBe(`"${S}""${S}"`)
  })

  it('ftsMatch – two trees – scope alternatives ANDed with the phrase in the text column', () => {
    expect(ftsMatch([1, 2], '"金典"')).toBe(`{scope} : ("${scopeToken(1)}" OR "${scopeToken(2)}") AND {text} : "金典"`)
  })
})

describe('matching', () => {
  it('foldAscii – mixed text – only A–Z lower-cased, length unchanged', () => {
    expect(foldAscii('iPHONE 15 ÄÖ Ｉ')).toBe('iphone 15 ÄÖ Ｉ')
  })

  it('bestTier – in title and body – 0; only in similar – 1; only in body – 2; nowhere – null', () => {
    const fields = { title: '金典哪里好', similar: '为什么选金典\n舒化', body: '金典有机，舒化无乳糖' }

    expect([bestTier(fields, '金典'), bestTier(fields, '为什么'), bestTier(fields, '无乳糖'), bestTier(fields, '安慕希')]).toEqual([0, 1, 2, null])
  })

  it('bestTier – query spanning two similar questions – no match (one per line)', () => {
    expect(bestTier({ title: '', similar: '买一\n送一', body: '' }, '一送')).toBeNull()
  })

  it('matchRanges – repeated and ASCII-case-different matches – every occurrence, UTF-16 offsets', () => {
    expect(matchRanges('😀iPhone 与 IPHONE', 'iphone')).toEqual([[2, 8], [11, 17]])
  })

  it('matchRanges – overlapping candidates – non-overlapping, left to right', () => {
    expect(matchRanges('哈哈哈', '哈哈')).toEqual([[0, 2]])
  })

  it('matchRanges – non-ASCII letters of another case – no match (only ASCII folds)', () => {
    expect(matchRanges('Ärger', 'ä')).toEqual([])
  })

  it('foldText – full-width latin, digits and space – their ASCII forms, letters lower-cased', () => {
    expect(foldText('ＶＩＰ会员ｖｉｐ１２３　Ａ')).toBe('vip会员vip123 a')
    expect(foldText('VIP会员')).toBe(foldText('ＶＩＰ会员'))
  })

  it('foldText – compatibility characters that change length, combining marks – NFKC per character', () => {
    expect(foldText('㈱①')).toBe('(株)1')
    expect(foldText('Cafe\u0301')).toBe('caf\u00e9')
    expect(foldText('金典😀')).toBe('金典😀')
  })

  it.each(['ＶＩＰ会员', '㈱公司①', 'Cafe\u0301 ＡＢ', '😀ｉＰｈｏｎｅ', '纯中文'])('foldWithOffsets – %j – the same text as foldText, one origin per unit', (text) => {
    const folded = foldWithOffsets(text)
    expect(folded.text).toBe(foldText(text))
    expect([folded.starts.length, folded.ends.length]).toEqual([folded.text.length, folded.text.length])
  })

  it('matchRanges – full-width text, half-width query – ranges in the original text', () => {
    expect(matchRanges('😀ＶＩＰ会员 vip', foldText('VIP'))).toEqual([[2, 5], [8, 11]])
  })

  it('matchRanges – half-width text, full-width query – found', () => {
    expect(matchRanges('尊享VIP', foldText('ｖｉｐ'))).toEqual([[2, 5]])
  })

  it('matchRanges – a match inside a character that folds to several – the whole character', () => {
    expect(matchRanges('本㈱公司', foldText('株'))).toEqual([[1, 2]])
    expect(matchRanges('本㈱公司', foldText('(株)公'))).toEqual([[1, 3]])
  })
})

describe('highlightsOf', () => {
  const base = { id: 1, library: 'public' as const, categoryId: 2, seq: 0, useCount: 0, createdAt: 1, updatedAt: 1 }

  it('highlightsOf – script – question, the matching similar question and text part by index; images skipped', () => {
    const item: KnowledgeItem = {
      ...base, kind: 'script', question: '金典哪里好', similar: ['舒化', '金典适合谁'],
      answer: [{ type: 'image', attachmentId: 'a', attachment: null }, { type: 'text', text: '金典是有机奶' }],
    }

    expect(highlightsOf(item, '金典')).toEqual([
      { field: 'question', index: 0, ranges: [[0, 2]] },
      { field: 'similar', index: 1, ranges: [[0, 2]] },
      { field: 'answer', index: 1, ranges: [[0, 2]] },
    ])
  })

  it('highlightsOf – phrase and link – text; title and description', () => {
    const phrase: KnowledgeItem = { ...base, kind: 'phrase', text: '您好，请问' }
    const link: KnowledgeItem = { ...base, kind: 'link', title: 'Yili 官网', url: 'https://yili.com', description: 'yili 品牌', cover: null, coverUrl: null }

    expect(highlightsOf(phrase, '请问')).toEqual([{ field: 'text', index: 0, ranges: [[3, 5]] }])
    expect(highlightsOf(link, 'yili')).toEqual([
      { field: 'title', index: 0, ranges: [[0, 4]] },
      { field: 'description', index: 0, ranges: [[0, 4]] },
    ])
  })
})

describe('ranks and cursors', () => {
  it('compareRank – tiers first, then more uses, then higher id', () => {
    const ranks = [{ tier: 1, use: 9, id: 1 }, { tier: 0, use: 0, id: 1 }, { tier: 0, use: 3, id: 1 }, { tier: 0, use: 3, id: 2 }]

    expect([...ranks].sort(compareRank)).toEqual([ranks[3], ranks[2], ranks[1], ranks[0]])
  })

  it('encodeCursor / decodeCursor – round trip – the same rank', () => {
    const rank = { tier: 2, use: 17, id: 123_456 }

    expect(decodeCursor(encodeCursor(rank))).toEqual(rank)
  })

  it('decodeCursor – garbage, wrong shapes, tier out of range, negative – null', () => {
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')

    expect([decodeCursor('!!!'), decodeCursor(enc({ t: 1 })), decodeCursor(enc([3, 0, 1])), decodeCursor(enc([0, -1, 1])), decodeCursor(enc([0, 1.5, 1]))]).toEqual([
      null, null, null, null, null,
    ])
  })
})
