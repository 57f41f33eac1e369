/** Attachment rows and WeCom media ids; the only file here that touches their tables. */
import { and, eq, inArray, lt, notExists, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { attachmentLinks, attachments, wecomMedia, type AttachmentSubject } from '../../db/schema'
import type { AttachmentKind } from '@kelan/shared'
import type { AttachmentRecord } from './attachments.domain'

export function insertAttachment(db: Db, row: AttachmentRecord): void {
  db.insert(attachments).values(row).run()
}

export function deleteAttachment(db: Db, corpId: string, id: string): void {
  db.delete(attachments).where(and(eq(attachments.corpId, corpId), eq(attachments.id, id))).run()
}

/**
 * Deletes the attachments created before `before` (seconds) that no item links to
 * (attachment_links), then every WeCom media id whose bytes no attachment of its corp holds
 * any more. Run it in an IMMEDIATE transaction: a save that links one of these files either
 * committed before (the file stays) or finds it gone.
 *
 * @returns how many rows went, and the sha256 of the deleted rows (the blobs that may now be unused)
 */
export function deleteUnattached(db: Db, before: number): { attachments: number; media: number; sha256s: string[] } {
  const linked = db
    .select({ one: sql`1` })
    .from(attachmentLinks)
    .where(and(eq(attachmentLinks.corpId, attachments.corpId), eq(attachmentLinks.attachmentId, attachments.id)))
  const gone = db
    .delete(attachments)
    .where(and(lt(attachments.createdAt, before), notExists(linked)))
    .returning({ sha256: attachments.sha256 })
    .all()
  const held = db
    .select({ one: sql`1` })
    .from(attachments)
    .where(and(eq(attachments.corpId, wecomMedia.corpId), eq(attachments.sha256, wecomMedia.sha256)))
  const media = db.delete(wecomMedia).where(notExists(held)).run().changes
  return { attachments: gone.length, media, sha256s: [...new Set(gone.map((r) => r.sha256))] }
}

/** Which of `sha256s` no attachment row of any corp holds (a blob on disk serves every corp). */
export function unusedBlobs(db: Db, sha256s: readonly string[]): string[] {
  if (!sha256s.length) return []
  const used = new Set(
    db
      .selectDistinct({ sha256: attachments.sha256 })
      .from(attachments)
      .where(inArray(attachments.sha256, [...sha256s]))
      .all()
      .map((r) => r.sha256),
  )
  return sha256s.filter((s) => !used.has(s))
}

export function findAttachment(db: Db, corpId: string, id: string): AttachmentRecord | undefined {
  return db.select().from(attachments).where(and(eq(attachments.corpId, corpId), eq(attachments.id, id))).get()
}

/** The corp's attachments among `ids` (unknown ids are left out). */
export function findAttachments(db: Db, corpId: string, ids: readonly string[]): AttachmentRecord[] {
  if (ids.length === 0) return []
  return db.select().from(attachments).where(and(eq(attachments.corpId, corpId), inArray(attachments.id, [...ids]))).all()
}

/** The items (follow-ups, knowledge items) of a kind that use an attachment, by id. */
export function subjectsLinking(db: Db, corpId: string, attachmentId: string, subjectKind: AttachmentSubject): number[] {
  return db
    .select({ id: attachmentLinks.subjectId })
    .from(attachmentLinks)
    .where(and(eq(attachmentLinks.corpId, corpId), eq(attachmentLinks.attachmentId, attachmentId), eq(attachmentLinks.subjectKind, subjectKind)))
    .all()
    .map((r) => r.id)
}

/**
 * Makes `attachmentIds` exactly the attachments an item uses (attachment_links), for the read
 * checks. Call it in the transaction that saves the item; an empty list unlinks it all (on delete).
 */
export function setAttachmentLinks(
  db: Db,
  subject: { corpId: string; kind: AttachmentSubject; id: number },
  attachmentIds: readonly string[],
): void {
  const key = and(eq(attachmentLinks.corpId, subject.corpId), eq(attachmentLinks.subjectKind, subject.kind), eq(attachmentLinks.subjectId, subject.id))
  db.delete(attachmentLinks).where(key).run()
  const ids = [...new Set(attachmentIds)]
  if (!ids.length) return
  db.insert(attachmentLinks)
    .values(ids.map((attachmentId) => ({ corpId: subject.corpId, attachmentId, subjectKind: subject.kind, subjectId: subject.id })))
    .onConflictDoNothing()
    .run()
}

export interface WecomMediaRecord {
  mediaId: string
  createdAt: number
}

/** Which cached media_id a send may reuse: the same bytes, WeCom type and (for files) name. */
export interface WecomMediaKey {
  corpId: string
  sha256: string
  type: AttachmentKind
  /** The name WeCom shows for a file; '' for images and videos (see `mediaFilename`). */
  filename: string
}

export function findWecomMedia(db: Db, key: WecomMediaKey): WecomMediaRecord | undefined {
  return db
    .select({ mediaId: wecomMedia.mediaId, createdAt: wecomMedia.createdAt })
    .from(wecomMedia)
    .where(
      and(
        eq(wecomMedia.corpId, key.corpId),
        eq(wecomMedia.sha256, key.sha256),
        eq(wecomMedia.type, key.type),
        eq(wecomMedia.filename, key.filename),
      ),
    )
    .get()
}

/** Remembers the media_id WeCom gave for these bytes under this name, replacing an older one. */
export function saveWecomMedia(db: Db, row: WecomMediaKey & { mediaId: string; createdAt: number }): void {
  db.insert(wecomMedia)
    .values(row)
    .onConflictDoUpdate({
      target: [wecomMedia.corpId, wecomMedia.sha256, wecomMedia.type, wecomMedia.filename],
      set: { mediaId: row.mediaId, createdAt: row.createdAt },
    })
    .run()
}
