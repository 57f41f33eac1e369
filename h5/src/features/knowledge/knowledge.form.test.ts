import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/errors'
import { draftFromItem, emptyDraft, linkDraft, serverFieldErrors, textDraft, toInput, type ItemDraft } from './knowledge.form'
import { linkPart, makeLink, makeScript, mediaPart, textPart } from './knowledge.testing'

const errorsOf = (draft: ItemDraft) => {
  const r = toInput(draft)
  return r.ok ? {} : r.errors
}

describe('toInput', () => {
  it('toInput – empty phrase – refused with 常用语不能为空 on text', () => {
    expect(errorsOf(emptyDraft('phrase'))).toEqual({ text: '常用语不能为空' })
  })

  it('toInput – phrase of 301 characters – refused with the 300 limit', () => {
    expect(errorsOf({ kind: 'phrase', text: '字'.repeat(301) })).toEqual({ text: '常用语不能超过 300 个字' })
  })

  it('toInput – empty script – question and answer text each get their message', () => {
    const errors = errorsOf(emptyDraft('script'))
    expect(errors.question).toBe('问题名称不能为空')
    expect(errors['answer.0.text']).toBe('答案不能为空')
  })

  it('toInput – script with a blank similar row and a duplicate – blank dropped, the duplicate pointed at its own row', () => {
    const draft: ItemDraft = { kind: 'script', question: '金典哪里好', similar: ['', '金典好在哪', '  ', '金典好在哪'], answer: [textDraft('有机')] }
    expect(errorsOf(draft)).toEqual({ similar: '相似问重复' })
    const tooLong: ItemDraft = { ...draft, similar: ['', '好'.repeat(101)] }
    expect(errorsOf(tooLong)).toEqual({ 'similar.1': '相似问不能超过 100 个字' })
  })

  it('toInput – script whose only text part is removed – refused with 答案需要包含文字', () => {
    const draft: ItemDraft = { kind: 'script', question: 'q', similar: [], answer: [{ ...linkDraft(), url: 'https://a.cn', title: '官网' }] }
    expect(errorsOf(draft)).toEqual({ answer: '答案需要包含文字' })
  })

  it('toInput – link part with a bad URL – message on that part’s url', () => {
    const draft: ItemDraft = { kind: 'script', question: 'q', similar: [], answer: [textDraft('a'), { ...linkDraft(), url: 'ftp://x', title: 't' }] }
    expect(errorsOf(draft)).toEqual({ 'answer.1.url': '请输入以 http:// 或 https:// 开头的链接' })
  })

  it('toInput – 常用链接 without title and with a javascript: URL – both refused', () => {
    const errors = errorsOf({ ...(emptyDraft('link') as Extract<ItemDraft, { kind: 'link' }>), url: 'javascript:alert(1)' })
    expect(errors).toEqual({ title: '标题不能为空', url: '请输入以 http:// 或 https:// 开头的链接' })
  })

  it('toInput – valid script – the API input without form keys, trimmed, blank similar rows gone', () => {
    const draft: ItemDraft = { kind: 'script', question: ' 金典哪里好 ', similar: ['', '好在哪'], answer: [textDraft('有机奶源'), { key: 99, type: 'image', attachmentId: 'img-1', attachment: null }], categoryId: 5 }
    expect(toInput(draft)).toEqual({
      ok: true,
      input: { kind: 'script', question: '金典哪里好', similar: ['好在哪'], answer: [{ type: 'text', text: '有机奶源' }, { type: 'image', attachmentId: 'img-1' }], categoryId: 5 },
    })
  })
})

describe('draftFromItem', () => {
  it('draftFromItem – script with text, image and link – every part kept, each with its own key', () => {
    const draft = draftFromItem(makeScript(1, 'q', [textPart('a'), mediaPart('image'), linkPart('t')], { categoryId: 7 }))
    if (draft.kind !== 'script') throw new Error('expected a script draft')
    expect(draft.answer.map((p) => p.type)).toEqual(['text', 'image', 'link'])
    expect(new Set(draft.answer.map((p) => p.key)).size).toBe(3)
    expect(draft.categoryId).toBe(7)
  })

  it('draftFromItem – 常用链接 round trip – the same content back as input', () => {
    const link = makeLink(1, '官网', { url: 'https://yili.com', description: '伊利', cover: 'cov-1', categoryId: 3 })
    expect(toInput(draftFromItem(link))).toEqual({ ok: true, input: { kind: 'link', title: '官网', url: 'https://yili.com', description: '伊利', cover: 'cov-1', categoryId: 3 } })
  })
})

describe('serverFieldErrors', () => {
  it('serverFieldErrors – VALIDATION_FAILED with json paths – keyed by field', () => {
    const err = new ApiError(400, 'VALIDATION_FAILED', '请求参数不正确', { issues: [{ path: 'json.question', message: '问题名称不能为空' }] })
    expect(serverFieldErrors(err)).toEqual({ question: '问题名称不能为空' })
  })

  it('serverFieldErrors – a refusal without issues – empty', () => {
    expect(serverFieldErrors(new ApiError(403, 'FORBIDDEN', '无权'))).toEqual({})
  })
})
