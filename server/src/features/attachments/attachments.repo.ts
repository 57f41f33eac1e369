/** Attachment rows and WeCom media ids; the only file here that touches their tables. */
import { and, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { attachments, wecomMedia } from '../../db/schema'
import type { AttachmentKind } from '@kelan/shared'
import type { AttachmentRecord } from './attachments.domain'

export function insertAttachment(db: Db, row: AttachmentRecord): void {
  db.insert(attachments).values(row).run()
}

export function findAttachment(db: Db, corpId: string, id: string): AttachmentRecord | undefined {
  return db.select().from(attachments).where(and(eq(attachments.corpId, corpId), eq(attachments.id, id))).get()
}

/** The corp's attachments among `ids` (unknown ids are left out). */
export function findAttachments(db: Db, corpId: string, ids: readonly string[]): AttachmentRecord[] {
  if (ids.length === 0) return []
  return db.select().from(attachments).where(and(eq(attachments.corpId, corpId), inArray(attachments.id, [...ids]))).all()
}

export interface WecomMediaRecord {
  mediaId: string
  createdAt: number
}

export function findWecomMedia(db: Db, corpId: string, sha256: string, type: AttachmentKind): WecomMediaRecord | undefined {
  return db
    .select({ mediaId: wecomMedia.mediaId, createdAt: wecomMedia.createdAt })
    .from(wecomMedia)
    .where(and(eq(wecomMedia.corpId, corpId), eq(wecomMedia.sha256, sha256), eq(wecomMedia.type, type)))
    .get()
}

/** Remembers the media_id WeCom gave for these bytes, replacing an older one. */
export function saveWecomMedia(db: Db, row: { corpId: string; sha256: string; type: AttachmentKind; mediaId: string; createdAt: number }): void {
  db.insert(wecomMedia)
    .values(row)
    .onConflictDoUpdate({ target: [wecomMedia.corpId, wecomMedia.sha256, wecomMedia.type], set: { mediaId: row.mediaId, createdAt: row.createdAt } })
    .run()
}
