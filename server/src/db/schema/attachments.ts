import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

/** What an upload is for: decides its size and type rules and who may read it. */
export const ATTACHMENT_PURPOSES = ['knowledge', 'followup'] as const
export type AttachmentPurpose = (typeof ATTACHMENT_PURPOSES)[number]

export const ATTACHMENT_KINDS = ['image', 'video', 'file'] as const
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number]

/**
 * One uploaded file. The bytes live under the data directory, named by their sha256, so the
 * same file uploaded twice is stored once; each upload still gets its own row (own name,
 * owner and purpose). `id` is random and unguessable.
 */
export const attachments = sqliteTable(
  'attachments',
  {
    id: text('id').primaryKey(),
    corpId: text('corp_id').notNull(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    /** The content type Kelan checked (from the bytes where it can tell), served back as is. */
    mime: text('mime').notNull(),
    kind: text('kind', { enum: ATTACHMENT_KINDS }).notNull(),
    filename: text('filename').notNull(),
    purpose: text('purpose', { enum: ATTACHMENT_PURPOSES }).notNull(),
    /** The uploader. */
    owner: text('owner').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('attachments_sha').on(t.corpId, t.sha256), index('attachments_owner').on(t.corpId, t.owner)],
)

/**
 * media_ids WeCom gave for uploaded bytes (media/upload), reused while younger than their
 * 3-day life minus a margin: sending the same picture twice uploads it once.
 */
export const wecomMedia = sqliteTable(
  'wecom_media',
  {
    corpId: text('corp_id').notNull(),
    sha256: text('sha256').notNull(),
    /** WeCom's media type: image, video or file. */
    type: text('type', { enum: ATTACHMENT_KINDS }).notNull(),
    /** WeCom shows a file under the name it was uploaded with: files are cached per name ('' for image and video). */
    filename: text('filename').notNull().default(''),
    mediaId: text('media_id').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('wecom_media_name_key').on(t.corpId, t.sha256, t.type, t.filename)],
)

export const ATTACHMENT_SUBJECTS = ['followup', 'knowledge_item'] as const
export type AttachmentSubject = (typeof ATTACHMENT_SUBJECTS)[number]

/**
 * What uses an attachment: written when a follow-up or knowledge item is saved, so the read
 * check on every download is an index lookup, not a scan of the items.
 */
export const attachmentLinks = sqliteTable(
  'attachment_links',
  {
    corpId: text('corp_id').notNull(),
    attachmentId: text('attachment_id').notNull(),
    subjectKind: text('subject_kind', { enum: ATTACHMENT_SUBJECTS }).notNull(),
    subjectId: integer('subject_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.corpId, t.attachmentId, t.subjectKind, t.subjectId] }),
    index('attachment_links_subject').on(t.corpId, t.subjectKind, t.subjectId),
  ],
)
