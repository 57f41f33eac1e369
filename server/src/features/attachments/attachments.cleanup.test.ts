/**
 * The cleanup of uploads never attached to anything, on a fake clock: what is old and unlinked
 * goes with its bytes, what is linked, shared or young stays.
 */
import { existsSync, rmSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import { attachments, wecomMedia } from '../../db/schema'
import { UNATTACHED_MAX_AGE_SECONDS, removeUnattachedUploads, scheduleUnattachedCleanup } from './attachments.cleanup'
import type { AttachmentRecord } from './attachments.domain'
import { findAttachment, saveWecomMedia, setAttachmentLinks } from './attachments.repo'
import { blobPath } from './attachments.storage'
import { attachmentDeps, download, JPG, PDF, PNG, uploaded, type UploadOptions } from './attachments.testing'

type TestDeps = ReturnType<typeof attachmentDeps>

async function record(deps: TestDeps, bytes: Buffer, o: UploadOptions = {}): Promise<AttachmentRecord> {
  const att = await uploaded(deps, bytes, o)
  return findAttachment(deps.db, deps.corpId, att.id)!
}

const stored = (deps: TestDeps, row: AttachmentRecord) => ({
  row: findAttachment(deps.db, deps.corpId, row.id) !== undefined,
  blob: existsSync(blobPath(deps.env.dataDir, row.sha256)),
})

const link = (deps: TestDeps, row: AttachmentRecord, followupId: number) =>
  setAttachmentLinks(deps.db, { corpId: deps.corpId, kind: 'followup', id: followupId }, [row.id])

describe('removeUnattachedUploads', () => {
  it('removeUnattachedUploads – an upload a day and a second old, linked to nothing – its row and file removed, download 404', async () => {
    const deps = attachmentDeps()
    const old = await record(deps, PNG)
    deps.clock.advance(UNATTACHED_MAX_AGE_SECONDS + 1)

    const removed = removeUnattachedUploads(deps)

    expect(removed).toEqual({ attachments: 1, blobs: 1, media: 0 })
    expect(stored(deps, old)).toEqual({ row: false, blob: false })
    expect((await download(deps, old.id, 'lisi')).status).toBe(404)
  })

  it('removeUnattachedUploads – an old upload a follow-up links to – kept with its file', async () => {
    const deps = attachmentDeps()
    const attached = await record(deps, PNG)
    link(deps, attached, 7)
    deps.clock.advance(30 * 24 * 3600)

    const removed = removeUnattachedUploads(deps)

    expect(removed).toEqual({ attachments: 0, blobs: 0, media: 0 })
    expect(stored(deps, attached)).toEqual({ row: true, blob: true })
    expect((await download(deps, attached.id, 'lisi')).status).toBe(200)
  })

  it('removeUnattachedUploads – the same bytes uploaded twice, the old copy unlinked, the other linked – the old row goes, the shared file stays', async () => {
    const deps = attachmentDeps()
    const unlinked = await record(deps, PNG, { name: 'a.png' })
    const used = await record(deps, PNG, { name: 'b.png' })
    link(deps, used, 1)
    deps.clock.advance(UNATTACHED_MAX_AGE_SECONDS + 1)

    const removed = removeUnattachedUploads(deps)

    expect(used.sha256).toBe(unlinked.sha256)
    expect(removed).toEqual({ attachments: 1, blobs: 0, media: 0 })
    expect(stored(deps, unlinked)).toEqual({ row: false, blob: true })
    expect((await download(deps, used.id, 'lisi')).status).toBe(200)
  })

  it('removeUnattachedUploads – the same bytes uploaded again an hour ago, not linked yet – the old row goes, the file stays for the fresh one', async () => {
    const deps = attachmentDeps()
    const old = await record(deps, PNG, { name: 'a.png' })
    deps.clock.advance(UNATTACHED_MAX_AGE_SECONDS - 3600)
    const fresh = await record(deps, PNG, { name: 'b.png' })
    deps.clock.advance(3600 + 1)

    const removed = removeUnattachedUploads(deps)

    expect(removed).toEqual({ attachments: 1, blobs: 0, media: 0 })
    expect(stored(deps, old)).toEqual({ row: false, blob: true })
    expect(stored(deps, fresh)).toEqual({ row: true, blob: true })
  })

  it('removeUnattachedUploads – an unlinked upload exactly a day old, then one second older – kept, then removed', async () => {
    const deps = attachmentDeps()
    const upload = await record(deps, PNG)
    deps.clock.advance(UNATTACHED_MAX_AGE_SECONDS)

    const atADay = removeUnattachedUploads(deps)
    const keptThen = stored(deps, upload)
    deps.clock.advance(1)
    const later = removeUnattachedUploads(deps)

    expect([atADay.attachments, keptThen]).toEqual([0, { row: true, blob: true }])
    expect([later.attachments, stored(deps, upload)]).toEqual([1, { row: false, blob: false }])
  })

  it('removeUnattachedUploads – WeCom media ids of removed bytes and of kept bytes – only the kept bytes’ ids remain', async () => {
    const deps = attachmentDeps()
    const gone = await record(deps, JPG, { name: 'a.jpg', type: 'image/jpeg' })
    const kept = await record(deps, PDF, { kind: 'file', name: '报价单.pdf', type: 'application/pdf' })
    link(deps, kept, 1)
    const media = (row: AttachmentRecord, mediaId: string) =>
      saveWecomMedia(deps.db, { corpId: deps.corpId, sha256: row.sha256, type: row.kind, filename: row.kind === 'file' ? row.filename : '', mediaId, createdAt: deps.clock.now() })
    media(gone, 'MEDIA_GONE')
    media(kept, 'MEDIA_KEPT')
    deps.clock.advance(UNATTACHED_MAX_AGE_SECONDS + 1)

    const removed = removeUnattachedUploads(deps)

    expect(removed).toEqual({ attachments: 1, blobs: 1, media: 1 })
    expect(deps.db.select({ mediaId: wecomMedia.mediaId }).from(wecomMedia).all()).toEqual([{ mediaId: 'MEDIA_KEPT' }])
  })

  it('removeUnattachedUploads – the same bytes in another corp’s row – the file stays (one file serves every corp)', async () => {
    const deps = attachmentDeps()
    const ours = await record(deps, PNG)
    deps.db.insert(attachments).values({ ...ours, id: 'other-corp-file', corpId: 'wwother', createdAt: deps.clock.now() + UNATTACHED_MAX_AGE_SECONDS }).run()
    deps.clock.advance(UNATTACHED_MAX_AGE_SECONDS + 1)

    const removed = removeUnattachedUploads(deps)

    expect(removed).toEqual({ attachments: 1, blobs: 0, media: 0 })
    expect(stored(deps, ours)).toEqual({ row: false, blob: true })
  })

  it('removeUnattachedUploads – the file of an old upload already gone from disk – the row still removed, no error', async () => {
    const deps = attachmentDeps()
    const old = await record(deps, PNG)
    rmSync(blobPath(deps.env.dataDir, old.sha256))
    deps.clock.advance(UNATTACHED_MAX_AGE_SECONDS + 1)

    expect(removeUnattachedUploads(deps)).toEqual({ attachments: 1, blobs: 1, media: 0 })
    expect(stored(deps, old)).toEqual({ row: false, blob: false })
  })
})

describe('scheduleUnattachedCleanup', () => {
  it('scheduleUnattachedCleanup – started with an old unlinked upload – removed at once, then again on each tick', async () => {
    const deps = attachmentDeps()
    const first = await record(deps, PNG)
    deps.clock.advance(UNATTACHED_MAX_AGE_SECONDS + 1)
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)

    const stop = scheduleUnattachedCleanup(deps, 20)
    const afterStart = stored(deps, first)
    const second = await record(deps, JPG, { name: 'b.jpg', type: 'image/jpeg' })
    deps.clock.advance(UNATTACHED_MAX_AGE_SECONDS + 1)
    await new Promise((resolve) => setTimeout(resolve, 80))
    stop()
    const logged = log.mock.calls.map((c) => c[0] as unknown)
    log.mockRestore()

    expect(logged).toEqual(expect.arrayContaining(['[kelan] removed 1 unattached upload(s), 1 file(s)']))
    expect(afterStart).toEqual({ row: false, blob: false })
    expect(stored(deps, second)).toEqual({ row: false, blob: false })
  })
})
