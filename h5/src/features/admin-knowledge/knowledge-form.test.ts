import { describe, expect, it } from 'vitest'
import { answerTextLength, checkDraft, draftFromItem, emptyDraft, type ItemDraft, linkPart, movedBy, rowKey, textPart } from './knowledge-form'
import { makeLink, makeScript } from './knowledge.testing'

const script = (over: Partial<ItemDraft> = {}): ItemDraft => ({ ...emptyDraft('script', 10), question: '金典哪里好', answer: [textPart('口感醇厚')], ...over })
const similar = (...texts: string[]) => texts.map((text) => ({ key: rowKey(), text }))

describe('knowledge-form – drafts', () => {
  it('emptyDraft – 话术 – one empty text part to type the answer into', () => {
    const draft = emptyDraft('script', null)
    expect(draft.answer.map((p) => [p.type, p.text])).toEqual([['text', '']])
    expect(emptyDraft('phrase', 3).answer).toEqual([])
  })

  it('draftFromItem – 话术 with an image and a link – every part kept, in order', () => {
    const item = makeScript(1, '门店', {
      categoryId: 10,
      similar: ['门店在哪'],
      answer: [
        { type: 'text', text: '地址如下' },
        { type: 'image', attachmentId: 'img-1', attachment: null },
        { type: 'link', url: 'https://example.com/map', title: '地图', description: '', cover: 'cov-1', coverUrl: 'http://localhost/public/attachments/cov-1?sig=x' },
      ],
    })
    const draft = draftFromItem(item)
    expect(draft.categoryId).toBe(10)
    expect(draft.similar.map((s) => s.text)).toEqual(['门店在哪'])
    expect(draft.answer.map((p) => p.type)).toEqual(['text', 'attachment', 'link'])
    const checked = checkDraft(draft)
    expect(checked.ok && checked.input.kind === 'script' && checked.input.answer).toEqual([
      { type: 'text', text: '地址如下' },
      { type: 'image', attachmentId: 'img-1' },
      { type: 'link', url: 'https://example.com/map', title: '地图', description: '', cover: 'cov-1' },
    ])
  })

  it('answerTextLength – two text parts and a link – trimmed text of text parts only, CJK as one each', () => {
    const link = { ...linkPart(), title: '很长的链接标题' }
    expect(answerTextLength([textPart(' 你好 '), link, textPart('ab😀')])).toBe(5)
  })

  it('movedBy – up, down and off the ends', () => {
    expect(movedBy(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b'])
    expect(movedBy(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c'])
    expect(movedBy(['a', 'b'], 0, -1)).toEqual(['a', 'b'])
  })
})

describe('knowledge-form – checkDraft', () => {
  it('checkDraft – valid 话术 – the input with blank 相似问 rows dropped, no seq', () => {
    const checked = checkDraft(script({ similar: similar('金典好在哪', '  ', '金典的优点') }))
    expect(checked).toEqual({
      ok: true,
      input: {
        kind: 'script',
        question: '金典哪里好',
        similar: ['金典好在哪', '金典的优点'],
        answer: [{ type: 'text', text: '口感醇厚' }],
        categoryId: 10,
      },
    })
  })

  it('checkDraft – empty 话术 – 问题名称 and 答案 refused with the shared messages', () => {
    const checked = checkDraft(emptyDraft('script', null))
    expect(checked.ok).toBe(false)
    if (checked.ok) return
    expect(checked.errors.question).toBe('问题名称不能为空')
    expect(checked.errors['answer.0.text']).toBe('答案不能为空')
  })

  it('checkDraft – question of 101 characters – refused on question', () => {
    const checked = checkDraft(script({ question: '问'.repeat(101) }))
    expect(!checked.ok && checked.errors.question).toBe('问题名称不能超过 100 个字')
  })

  it('checkDraft – a duplicate and an over-long 相似问 after a blank row – errors on the list and on the right row', () => {
    const checked = checkDraft(script({ similar: similar('', '相'.repeat(101)) }))
    expect(!checked.ok && checked.errors).toEqual({ 'similar.1': '相似问不能超过 100 个字' })
    const dup = checkDraft(script({ similar: similar('同一个', '同一个') }))
    expect(!dup.ok && dup.errors.similar).toBe('相似问重复')
  })

  it('checkDraft – two text parts over 300 together – refused on the answer as a whole', () => {
    const checked = checkDraft(script({ answer: [textPart('字'.repeat(200)), textPart('字'.repeat(101))] }))
    expect(!checked.ok && checked.errors.answer).toBe('答案文字不能超过 300 个字')
  })

  it('checkDraft – answer of a link only – refused: an answer needs text', () => {
    const link = { ...linkPart(), url: 'https://example.com', title: '官网' }
    const checked = checkDraft(script({ answer: [link] }))
    expect(!checked.ok && checked.errors.answer).toBe('答案需要包含文字')
  })

  it('checkDraft – a link part with a bad URL and no title – errors on that part', () => {
    const link = { ...linkPart(), url: 'ftp://example.com' }
    const checked = checkDraft(script({ answer: [textPart('看这里'), link] }))
    expect(!checked.ok && checked.errors).toEqual({ 'answer.1.url': '请输入以 http:// 或 https:// 开头的链接', 'answer.1.title': '链接标题不能为空' })
  })

  it('checkDraft – 常用语 over 300 characters – refused on text', () => {
    const checked = checkDraft({ ...emptyDraft('phrase', null), text: '语'.repeat(301) })
    expect(!checked.ok && checked.errors.text).toBe('常用语不能超过 300 个字')
  })

  it('checkDraft – 常用语 without a category – sent without categoryId (未分类)', () => {
    expect(checkDraft({ ...emptyDraft('phrase', null), text: '您好' })).toEqual({ ok: true, input: { kind: 'phrase', text: '您好' } })
  })

  it('checkDraft – 常用链接 with a javascript: URL – refused on url', () => {
    const checked = checkDraft({ ...emptyDraft('link', 4), title: '官网', url: 'javascript:alert(1)' })
    expect(!checked.ok && checked.errors.url).toBe('请输入以 http:// 或 https:// 开头的链接')
  })

  it('checkDraft – 常用链接 edited – cover kept, description trimmed', () => {
    const draft = draftFromItem(makeLink(5, '官网', { cover: 'cov-9', categoryId: 4 }))
    const checked = checkDraft({ ...draft, description: ' 伊利官方网站 ' })
    expect(checked).toEqual({
      ok: true,
      input: { kind: 'link', title: '官网', url: 'https://example.com/', description: '伊利官方网站', cover: 'cov-9', categoryId: 4 },
    })
  })
})
