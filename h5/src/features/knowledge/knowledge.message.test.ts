import { describe, expect, it } from 'vitest'
import { buildSendPlan, copyTextOf, mediaMessage, newsMessage } from './knowledge.message'
import { linkPart, makeLink, makePhrase, makeScript, mediaPart, textPart } from './knowledge.testing'

describe('buildSendPlan', () => {
  it('buildSendPlan – answer of text, image, link, file – every part in order, media as steps that need a media_id', () => {
    const script = makeScript(1, '金典哪里好', [textPart('有机奶源'), mediaPart('image'), linkPart('官网', 'https://yili.com', '伊利官网'), mediaPart('file')])
    const plan = buildSendPlan(script)
    expect(plan.steps).toEqual([
      { type: 'message', message: { msgtype: 'text', text: { content: '有机奶源' } } },
      { type: 'media', msgtype: 'image', partIndex: 1 },
      { type: 'message', message: { msgtype: 'news', news: { link: 'https://yili.com', title: '官网', desc: '伊利官网', imgUrl: '' } } },
      { type: 'media', msgtype: 'file', partIndex: 3 },
    ])
    expect(plan.text).toBe('有机奶源\n官网\n伊利官网')
  })

  it('buildSendPlan – phrase – one text message with the phrase', () => {
    const plan = buildSendPlan(makePhrase(2, '您好，请问有什么可以帮您？'))
    expect(plan).toEqual({ steps: [{ type: 'message', message: { msgtype: 'text', text: { content: '您好，请问有什么可以帮您？' } } }], text: '您好，请问有什么可以帮您？' })
  })

  it('buildSendPlan – 常用链接 with a cover – one news card with link, title, desc and the public cover URL', () => {
    const link = makeLink(3, '新品发布', { url: 'https://a.cn/new', description: '夏季新品', cover: 'cov-1', coverUrl: 'https://kelan.example/public/attachments/cov-1?sig=s' })
    const plan = buildSendPlan(link)
    expect(plan.steps).toEqual([
      { type: 'message', message: { msgtype: 'news', news: { link: 'https://a.cn/new', title: '新品发布', desc: '夏季新品', imgUrl: 'https://kelan.example/public/attachments/cov-1?sig=s' } } },
    ])
    expect(plan.text).toBe('新品发布\n夏季新品')
  })
})

describe('newsMessage and mediaMessage', () => {
  it('newsMessage – no cover URL (none, or its file is gone) – imgUrl empty', () => {
    expect(newsMessage({ url: 'https://a.cn', title: 't', description: '', coverUrl: null })).toEqual({ msgtype: 'news', news: { link: 'https://a.cn', title: 't', desc: '', imgUrl: '' } })
  })

  it.each(['image', 'video', 'file'] as const)('mediaMessage – %s – the sendChatMessage shape with mediaid', (msgtype) => {
    expect(mediaMessage(msgtype, 'M1')).toEqual({ msgtype, [msgtype]: { mediaid: 'M1' } })
  })
})

describe('copyTextOf', () => {
  it.each([
    [makePhrase(1, '稍等'), '稍等'],
    [makeLink(2, '官网', { url: 'https://yili.com' }), '官网\nhttps://yili.com'],
    [makeScript(3, 'q', [textPart('答'), mediaPart('file'), linkPart('说明', 'https://a.cn/doc')]), '答\n说明 https://a.cn/doc'],
  ])('copyTextOf – %# – the text a person would paste', (item, text) => {
    expect(copyTextOf(item)).toBe(text)
  })
})
