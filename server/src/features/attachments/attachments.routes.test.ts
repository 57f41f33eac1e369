import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Attachment, ErrorBody } from '@kelan/shared'
import { createApp } from '../../app'
import { attachments } from '../../db/schema'
import type { Deps } from '../../deps'
import { SESSION_COOKIE } from '../auth/auth.domain'
import { createSession } from '../auth/auth.service'
import { createItem } from '../knowledge/knowledge.service'
import { ADMIN, LISI } from '../knowledge/knowledge.testing'
import { publicAttachmentUrl } from './attachments.service'
import { blobPath } from './attachments.storage'
import { attachmentDeps, download, JPG, PDF, PNG, uploaded, uploadRequest } from './attachments.testing'

const MB = 1024 * 1024
const errorOf = async (res: Response) => ErrorBody.parse(await res.json()).error

/** Files kept under the data directory (temp files not counted). */
function storedFiles(deps: Deps): string[] {
  const root = join(deps.env.dataDir, 'attachments')
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.parentPath.endsWith('tmp'))
    .map((e) => e.name)
}

const tempFiles = (deps: Deps) => {
  try {
    return readdirSync(join(deps.env.dataDir, 'attachments', 'tmp'))
  } catch {
    return []
  }
}

/**
 * A body of `total` bytes made on demand in 64 KB chunks, never held whole; `pulled()` says how
 * many bytes the reader took.
 */
function generatedStream(total: number, fill = 0x41) {
  let sent = 0
  const chunk = new Uint8Array(64 * 1024).fill(fill)
  // highWaterMark 0: a chunk is made only when the reader asks, so `pulled` counts what was read.
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (sent >= total) return controller.close()
        const part = chunk.subarray(0, Math.min(chunk.length, total - sent))
        sent += part.length
        controller.enqueue(part)
      },
    },
    { highWaterMark: 0 },
  )
  return { stream, pulled: () => sent }
}

describe('POST /api/attachments – stored', () => {
  it('upload – a knowledge PNG – 201 with the Attachment, bytes kept under their sha256', async () => {
    const deps = attachmentDeps()

    const res = await uploadRequest(deps, new Uint8Array(PNG), { name: '产品图.png' })

    expect(res.status).toBe(201)
    const att = Attachment.parse(await res.json())
    expect(att).toMatchObject({ kind: 'image', mime: 'image/png', size: PNG.length, filename: '产品图.png', url: `/api/attachments/${att.id}` })
    expect(att.id).toMatch(/^[\w-]{22}$/)
    const row = deps.db.select().from(attachments).all()[0]!
    expect(row).toMatchObject({ id: att.id, owner: 'lisi', purpose: 'knowledge', corpId: deps.corpId })
    expect(storedFiles(deps)).toEqual([row.sha256])
    expect(blobPath(deps.env.dataDir, row.sha256)).toContain(join('attachments', row.sha256.slice(0, 2), row.sha256))
  })

  it('upload – the same bytes twice – two attachments, one file on disk, no temp files left', async () => {
    const deps = attachmentDeps()

    const a = await uploaded(deps, PNG, { name: 'a.png' })
    const b = await uploaded(deps, PNG, { name: 'b.png', as: 'wang' })

    expect(a.id).not.toBe(b.id)
    expect(storedFiles(deps)).toHaveLength(1)
    expect(tempFiles(deps)).toEqual([])
  })

  it.each([
    ['knowledge', 'image', 'a.jpg', 'image/jpeg', 'image/jpeg', JPG],
    ['knowledge', 'file', '报价单.pdf', 'application/pdf', 'application/pdf', PDF],
    ['knowledge', 'file', 'notes.txt', 'text/plain', 'text/plain', Buffer.from('价格以合同为准，谢谢')],
    ['followup', 'image', 'visit.png', 'image/png', '', PNG],
  ] as const)('upload – %s %s %s – 201 stored as %s', async (purpose, kind, name, mime, type, body) => {
    const deps = attachmentDeps()

    const att = await uploaded(deps, body, { purpose, kind, name, type })

    expect(att).toMatchObject({ kind, filename: name, mime })
  })

  it('upload – no extension, Content-Type image/png – the type comes from the header', async () => {
    const deps = attachmentDeps()

    expect((await uploaded(deps, PNG, { name: 'clipboard', type: 'image/png' })).mime).toBe('image/png')
  })
})

describe('POST /api/attachments – limits', () => {
  it('upload – a 200 MB stream with no Content-Length – 413 FILE_TOO_LARGE after reading just past 2 MB, nothing kept', async () => {
    const deps = attachmentDeps()
    const body = generatedStream(200 * MB)

    const res = await uploadRequest(deps, body.stream)

    expect(res.status).toBe(413)
    expect(await errorOf(res)).toMatchObject({ code: 'FILE_TOO_LARGE', message: '图片不能超过 2MB' })
    expect(body.pulled()).toBeLessThan(3 * MB)
    expect(tempFiles(deps)).toEqual([])
    expect(deps.db.select().from(attachments).all()).toEqual([])
  })

  it('upload – Content-Length announcing 200 MB – 413 before a byte is read', async () => {
    const deps = attachmentDeps()
    const body = generatedStream(200 * MB)

    const res = await uploadRequest(deps, body.stream, { headers: { 'content-length': String(200 * MB) } })

    expect(res.status).toBe(413)
    expect(body.pulled()).toBe(0)
  })

  it.each([
    ['image', '图片不能超过 2MB', 'a.png', 2 * MB + 1],
    ['video', '视频不能超过 10MB', 'a.mp4', 10 * MB + 1],
    ['file', '文件不能超过 20MB', 'a.pdf', 20 * MB + 1],
  ] as const)('upload – knowledge %s one byte over its limit – 413 "%s"', async (kind, message, name, size) => {
    const deps = attachmentDeps()

    const res = await uploadRequest(deps, generatedStream(size).stream, { kind, name, type: '' })

    expect(res.status).toBe(413)
    expect((await errorOf(res)).message).toBe(message)
  })

  it('upload – a knowledge image of exactly 2 MB – accepted (the limit is inclusive)', async () => {
    const deps = attachmentDeps()
    const body = Buffer.concat([PNG, Buffer.alloc(2 * MB - PNG.length)])

    expect((await uploaded(deps, body)).size).toBe(2 * MB)
  })
})

describe('POST /api/attachments – refusals', () => {
  it('upload – a PDF named .png – 400 type mismatch, nothing kept', async () => {
    const deps = attachmentDeps()

    const res = await uploadRequest(deps, new Uint8Array(PDF), { name: 'a.png' })

    expect(res.status).toBe(400)
    const error = await errorOf(res)
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', message: '文件内容不是 PNG 格式，请确认文件没有改过扩展名', details: { reason: 'type_mismatch' } })
    expect(tempFiles(deps)).toEqual([])
    expect(storedFiles(deps)).toEqual([])
  })

  it('upload – a PNG named .txt – 400, binary bytes are not text', async () => {
    const deps = attachmentDeps()

    const res = await uploadRequest(deps, new Uint8Array(PNG), { kind: 'file', name: 'a.txt', type: 'text/plain' })

    expect(res.status).toBe(400)
    expect((await errorOf(res)).message).toBe('文件内容不是 TXT 格式，请确认文件没有改过扩展名')
  })

  it.each([
    ['image', 'a.gif', '图片只支持 JPG、PNG 格式', 'image/gif'],
    ['video', 'a.mov', '视频只支持 MP4 格式', 'video/quicktime'],
    ['file', 'setup.exe', '文件只支持 PDF、Word、Excel、PPT、TXT、CSV、ZIP、RAR、7Z 格式', 'application/octet-stream'],
    ['image', 'noext', '图片只支持 JPG、PNG 格式', 'application/octet-stream'],
  ] as const)('upload – knowledge %s %s – 400 "%s"', async (kind, name, message, type) => {
    const deps = attachmentDeps()

    const res = await uploadRequest(deps, new Uint8Array(PNG), { kind, name, type })

    expect(res.status).toBe(400)
    expect(await errorOf(res)).toMatchObject({ code: 'VALIDATION_FAILED', message, details: { reason: 'type_not_allowed' } })
  })

  it.each([
    ['an empty body', '文件是空的', new Uint8Array(0)],
    ['5 bytes (WeCom wants more)', '文件太小', new Uint8Array([1, 2, 3, 4, 5])],
  ])('upload – %s – 400 "%s"', async (_, message, body) => {
    const deps = attachmentDeps()

    const res = await uploadRequest(deps, body)

    expect(res.status).toBe(400)
    expect((await errorOf(res)).message).toBe(message)
  })

  it('upload – no body at all – 400', async () => {
    const deps = attachmentDeps()

    const res = await uploadRequest(deps, null)

    expect(res.status).toBe(400)
    expect((await errorOf(res)).code).toBe('VALIDATION_FAILED')
  })

  it.each([
    ['purpose=other&kind=image&name=a.png', 'query.purpose'],
    ['purpose=knowledge&kind=audio&name=a.png', 'query.kind'],
    ['purpose=knowledge&kind=image', 'query.name'],
    ['purpose=knowledge&kind=image&name=%20%20', 'query.name'],
  ])('upload – query %s – 400 naming %s', async (query, path) => {
    const deps = attachmentDeps()
    const headers = { cookie: `${SESSION_COOKIE}=${createSession(deps, 'lisi')}`, 'content-type': 'image/png' }

    const res = await createApp(deps).request(`/api/attachments?${query}`, { method: 'POST', headers, body: new Uint8Array(PNG) })

    expect(res.status).toBe(400)
    expect((await errorOf(res)).issues?.[0]?.path).toBe(path)
  })

  it('upload – no session – 401', async () => {
    const deps = attachmentDeps()

    const res = await uploadRequest(deps, new Uint8Array(PNG), { as: null })

    expect(res.status).toBe(401)
  })
})

describe('GET /api/attachments/:id – serving', () => {
  it('download – an image – 200 inline, its type, long private cache, nosniff, the bytes', async () => {
    const deps = attachmentDeps()
    const att = await uploaded(deps, PNG, { name: '产品图.png' })

    const res = await download(deps, att.id, 'lisi')

    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename=".*\.png"; filename\*=UTF-8''%E4%BA%A7%E5%93%81%E5%9B%BE\.png$/)
    expect(res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-length')).toBe(String(PNG.length))
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG)
  })

  it('download – a PDF with a Chinese name – attachment with filename* (RFC 5987)', async () => {
    const deps = attachmentDeps()
    const att = await uploaded(deps, PDF, { kind: 'file', name: '报价单.pdf', type: 'application/pdf' })

    const res = await download(deps, att.id, 'lisi')

    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="file.pdf"; filename*=UTF-8''%E6%8A%A5%E4%BB%B7%E5%8D%95.pdf`)
  })

  it('download – If-None-Match with its ETag – 304 without a body', async () => {
    const deps = attachmentDeps()
    const att = await uploaded(deps, PNG)
    const etag = (await download(deps, att.id, 'lisi')).headers.get('etag')!

    const res = await download(deps, att.id, 'lisi', { 'if-none-match': etag })

    expect(res.status).toBe(304)
  })

  it('download – Range bytes=1-3 – 206 with those bytes; a range past the end – 416', async () => {
    const deps = attachmentDeps()
    const att = await uploaded(deps, PNG)

    const part = await download(deps, att.id, 'lisi', { range: 'bytes=1-3' })
    const past = await download(deps, att.id, 'lisi', { range: `bytes=${PNG.length}-` })

    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe(`bytes 1-3/${PNG.length}`)
    expect(Buffer.from(await part.arrayBuffer())).toEqual(PNG.subarray(1, 4))
    expect(past.status).toBe(416)
  })

  it('download – unknown id – 404; malformed id – 400; no session – 401', async () => {
    const deps = attachmentDeps()

    expect((await download(deps, 'nope', 'lisi')).status).toBe(404)
    expect((await download(deps, 'bad.id!', 'lisi')).status).toBe(400)
    expect((await download(deps, 'nope', null)).status).toBe(401)
  })

  it('download – the bytes went missing from disk – 404, not 500', async () => {
    const deps = attachmentDeps()
    const att = await uploaded(deps, PNG)
    rmSync(join(deps.env.dataDir, 'attachments'), { recursive: true })

    expect((await download(deps, att.id, 'lisi')).status).toBe(404)
  })
})

describe('GET /api/attachments/:id – access', () => {
  it('download – a knowledge upload nobody uses yet – its uploader 200, another member 404', async () => {
    const deps = attachmentDeps()
    const att = await uploaded(deps, PNG, { as: 'boss' })

    expect((await download(deps, att.id, 'boss')).status).toBe(200)
    expect((await download(deps, att.id, 'lisi')).status).toBe(404)
  })

  it('download – an image of a public answer – every member 200', async () => {
    const deps = attachmentDeps()
    const att = await uploaded(deps, PNG, { as: 'boss' })
    createItem(deps, ADMIN, { library: 'public', kind: 'script', question: '图', similar: [], answer: [{ type: 'text', text: '看图' }, { type: 'image', attachmentId: att.id }] })

    expect((await download(deps, att.id, 'lisi')).status).toBe(200)
    expect((await download(deps, att.id, 'wang')).status).toBe(200)
  })

  it('download – the cover of a personal link – its owner 200, another member 404', async () => {
    const deps = attachmentDeps()
    const att = await uploaded(deps, PNG, { as: 'lisi' })
    createItem(deps, LISI, { library: 'personal', kind: 'link', title: '官网', url: 'https://yili.com', description: '', cover: att.id })

    expect((await download(deps, att.id, 'lisi')).status).toBe(200)
    expect((await download(deps, att.id, 'wang')).status).toBe(404)
    expect((await download(deps, att.id, 'boss')).status).toBe(404)
  })

  it('download – a follow-up upload not attached to any follow-up yet – only its uploader', async () => {
    const deps = attachmentDeps()
    const att = await uploaded(deps, PNG, { purpose: 'followup', as: 'lisi' })

    expect((await download(deps, att.id, 'lisi')).status).toBe(200)
    expect((await download(deps, att.id, 'boss')).status).toBe(404)
  })

  it('download – an attachment of another corp with a known id – 404', async () => {
    const deps = attachmentDeps()
    const att = await uploaded(deps, PNG)
    const row = deps.db.select().from(attachments).all()[0]!
    deps.db.delete(attachments).run()
    deps.db.insert(attachments).values({ ...row, corpId: 'wwOTHERCORP' }).run()

    expect((await download(deps, att.id, 'lisi')).status).toBe(404)
  })
})

describe('GET /public/attachments/:id – signed, for news covers', () => {
  const get = (deps: Deps, url: string) => createApp(deps).request(url.replace(deps.env.publicUrl, ''))

  it('public – an image with its signature – 200 without a session, publicly cacheable', async () => {
    const deps = attachmentDeps()
    const att = await uploaded(deps, PNG)

    const res = await get(deps, publicAttachmentUrl(deps.env, att.id))

    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG)
  })

  it('public – a wrong or missing signature, or a file that is not an image – 404', async () => {
    const deps = attachmentDeps()
    const img = await uploaded(deps, PNG)
    const pdf = await uploaded(deps, PDF, { kind: 'file', name: 'a.pdf', type: 'application/pdf' })

    expect((await get(deps, `/public/attachments/${img.id}?sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404)
    expect((await get(deps, `/public/attachments/${img.id}`)).status).toBe(404)
    expect((await get(deps, publicAttachmentUrl(deps.env, pdf.id))).status).toBe(404)
  })
})
