import { describe, expect, it } from 'vitest'
import { buildSendPlan, copyTextOf, mediaCount, newsMessage, splitAnswer } from './knowledge.message'
import { linkPart, makeLink, makePhrase, makeScript, mediaPart, textPart } from './knowledge.testing'

describe('splitAnswer', () => {
  it('splitAnswer – text, image, link, video, text – keeps text and links in order and sets media apart', () => {
    const parts = [textPart('一'), mediaPart('image'), linkPart('官网'), mediaPart('video'), textPart('二')]
    const { sendable, media } = splitAnswer(parts)
    expect(sendable.map((p) => p.type)).toEqual(['text', 'link', 'text'])
    expect(media.map((p) => p.type)).toEqual(['image', 'video'])
  })

  it('splitAnswer – text only – has no media', () => {
    expect(splitAnswer([textPart('你好')]).media).toEqual([])
  })
})

describe('buildSendPlan', () => {
  it('buildSendPlan – answer of text, image, link, text – text and news messages in order, the image counted as skipped', () => {
    const script = makeScript(1, '金典哪里好', [textPart('有机奶源'), mediaPart('image'), linkPart('官网', 'https://yili.com', '伊利官网'), textPart('欢迎选购')])
    const plan = buildSendPlan(script)
    expect(plan.messages).toEqual([
      { msgtype: 'text', text: { content: '有机奶源' } },
      { msgtype: 'news', news: { link: 'https://yili.com', title: '官网', desc: '伊利官网', imgUrl: '' } },
      { msgtype: 'text', text: { content: '欢迎选购' } },
    ])
    expect(plan.skippedMedia).toBe(1)
    expect(plan.text).toBe('有机奶源\n官网\n伊利官网\n欢迎选购')
  })

  it('buildSendPlan – phrase – one text message with the phrase', () => {
    const plan = buildSendPlan(makePhrase(2, '您好，请问有什么可以帮您？'))
    expect(plan).toEqual({ messages: [{ msgtype: 'text', text: { content: '您好，请问有什么可以帮您？' } }], skippedMedia: 0, text: '您好，请问有什么可以帮您？' })
  })

  it('buildSendPlan – 常用链接 with a cover – one news card with link, title, desc and the cover URL', () => {
    const link = makeLink(3, '新品发布', { url: 'https://a.cn/new', description: '夏季新品', cover: 'cov-1' })
    const plan = buildSendPlan(link, { coverUrl: (id) => `https://cdn.example/${id}.jpg` })
    expect(plan.messages).toEqual([{ msgtype: 'news', news: { link: 'https://a.cn/new', title: '新品发布', desc: '夏季新品', imgUrl: 'https://cdn.example/cov-1.jpg' } }])
    expect(plan.text).toBe('新品发布\n夏季新品')
  })
})

describe('newsMessage', () => {
  it('newsMessage – cover but no URL resolver – leaves imgUrl empty instead of inventing one', () => {
    const msg = newsMessage({ url: 'https://a.cn', title: 't', description: '', cover: 'cov-1' })
    expect(msg).toEqual({ msgtype: 'news', news: { link: 'https://a.cn', title: 't', desc: '', imgUrl: '' } })
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

describe('mediaCount', () => {
  it('mediaCount – answer with an image and a file – 2; phrase – 0', () => {
    expect(mediaCount(makeScript(1, 'q', [textPart('a'), mediaPart('image'), mediaPart('file')]))).toBe(2)
    expect(mediaCount(makePhrase(2, 'p'))).toBe(0)
  })
})
