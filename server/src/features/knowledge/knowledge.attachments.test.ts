/**
 * Attachments in the knowledge base: references checked on save, files shown with items (URLs,
 * names, sizes, cover URLs), and media ids for sending (against the WeCom simulator).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ErrorBody, KnowledgeItem, KnowledgeItemPage, KnowledgeMediaResult, KnowledgeSearchPage, type Attachment } from '@kelan/shared'
import type { Deps } from '../../deps'
import { makeStaff, seed } from '../../test/helpers'
import type { Simulator } from '../../wecom-sim'
import { makeTestSim, simWecomClient } from '../../wecom-sim/testing'
import { readFileSync } from 'node:fs'
import { attachmentLinks } from '../../db/schema'
import { attachmentDeps, download, MP4, PDF, PNG, uploaded } from '../attachments/attachments.testing'
import { publicAttachmentUrl } from '../attachments/attachments.service'
import { call, scriptInput } from './knowledge.testing'

const errorOf = async (res: Response) => ErrorBody.parse(await res.json()).error
const post = (deps: Deps, as: string, json: unknown) => call(deps, '/api/knowledge/items', { as, method: 'POST', json })

async function created(deps: Deps, as: string, json: unknown): Promise<KnowledgeItem> {
  const res = await post(deps, as, json)
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`)
  return KnowledgeItem.parse(await res.json())
}

const withMedia = (...media: { type: 'image' | 'video' | 'file'; attachmentId: string }[]) =>
  scriptInput('产品介绍', { answer: [{ type: 'text', text: '请看资料' }, ...media] })

describe('knowledge items – attachment references on save', () => {
  it('POST items – text, image, video and file parts of the admin’s uploads – 201, each part with its file', async () => {
    const deps = attachmentDeps()
    const [img, video, pdf] = [
      await uploaded(deps, PNG, { as: 'boss', name: '图.png' }),
      await uploaded(deps, MP4, { as: 'boss', kind: 'video', name: '演示.mp4', type: 'video/mp4' }),
      await uploaded(deps, PDF, { as: 'boss', kind: 'file', name: '报价单.pdf', type: 'application/pdf' }),
    ]

    const item = await created(deps, 'boss', withMedia({ type: 'image', attachmentId: img.id }, { type: 'video', attachmentId: video.id }, { type: 'file', attachmentId: pdf.id }))

    expect(item.kind === 'script' && item.answer.slice(1)).toEqual([
      { type: 'image', attachmentId: img.id, attachment: img },
      { type: 'video', attachmentId: video.id, attachment: video },
      { type: 'file', attachmentId: pdf.id, attachment: { ...pdf, filename: '报价单.pdf', size: PDF.length } },
    ])
  })

  it('POST items – a link with a cover, and a link part with one – 201 with absolute signed cover URLs', async () => {
    const deps = attachmentDeps()
    const cover = await uploaded(deps, PNG, { as: 'boss' })
    const link = { type: 'link', url: 'https://yili.com', title: '官网', description: '', cover: cover.id }

    const item = await created(deps, 'boss', { library: 'public', kind: 'link', title: '官网', url: 'https://yili.com', cover: cover.id })
    const script = await created(deps, 'boss', scriptInput('官网在哪', { answer: [{ type: 'text', text: '这里' }, link as never] }))

    const url = publicAttachmentUrl(deps.env, cover.id)
    expect(url).toMatch(/^http:\/\/localhost:8787\/public\/attachments\/[\w-]+\?sig=[\w-]{32}$/)
    expect(item).toMatchObject({ kind: 'link', cover: cover.id, coverUrl: url })
    expect(script.kind === 'script' && script.answer[1]).toMatchObject({ cover: cover.id, coverUrl: url })
  })

  it.each([
    ['an unknown id', async () => 'nosuchfile', '附件不存在或已删除，请重新上传'],
    ['another member’s upload no item uses', async (d: Deps) => (await uploaded(d, PNG, { as: 'wang' })).id, '附件不存在或已删除，请重新上传'],
    ['a follow-up upload', async (d: Deps) => (await uploaded(d, PNG, { as: 'boss', purpose: 'followup' })).id, '这个附件不是为知识库上传的，请重新上传'],
    ['a PDF in an image part', async (d: Deps) => (await uploaded(d, PDF, { as: 'boss', kind: 'file', name: 'a.pdf', type: 'application/pdf' })).id, '这里需要图片，请重新上传'],
    ['a video', async (d: Deps) => (await uploaded(d, MP4, { as: 'boss', kind: 'video', name: 'a.mp4', type: 'video/mp4' })).id, '这里需要图片，请重新上传'],
  ])('POST items – an image part with %s – 400 at json.answer.1.attachmentId', async (_, makeId, message) => {
    const deps = attachmentDeps()
    const id = await makeId(deps)

    const res = await post(deps, 'boss', withMedia({ type: 'image', attachmentId: id }))

    expect(res.status).toBe(400)
    expect(await errorOf(res)).toMatchObject({ code: 'VALIDATION_FAILED', message, issues: [{ path: 'json.answer.1.attachmentId', message }] })
  })

  it('POST items – a link whose cover is a file, not an image – 400 at json.cover', async () => {
    const deps = attachmentDeps()
    const pdf = await uploaded(deps, PDF, { as: 'boss', kind: 'file', name: 'a.pdf', type: 'application/pdf' })

    const res = await post(deps, 'boss', { library: 'public', kind: 'link', title: 'T', url: 'https://x.cn', cover: pdf.id })

    expect(res.status).toBe(400)
    expect((await errorOf(res)).issues).toEqual([{ path: 'json.cover', message: '这里需要图片，请重新上传' }])
  })

  it('PUT items – another admin re-saves a public answer with an image they did not upload – 200, kept', async () => {
    const deps = attachmentDeps()
    const img = await uploaded(deps, PNG, { as: 'boss' })
    const item = await created(deps, 'boss', withMedia({ type: 'image', attachmentId: img.id }))
    seed(deps.db, { staff: [makeStaff({ userid: 'boss2', role: 'admin' })] })

    const res = await call(deps, `/api/knowledge/items/${item.id}`, { as: 'boss2', method: 'PUT', json: withMedia({ type: 'image', attachmentId: img.id }) })

    expect(res.status).toBe(200)
  })

  it('POST items – staff copies a public answer’s image into a personal answer – 201 (they can read it)', async () => {
    const deps = attachmentDeps()
    const img = await uploaded(deps, PNG, { as: 'boss' })
    await created(deps, 'boss', withMedia({ type: 'image', attachmentId: img.id }))

    const res = await post(deps, 'lisi', { ...withMedia({ type: 'image', attachmentId: img.id }), library: 'personal' })

    expect(res.status).toBe(201)
  })
})

describe('knowledge items – files in lists and search', () => {
  it('GET items and search – media parts carry their files for every reader', async () => {
    const deps = attachmentDeps()
    const img: Attachment = await uploaded(deps, PNG, { as: 'boss' })
    await created(deps, 'boss', withMedia({ type: 'image', attachmentId: img.id }))

    const list = KnowledgeItemPage.parse(await (await call(deps, '/api/knowledge/items?library=public&kind=script', { as: 'lisi' })).json())
    const search = KnowledgeSearchPage.parse(await (await call(deps, '/api/knowledge/search?q=产品', { as: 'lisi' })).json())

    expect(list.items[0]?.kind === 'script' && list.items[0].answer[1]).toEqual({ type: 'image', attachmentId: img.id, attachment: img })
    expect(search.hits[0]?.item.kind === 'script' && search.hits[0].item.answer[1]).toEqual({ type: 'image', attachmentId: img.id, attachment: img })
  })
})

describe('POST /api/knowledge/items/:id/media', () => {
  let open: Simulator | undefined
  afterEach(() => {
    open?.close()
    open = undefined
  })

  function simDeps() {
    const { sim, clock } = makeTestSim({ customers: 1 })
    open = sim
    return attachmentDeps({ wecom: simWecomClient(sim, { clock }), clock })
  }
  const media = (deps: Deps, as: string, id: number, json: unknown) => call(deps, `/api/knowledge/items/${id}/media`, { as, method: 'POST', json })

  it('media – the image part of a public answer, asked by staff – 200 image media_id, the same on the next send', async () => {
    const deps = simDeps()
    const img = await uploaded(deps, PNG, { as: 'boss' })
    const item = await created(deps, 'boss', withMedia({ type: 'image', attachmentId: img.id }))

    const first = await media(deps, 'lisi', item.id, { partIndex: 1 })
    const second = await media(deps, 'wang', item.id, { partIndex: 1 })

    expect(first.status).toBe(200)
    const result = KnowledgeMediaResult.parse(await first.json())
    expect(result).toEqual({ msgtype: 'image', mediaId: expect.any(String) })
    expect(await second.json()).toEqual(result)
  })

  it('media – the file part – msgtype file', async () => {
    const deps = simDeps()
    const pdf = await uploaded(deps, PDF, { as: 'boss', kind: 'file', name: '报价单.pdf', type: 'application/pdf' })
    const item = await created(deps, 'boss', withMedia({ type: 'file', attachmentId: pdf.id }))

    expect(await (await media(deps, 'lisi', item.id, { partIndex: 1 })).json()).toMatchObject({ msgtype: 'file' })
  })

  it.each([
    ['the text part', { partIndex: 0 }, 400],
    ['a part past the end', { partIndex: 5 }, 400],
    ['a negative index', { partIndex: -1 }, 400],
    ['no index', {}, 400],
  ])('media – %s – %i', async (_, json, status) => {
    const deps = simDeps()
    const img = await uploaded(deps, PNG, { as: 'boss' })
    const item = await created(deps, 'boss', withMedia({ type: 'image', attachmentId: img.id }))

    expect((await media(deps, 'lisi', item.id, json)).status).toBe(status)
  })

  it('media – another member’s personal answer, or no such item – 404', async () => {
    const deps = simDeps()
    const img = await uploaded(deps, PNG, { as: 'wang' })
    const item = await created(deps, 'wang', { ...withMedia({ type: 'image', attachmentId: img.id }), library: 'personal' })

    expect((await media(deps, 'lisi', item.id, { partIndex: 1 })).status).toBe(404)
    expect((await media(deps, 'lisi', 999, { partIndex: 1 })).status).toBe(404)
  })

  it('media – WeCom refuses the upload – 502 WECOM_ERROR with its errcode', async () => {
    const { sim, clock } = makeTestSim({ customers: 1 })
    open = sim
    const deps = attachmentDeps({ wecom: simWecomClient(sim, { clock, sleep: async () => undefined }), clock })
    const img = await uploaded(deps, PNG, { as: 'boss' })
    const item = await created(deps, 'boss', withMedia({ type: 'image', attachmentId: img.id }))
    sim.faults.failWith('/cgi-bin/media/upload', 40006, 1)

    const res = await media(deps, 'lisi', item.id, { partIndex: 1 })

    expect(res.status).toBe(502)
    expect(await errorOf(res)).toMatchObject({ code: 'WECOM_ERROR', errcode: 40006 })
  })
})

describe('knowledge files – who may download them (attachment_links)', () => {
  const linkPart = (cover: string) => ({ type: 'link', url: 'https://yili.com', title: '官网', description: '', cover }) as never

  it('download – the cover of a link part inside a public answer – every member 200', async () => {
    const deps = attachmentDeps()
    const cover = await uploaded(deps, PNG, { as: 'boss' })
    await created(deps, 'boss', scriptInput('官网在哪', { answer: [{ type: 'text', text: '这里' }, linkPart(cover.id)] }))

    expect((await download(deps, cover.id, 'lisi')).status).toBe(200)
    expect((await download(deps, cover.id, 'wang')).status).toBe(200)
  })

  it('download – a file dropped from a public answer, or of a deleted answer – 404 for others, its uploader still 200', async () => {
    const deps = attachmentDeps()
    const [kept, dropped] = [await uploaded(deps, PNG, { as: 'boss', name: 'a.png' }), await uploaded(deps, PNG, { as: 'boss', name: 'b.png' })]
    const item = await created(deps, 'boss', withMedia({ type: 'image', attachmentId: kept.id }, { type: 'image', attachmentId: dropped.id }))

    const put = await call(deps, `/api/knowledge/items/${item.id}`, { as: 'boss', method: 'PUT', json: withMedia({ type: 'image', attachmentId: kept.id }) })
    expect(put.status).toBe(200)
    const afterEdit = [(await download(deps, kept.id, 'lisi')).status, (await download(deps, dropped.id, 'lisi')).status]
    const del = await call(deps, `/api/knowledge/items/${item.id}`, { as: 'boss', method: 'DELETE' })
    expect(del.status).toBeLessThan(300)

    expect(afterEdit).toEqual([200, 404])
    expect((await download(deps, kept.id, 'lisi')).status).toBe(404)
    expect((await download(deps, kept.id, 'boss')).status).toBe(200)
    expect(deps.db.select().from(attachmentLinks).all()).toEqual([])
  })

  it('items saved before attachment_links (no link rows) – the 0008 backfill links media parts, link-part covers and link covers', async () => {
    const deps = attachmentDeps()
    const [media, partCover, linkCover] = [
      await uploaded(deps, PNG, { as: 'boss', name: 'a.png' }),
      await uploaded(deps, PNG, { as: 'boss', name: 'b.png' }),
      await uploaded(deps, PNG, { as: 'boss', name: 'c.png' }),
    ]
    await created(deps, 'boss', scriptInput('资料', { answer: [{ type: 'text', text: '请看' }, { type: 'image', attachmentId: media.id }, linkPart(partCover.id)] }))
    await created(deps, 'boss', { library: 'public', kind: 'link', title: '官网', url: 'https://yili.com', cover: linkCover.id })
    const expected = deps.db.select().from(attachmentLinks).all()
    deps.db.delete(attachmentLinks).run()
    const before = (await download(deps, partCover.id, 'lisi')).status

    for (const statement of backfillStatements()) deps.db.$client.exec(statement)

    expect(before).toBe(404)
    expect(expected).toHaveLength(3)
    expect(deps.db.select().from(attachmentLinks).all()).toEqual(expect.arrayContaining(expected))
    expect(deps.db.select().from(attachmentLinks).all()).toHaveLength(3)
    for (const id of [media.id, partCover.id, linkCover.id]) expect((await download(deps, id, 'lisi')).status).toBe(200)
  })
})

/** The attachment_links backfill statements of drizzle/0008_review_fixes.sql. */
function backfillStatements(): string[] {
  const sql = readFileSync(new URL('../../../../drizzle/0008_review_fixes.sql', import.meta.url), 'utf8')
  return sql.split('--> statement-breakpoint').map((s) => s.trim()).filter((s) => s.startsWith('INSERT OR IGNORE INTO `attachment_links`'))
}
