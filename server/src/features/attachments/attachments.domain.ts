/**
 * Attachment rules as plain functions: whether the bytes match the type a file claims, which
 * part of a file a Range header asks for, how a file is offered to the browser, and the
 * signature that lets WeCom's clients fetch a link cover without a session.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { ATTACHMENT_FILE_TYPES, type Attachment, type AttachmentFileType, type AttachmentFileTypeKey, type AttachmentKind, type AttachmentPurpose } from '@kelan/shared'
import { attachmentHeader } from '../../lib/content-disposition'

/** An attachment row. */
export interface AttachmentRecord {
  id: string
  corpId: string
  sha256: string
  size: number
  mime: string
  kind: AttachmentKind
  filename: string
  purpose: AttachmentPurpose
  owner: string
  createdAt: number
}

/**
 * Whether bytes sniffed as `sniffed` (undefined: no known signature) may be stored as `claimed`.
 * Text formats must show no binary signature; every other format must show its own.
 *
 * @returns the refusal to show, or null
 * @example sniffMismatch('png', 'application/pdf') // '文件内容不是 PNG 格式，请确认文件没有改过扩展名'
 */
export function sniffMismatch(claimed: AttachmentFileTypeKey, sniffed: string | undefined): string | null {
  const type: AttachmentFileType = ATTACHMENT_FILE_TYPES[claimed]
  const ok = type.sniff === 'text' ? sniffed === undefined : sniffed !== undefined && type.sniff.includes(sniffed)
  return ok ? null : `文件内容不是 ${type.label} 格式，请确认文件没有改过扩展名`
}

/** An attachment in the API's shape; `url` is same-origin and needs a session. */
export function toAttachment(row: AttachmentRecord): Attachment {
  return { id: row.id, kind: row.kind, mime: row.mime, size: row.size, filename: row.filename, url: `/api/attachments/${row.id}` }
}

/**
 * A single byte range from a Range header, for video seeking. null: serve the whole file;
 * 'unsatisfiable': answer 416. Several ranges are answered with the whole file (allowed by RFC 9110).
 *
 * @example parseRange('bytes=0-99', 1000) // { start: 0, end: 99 }
 */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const m = header?.match(/^bytes=(\d*)-(\d*)$/)
  if (!m || (!m[1] && !m[2])) return null
  if (!m[1]) {
    const suffix = Number(m[2])
    return suffix === 0 || size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(m[1])
  const end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1
  return start >= size || end < start ? 'unsatisfiable' : { start, end }
}

/** Images show in the page; anything else downloads under its name (RFC 6266 filename*). */
export function dispositionFor(kind: AttachmentKind, filename: string): string {
  const header = attachmentHeader(filename, asciiName(filename))
  return kind === 'image' ? header.replace(/^attachment/, 'inline') : header
}

/** A plain-ASCII stand-in for the name (old browsers), keeping the extension. */
function asciiName(filename: string): string {
  const dot = filename.lastIndexOf('.')
  const ext = dot > 0 ? filename.slice(dot).replace(/[^\w.]/g, '') : ''
  const base = (dot > 0 ? filename.slice(0, dot) : filename).replace(/[^\x20-\x7e]/g, '').trim()
  return `${base || 'file'}${ext}`
}

const PUBLIC_SIG_LENGTH = 32

/**
 * The signature in an attachment's public URL: only URLs Kelan handed out (link covers) open
 * without a session, and the signing secret never leaves the server.
 */
export function publicSignature(secret: string, id: string): string {
  return createHmac('sha256', secret).update(`attachment-public:${id}`).digest('base64url').slice(0, PUBLIC_SIG_LENGTH)
}

/** Whether `sig` is the public signature of `id` (constant-time). */
export function isPublicSignature(secret: string, id: string, sig: string): boolean {
  const want = Buffer.from(publicSignature(secret, id))
  const got = Buffer.from(sig)
  return got.length === want.length && timingSafeEqual(got, want)
}
