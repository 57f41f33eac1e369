import { Hono } from 'hono'
import { z } from 'zod'
import { AttachmentId, AttachmentUploadQuery } from '@kelan/shared'
import type { AppEnv } from '../../app-env'
import { AppError } from '../../lib/errors'
import { validate } from '../../lib/validate'
import { dispositionFor, parseRange, type AttachmentRecord } from './attachments.domain'
import { publicAttachment, readableAttachment, uploadAttachment } from './attachments.service'
import { readBlob } from './attachments.storage'

const IdParam = z.object({ id: AttachmentId })
const SigQuery = z.object({ sig: z.string().max(64) })

/** A header's number, or undefined when absent or not a number. */
function headerNumber(value: string | undefined): number | undefined {
  const n = value === undefined ? Number.NaN : Number(value)
  return Number.isFinite(n) && n >= 0 ? n : undefined
}

/**
 * The bytes of a stored file, streamed from disk: its checked content type, inline for images
 * and a download for the rest, cacheable forever (a file's id never gets other bytes), one
 * byte range for video seeking.
 */
function serveFile(c: { req: { header(name: string): string | undefined } }, dataDir: string, row: AttachmentRecord, cache: string): Response {
  const etag = `"${row.sha256}"`
  const headers: Record<string, string> = {
    'content-type': row.mime,
    'content-disposition': dispositionFor(row.kind, row.filename),
    'cache-control': cache,
    etag,
    'accept-ranges': 'bytes',
    // Served bytes are never run as a page here, whatever they hold.
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
  }
  if (c.req.header('if-none-match') === etag) return new Response(null, { status: 304, headers })
  const range = parseRange(c.req.header('range'), row.size)
  if (range === 'unsatisfiable') return new Response(null, { status: 416, headers: { ...headers, 'content-range': `bytes */${row.size}` } })
  if (!range) return new Response(readBlob(dataDir, row.sha256), { status: 200, headers: { ...headers, 'content-length': String(row.size) } })
  const partial = { 'content-range': `bytes ${range.start}-${range.end}/${row.size}`, 'content-length': String(range.end - range.start + 1) }
  return new Response(readBlob(dataDir, row.sha256, range), { status: 206, headers: { ...headers, ...partial } })
}

/**
 * Uploads and downloads for signed-in members, mounted at /api/attachments. The upload body is
 * the raw file (not multipart): it is streamed to disk and checked as it comes in.
 */
export const attachmentsRoutes = new Hono<AppEnv>()
  .post('/', validate('query', AttachmentUploadQuery), async (c) => {
    const upload = {
      ...c.req.valid('query'),
      contentType: c.req.header('content-type') ?? '',
      contentLength: headerNumber(c.req.header('content-length')),
      body: c.req.raw.body,
    }
    return c.json(await uploadAttachment(c.var.deps, c.var.viewer, upload), 201)
  })
  .get('/:id', validate('param', IdParam), async (c) => {
    const row = await readableAttachment(c.var.deps, c.var.viewer, c.req.valid('param').id)
    return serveFile(c, c.var.deps.env.dataDir, row, 'private, max-age=31536000, immutable')
  })

/**
 * Images reachable without a session through a signed URL (publicAttachmentUrl), mounted at
 * /public/attachments: news-card covers are fetched by the customer's WeChat, which has no
 * Kelan session.
 */
export const publicAttachmentsRoutes = new Hono<AppEnv>().get('/:id', async (c) => {
  const id = IdParam.safeParse({ id: c.req.param('id') })
  const sig = SigQuery.safeParse(c.req.query())
  if (!id.success || !sig.success) throw new AppError('NOT_FOUND', 404, '图片不存在')
  const row = await publicAttachment(c.var.deps, id.data.id, sig.data.sig)
  return serveFile(c, c.var.deps.env.dataDir, row, 'public, max-age=31536000, immutable')
})
