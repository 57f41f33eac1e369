/**
 * Uploads that never got attached to anything. The H5 uploads a file as soon as it is picked,
 * before the follow-up or knowledge item is saved; a form closed without saving leaves its
 * uploads behind. Those older than a day with no attachment_links row are deleted, with their
 * bytes once no other upload shares them, and the WeCom media ids of bytes no longer stored.
 */
import { unlinkSync } from 'node:fs'
import { IMMEDIATE } from '../../db/client'
import type { Deps } from '../../deps'
import * as repo from './attachments.repo'
import { blobPath } from './attachments.storage'

/** How long an upload may wait for the item that uses it (a form left open overnight still saves). */
export const UNATTACHED_MAX_AGE_SECONDS = 24 * 3600

/** How often the server looks for them. */
export const UNATTACHED_SWEEP_MS = 3600_000

/** What one sweep removed. */
export interface UnattachedSweep {
  attachments: number
  blobs: number
  media: number
}

/** Bound on the ids in one `IN (…)` list, well under SQLite's variable limit. */
const CHUNK = 500

/**
 * Deletes attachment rows older than UNATTACHED_MAX_AGE_SECONDS that nothing links to, then
 * the blob files no row holds any more.
 *
 * The rows go in one IMMEDIATE transaction; the files after it commits, so a rollback never
 * leaves rows without bytes, and a crash in between only leaves unused files on disk. Each
 * file is checked again, and removed, under the write lock: an upload inserts its row before
 * it keeps its bytes (attachments.service.ts), so a blob that another upload of the same bytes
 * has just claimed is never removed, and one removed just before is written again by it.
 *
 * @example removeUnattachedUploads(deps) // { attachments: 2, blobs: 1, media: 1 }
 */
export function removeUnattachedUploads(deps: Pick<Deps, 'db' | 'clock' | 'env'>): UnattachedSweep {
  const { db } = deps
  const dropped = db.transaction(() => repo.deleteUnattached(db, deps.clock.now() - UNATTACHED_MAX_AGE_SECONDS), IMMEDIATE)
  let blobs = 0
  for (let i = 0; i < dropped.sha256s.length; i += CHUNK) {
    const chunk = dropped.sha256s.slice(i, i + CHUNK)
    blobs += db.transaction(() => {
      const unused = repo.unusedBlobs(db, chunk)
      for (const sha256 of unused) removeFile(blobPath(deps.env.dataDir, sha256))
      return unused.length
    }, IMMEDIATE)
  }
  return { attachments: dropped.attachments, blobs, media: dropped.media }
}

/** Removes a file; already gone (removed by hand, or a sweep that crashed after it) is fine. */
function removeFile(path: string): void {
  try {
    unlinkSync(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
}

/**
 * Runs removeUnattachedUploads now and every `everyMs`, logging what it removed and any
 * failure (the next run tries again). The timer does not keep the process alive.
 *
 * @returns stop, which clears the timer
 * @example scheduleUnattachedCleanup(deps) // at startup
 */
export function scheduleUnattachedCleanup(deps: Pick<Deps, 'db' | 'clock' | 'env'>, everyMs = UNATTACHED_SWEEP_MS): () => void {
  const run = () => {
    try {
      const removed = removeUnattachedUploads(deps)
      if (removed.attachments) console.log(`[kelan] removed ${removed.attachments} unattached upload(s), ${removed.blobs} file(s)`)
    } catch (err) {
      console.error('[kelan] unattached upload cleanup failed:', err)
    }
  }
  run()
  const timer = setInterval(run, everyMs)
  timer.unref()
  return () => clearInterval(timer)
}
