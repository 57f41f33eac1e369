/**
 * WeCom media ids for stored attachments. sendChatMessage sends images, videos and files by a
 * temporary media_id (media/upload, valid 3 days); one is kept per corp, content hash, type
 * and (for files) filename, and reused while it is younger than MEDIA_REUSE_SECONDS, so a
 * picture sent a hundred times is uploaded once every two and a half days.
 *
 * Files are keyed by name too because WeCom shows a file under the name it was uploaded
 * with: 合同.pdf with the same bytes as an earlier 报价单.pdf must not reach the customer as
 * 报价单.pdf. Images and videos show no name, so they share one id per content.
 */
import { openAsBlob } from 'node:fs'
import type { Deps } from '../../deps'
import type { AttachmentRecord } from './attachments.domain'
import * as repo from './attachments.repo'
import { blobPath } from './attachments.storage'

/** WeCom's life of a media_id is 3 days; half a day of margin covers clock skew and a send that takes a while. */
export const MEDIA_REUSE_SECONDS = 2.5 * 24 * 3600

/** Uploads under way, per media key: two sends at once share one upload. */
const pending = new WeakMap<Deps['db'], Map<string, Promise<string>>>()

/** The name part of the cache key: the filename for files, '' for images and videos (no name shown). */
export const mediaFilename = (attachment: Pick<AttachmentRecord, 'kind' | 'filename'>): string =>
  attachment.kind === 'file' ? attachment.filename : ''

/** The cache key of an attachment's media_id. */
function mediaKey(attachment: AttachmentRecord): repo.WecomMediaKey {
  return { corpId: attachment.corpId, sha256: attachment.sha256, type: attachment.kind, filename: mediaFilename(attachment) }
}

/** Whether a media_id uploaded at `createdAt` may still be used at `now`. */
export const isReusable = (createdAt: number, now: number): boolean => now - createdAt < MEDIA_REUSE_SECONDS && now >= createdAt

/**
 * A media_id for the attachment's bytes: the cached one while reusable, else a fresh upload
 * (remembered for next time). The upload reads the file from disk as it is sent.
 *
 * @throws WecomError when WeCom refuses or cannot be reached (the route answers 502)
 * @example const mediaId = await mediaIdFor(deps, attachment); await sendChatMessage({ msgtype: 'image', image: { mediaid: mediaId } })
 */
export function mediaIdFor(deps: Pick<Deps, 'db' | 'clock' | 'wecom' | 'env' | 'corpId'>, attachment: AttachmentRecord): Promise<string> {
  const { db, clock } = deps
  const cacheKey = mediaKey(attachment)
  const cached = repo.findWecomMedia(db, cacheKey)
  if (cached && isReusable(cached.createdAt, clock.now())) return Promise.resolve(cached.mediaId)
  let uploads = pending.get(db)
  if (!uploads) pending.set(db, (uploads = new Map()))
  const key = JSON.stringify([cacheKey.corpId, cacheKey.sha256, cacheKey.type, cacheKey.filename])
  const running = uploads.get(key)
  if (running) return running
  const upload = uploadFresh(deps, attachment).finally(() => uploads.delete(key))
  uploads.set(key, upload)
  return upload
}

async function uploadFresh(deps: Pick<Deps, 'db' | 'clock' | 'wecom' | 'env'>, attachment: AttachmentRecord): Promise<string> {
  // The clock before the upload: the id's life is counted from no later than WeCom's created_at.
  const startedAt = deps.clock.now()
  const data = await openAsBlob(blobPath(deps.env.dataDir, attachment.sha256), { type: attachment.mime })
  const reply = await deps.wecom.uploadMedia({ type: attachment.kind, filename: attachment.filename, data, contentType: attachment.mime })
  repo.saveWecomMedia(deps.db, { ...mediaKey(attachment), mediaId: reply.media_id, createdAt: startedAt })
  return reply.media_id
}
