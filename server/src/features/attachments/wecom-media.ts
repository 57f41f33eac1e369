/**
 * WeCom media ids for stored attachments. sendChatMessage sends images, videos and files by a
 * temporary media_id (media/upload, valid 3 days); one is kept per corp, content hash and type
 * and reused while it is younger than MEDIA_REUSE_SECONDS, so a picture sent a hundred times
 * is uploaded once every two and a half days.
 */
import { openAsBlob } from 'node:fs'
import type { Deps } from '../../deps'
import type { AttachmentRecord } from './attachments.domain'
import * as repo from './attachments.repo'
import { blobPath } from './attachments.storage'

/** WeCom's life of a media_id is 3 days; half a day of margin covers clock skew and a send that takes a while. */
export const MEDIA_REUSE_SECONDS = 2.5 * 24 * 3600

/** Uploads under way, per corp, hash and type: two sends at once share one upload. */
const pending = new WeakMap<Deps['db'], Map<string, Promise<string>>>()

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
  const cached = repo.findWecomMedia(db, attachment.corpId, attachment.sha256, attachment.kind)
  if (cached && isReusable(cached.createdAt, clock.now())) return Promise.resolve(cached.mediaId)
  let uploads = pending.get(db)
  if (!uploads) pending.set(db, (uploads = new Map()))
  const key = `${attachment.corpId}:${attachment.sha256}:${attachment.kind}`
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
  repo.saveWecomMedia(deps.db, { corpId: attachment.corpId, sha256: attachment.sha256, type: attachment.kind, mediaId: reply.media_id, createdAt: startedAt })
  return reply.media_id
}
