/**
 * Uploading and reading attachments, for every feature: the upload is checked against its
 * purpose's rule (ATTACHMENT_RULES) before and while it streams in, stored by content hash,
 * and read back only by those the purpose's access rule lets in (attachments.access.ts).
 */
import { randomBytes } from 'node:crypto'
import {
  ATTACHMENT_FILE_TYPES,
  ATTACHMENT_RULES,
  claimedType,
  tooLargeMessage,
  typesMessage,
  type Attachment,
  type AttachmentUploadQuery,
} from '@kelan/shared'
import type { Viewer } from '../../app-env'
import type { Deps } from '../../deps'
import type { Env } from '../../env'
import { AppError, notFound } from '../../lib/errors'
import { mayRead } from './attachments.access'
import { isPublicSignature, publicSignature, sniffMismatch, toAttachment, type AttachmentRecord } from './attachments.domain'
import * as repo from './attachments.repo'
import { discard, hasBlob, keepFile, receiveFile, sniffMime, TooLargeError } from './attachments.storage'

/** An upload as the route hands it over: the validated query, two headers and the raw body. */
export interface UploadRequest extends AttachmentUploadQuery {
  contentType: string
  /** Content-Length when the client sent one (chunked uploads have none). */
  contentLength: number | undefined
  body: ReadableStream<Uint8Array> | null
}

const refuse = (message: string, reason: string) => new AppError('VALIDATION_FAILED', 400, message, { details: { reason } })

/**
 * Stores an upload and answers its Attachment. The size limit is applied from Content-Length
 * before reading and again on every chunk, so an oversized body is never held or kept.
 *
 * @throws AppError FILE_TOO_LARGE (413), VALIDATION_FAILED (400: type not allowed, bytes not
 *   of the claimed type, empty or too small, no body)
 */
export async function uploadAttachment(deps: Deps, viewer: Viewer, upload: UploadRequest): Promise<Attachment> {
  const rule = ATTACHMENT_RULES[upload.purpose][upload.kind]
  const type = claimedType(rule, upload.name, upload.contentType)
  if (!type) throw refuse(typesMessage(upload.kind, rule), 'type_not_allowed')
  const tooLarge = () => new AppError('FILE_TOO_LARGE', 413, tooLargeMessage(upload.kind, rule), { details: { maxBytes: rule.maxBytes } })
  if (upload.contentLength !== undefined && upload.contentLength > rule.maxBytes) throw tooLarge()
  if (!upload.body) throw refuse('没有收到文件内容', 'empty')
  const file = await receiveFile(deps.env.dataDir, upload.body, rule.maxBytes).catch((err: unknown) => {
    if (err instanceof TooLargeError) throw tooLarge()
    // The client went away mid-upload: nobody reads the answer, but it is not a server error.
    if (isAbort(err)) throw refuse('上传中断，请重新上传', 'aborted')
    throw err
  })
  try {
    if (file.size < rule.minBytes) throw refuse(file.size === 0 ? '文件是空的' : '文件太小', 'too_small')
    const mismatch = sniffMismatch(type, await sniffMime(file.tmpPath))
    if (mismatch) throw refuse(mismatch, 'type_mismatch')
  } catch (err) {
    await discard(file.tmpPath)
    throw err
  }
  const row: AttachmentRecord = {
    id: randomBytes(16).toString('base64url'),
    corpId: viewer.corpId,
    sha256: file.sha256,
    size: file.size,
    mime: ATTACHMENT_FILE_TYPES[type].mime,
    kind: upload.kind,
    filename: upload.name,
    purpose: upload.purpose,
    owner: viewer.userid,
    createdAt: deps.clock.now(),
  }
  // The row first, then the bytes: the cleanup of unattached uploads removes a blob only while
  // no row holds its hash, so bytes this upload shares with an expiring one stay or are
  // written again here (attachments.cleanup.ts).
  repo.insertAttachment(deps.db, row)
  try {
    await keepFile(deps.env.dataDir, file)
  } catch (err) {
    repo.deleteAttachment(deps.db, row.corpId, row.id)
    await discard(file.tmpPath)
    throw err
  }
  return toAttachment(row)
}

/**
 * An attachment the viewer may read, with its bytes on disk.
 *
 * @throws AppError NOT_FOUND (404) for an unknown id, another corp's, one the purpose's rule
 *   keeps from the viewer, or bytes gone from disk
 */
export async function readableAttachment(deps: Deps, viewer: Viewer, id: string): Promise<AttachmentRecord> {
  const row = repo.findAttachment(deps.db, viewer.corpId, id)
  if (!row || !mayRead(deps, viewer, row) || !(await hasBlob(deps.env.dataDir, row.sha256))) throw notFound('附件')
  return row
}

/**
 * An image opened through its public URL (a link cover WeCom's clients fetch without a
 * session): only with the right signature, only images.
 *
 * @throws AppError NOT_FOUND (404) otherwise
 */
export async function publicAttachment(deps: Deps, id: string, sig: string): Promise<AttachmentRecord> {
  const row = isPublicSignature(deps.env.sessionSecret, id, sig) ? repo.findAttachment(deps.db, deps.corpId, id) : undefined
  if (!row || row.kind !== 'image' || !(await hasBlob(deps.env.dataDir, row.sha256))) throw notFound('图片')
  return row
}

/**
 * The absolute, session-free URL of an image: for news-card covers, which the customer's
 * WeChat fetches from PUBLIC_URL.
 *
 * @example publicAttachmentUrl(env, 'AbC') // 'https://kelan.example.com/public/attachments/AbC?sig=…'
 */
export function publicAttachmentUrl(env: Pick<Env, 'publicUrl' | 'sessionSecret'>, id: string): string {
  return `${env.publicUrl}/public/attachments/${encodeURIComponent(id)}?sig=${publicSignature(env.sessionSecret, id)}`
}

/** The viewer-readable attachments among `ids`, by id (others are left out). */
export function readableAttachments(deps: Deps, viewer: Viewer, ids: readonly string[]): Map<string, AttachmentRecord> {
  const rows = repo.findAttachments(deps.db, viewer.corpId, [...new Set(ids)])
  return new Map(rows.filter((r) => mayRead(deps, viewer, r)).map((r) => [r.id, r]))
}

/** Attachments among `ids` in the corp, by id, whoever may read them (for views whose items the viewer already may read). */
export function corpAttachments(deps: Deps, ids: readonly string[]): Map<string, AttachmentRecord> {
  return new Map(repo.findAttachments(deps.db, deps.corpId, [...new Set(ids)]).map((r) => [r.id, r]))
}

/** The error Node gives a request body whose connection closed before its end. */
const isAbort = (err: unknown): boolean =>
  err instanceof Error && ((err as NodeJS.ErrnoException).code === 'ECONNRESET' || err.message === 'aborted')
