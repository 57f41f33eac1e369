import * as z from 'zod/mini'

/**
 * Uploaded files (附件): one upload API for every feature. What a file is for (`purpose`)
 * decides its size and type rules, in ATTACHMENT_RULES below, which the forms check before
 * uploading and the server enforces (size while streaming, type from the bytes).
 */

export const AttachmentPurpose = z.enum(['knowledge', 'followup'])
export type AttachmentPurpose = z.infer<typeof AttachmentPurpose>

export const AttachmentKind = z.enum(['image', 'video', 'file'])
export type AttachmentKind = z.infer<typeof AttachmentKind>

export const ATTACHMENT_KIND_LABELS: Record<AttachmentKind, string> = { image: '图片', video: '视频', file: '文件' }

/** An attachment's id: random, unguessable, URL-safe. */
export const AttachmentId = z.string().check(z.regex(/^[\w-]{1,64}$/, '附件 ID 格式不正确'))

/** A stored upload as the API shows it. `url` is where signed-in members read it (same origin). */
export const Attachment = z.object({
  id: z.string(),
  kind: AttachmentKind,
  mime: z.string(),
  size: z.int(),
  filename: z.string(),
  url: z.string(),
})
export type Attachment = z.infer<typeof Attachment>

/**
 * A file type Kelan accepts: its extensions, the content type it is stored and served as, and
 * what the bytes must look like: the content types a sniffer (file-type) may report for it, or
 * 'text' for formats without a signature (the sniffer must then find no binary format).
 */
export interface AttachmentFileType {
  label: string
  exts: readonly string[]
  mime: string
  /** Other content types browsers send for it (Content-Type header), besides `mime`. */
  aliases?: readonly string[]
  sniff: readonly string[] | 'text'
}

const OOXML = (mime: string) => [mime, 'application/zip']
const CFB = ['application/x-cfb']

/** Every type any rule allows, by key. */
export const ATTACHMENT_FILE_TYPES = {
  jpg: { label: 'JPG', exts: ['jpg', 'jpeg'], mime: 'image/jpeg', aliases: ['image/pjpeg'], sniff: ['image/jpeg'] },
  png: { label: 'PNG', exts: ['png'], mime: 'image/png', sniff: ['image/png'] },
  gif: { label: 'GIF', exts: ['gif'], mime: 'image/gif', sniff: ['image/gif'] },
  webp: { label: 'WEBP', exts: ['webp'], mime: 'image/webp', sniff: ['image/webp'] },
  mp4: { label: 'MP4', exts: ['mp4'], mime: 'video/mp4', sniff: ['video/mp4', 'video/x-m4v'] },
  mov: { label: 'MOV', exts: ['mov'], mime: 'video/quicktime', sniff: ['video/quicktime', 'video/mp4'] },
  pdf: { label: 'PDF', exts: ['pdf'], mime: 'application/pdf', sniff: ['application/pdf'] },
  doc: { label: 'Word', exts: ['doc'], mime: 'application/msword', sniff: CFB },
  docx: {
    label: 'Word',
    exts: ['docx'],
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    sniff: OOXML('application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
  },
  xls: { label: 'Excel', exts: ['xls'], mime: 'application/vnd.ms-excel', sniff: CFB },
  xlsx: {
    label: 'Excel',
    exts: ['xlsx'],
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    sniff: OOXML('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  },
  ppt: { label: 'PPT', exts: ['ppt'], mime: 'application/vnd.ms-powerpoint', sniff: CFB },
  pptx: {
    label: 'PPT',
    exts: ['pptx'],
    mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    sniff: OOXML('application/vnd.openxmlformats-officedocument.presentationml.presentation'),
  },
  txt: { label: 'TXT', exts: ['txt'], mime: 'text/plain', sniff: 'text' },
  csv: { label: 'CSV', exts: ['csv'], mime: 'text/csv', sniff: 'text' },
  zip: { label: 'ZIP', exts: ['zip'], mime: 'application/zip', aliases: ['application/x-zip-compressed'], sniff: ['application/zip'] },
  rar: { label: 'RAR', exts: ['rar'], mime: 'application/vnd.rar', aliases: ['application/x-rar-compressed'], sniff: ['application/x-rar-compressed', 'application/vnd.rar'] },
  '7z': { label: '7Z', exts: ['7z'], mime: 'application/x-7z-compressed', sniff: ['application/x-7z-compressed'] },
} as const satisfies Record<string, AttachmentFileType>
export type AttachmentFileTypeKey = keyof typeof ATTACHMENT_FILE_TYPES

const DOCUMENTS: readonly AttachmentFileTypeKey[] = ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'txt', 'csv', 'zip', 'rar', '7z']

export interface AttachmentRule {
  /** Largest size, bytes. */
  maxBytes: number
  /** Smallest size, bytes (WeCom's media/upload wants more than 5). */
  minBytes: number
  types: readonly AttachmentFileTypeKey[]
}

const MB = 1024 * 1024

/**
 * Size and type rules per purpose and kind: the one table the server enforces and the forms
 * check first. Knowledge files go to WeCom's media/upload when sent (images JPG/PNG only there,
 * video MP4, more than 5 bytes); the issue sets the sizes below WeCom's own (image 10 MB).
 */
export const ATTACHMENT_RULES: Record<AttachmentPurpose, Record<AttachmentKind, AttachmentRule>> = {
  knowledge: {
    image: { maxBytes: 2 * MB, minBytes: 6, types: ['jpg', 'png'] },
    video: { maxBytes: 10 * MB, minBytes: 6, types: ['mp4'] },
    file: { maxBytes: 20 * MB, minBytes: 6, types: DOCUMENTS },
  },
  followup: {
    image: { maxBytes: 20 * MB, minBytes: 1, types: ['jpg', 'png', 'gif', 'webp'] },
    video: { maxBytes: 20 * MB, minBytes: 1, types: ['mp4', 'mov'] },
    file: { maxBytes: 20 * MB, minBytes: 1, types: DOCUMENTS },
  },
}

const formatMb = (bytes: number) => `${Number((bytes / MB).toFixed(1))}MB`

/** "图片不能超过 2MB": the refusal of a file over the rule's size. */
export const tooLargeMessage = (kind: AttachmentKind, rule: AttachmentRule) => `${ATTACHMENT_KIND_LABELS[kind]}不能超过 ${formatMb(rule.maxBytes)}`

/** "图片只支持 JPG、PNG 格式". */
export function typesMessage(kind: AttachmentKind, rule: AttachmentRule): string {
  const labels = [...new Set(rule.types.map((t) => ATTACHMENT_FILE_TYPES[t].label))]
  return `${ATTACHMENT_KIND_LABELS[kind]}只支持 ${labels.join('、')} 格式`
}

/** The extensions of a rule for an `<input accept>`: ".jpg,.jpeg,.png". */
export const acceptOf = (rule: AttachmentRule): string => rule.types.flatMap((t) => ATTACHMENT_FILE_TYPES[t].exts.map((e) => `.${e}`)).join(',')

/** The lower-cased extension of a file name without the dot ('' when none). */
export function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.')
  return dot > 0 ? filename.slice(dot + 1).toLowerCase() : ''
}

/**
 * The allowed type a file claims to be: by its extension, else by the content type the
 * browser sent. undefined when the rule allows neither.
 */
export function claimedType(rule: AttachmentRule, filename: string, contentType: string): AttachmentFileTypeKey | undefined {
  const ext = extensionOf(filename)
  const byExt = rule.types.find((t) => (ATTACHMENT_FILE_TYPES[t].exts as readonly string[]).includes(ext))
  if (byExt || ext) return byExt
  const mime = contentType.split(';')[0]!.trim().toLowerCase()
  return rule.types.find((t) => {
    const type: AttachmentFileType = ATTACHMENT_FILE_TYPES[t]
    return type.mime === mime || (type.aliases ?? []).includes(mime)
  })
}

/**
 * What the forms check before uploading, and the server before reading a body: size and
 * claimed type. Returns the refusal to show, or null.
 *
 * @example checkAttachment('knowledge', 'image', { name: 'a.png', size: 3 * 1024 * 1024, type: 'image/png' }) // '图片不能超过 2MB'
 */
export function checkAttachment(
  purpose: AttachmentPurpose,
  kind: AttachmentKind,
  file: { name: string; size: number; type: string },
): string | null {
  const rule = ATTACHMENT_RULES[purpose][kind]
  if (file.size > rule.maxBytes) return tooLargeMessage(kind, rule)
  if (file.size < rule.minBytes) return file.size === 0 ? '文件是空的' : '文件太小'
  return claimedType(rule, file.name, file.type) ? null : typesMessage(kind, rule)
}

/** Control characters and path separators become '_'; trimmed; long names keep their extension. */
export function cleanFilename(raw: string): string {
  const name = raw.replace(/[\u0000-\u001f\u007f/\\:]/g, '_').trim()
  const chars = [...name]
  if (chars.length <= 120) return name
  const ext = extensionOf(name)
  const keep = ext && ext.length < 16 ? `.${ext}` : ''
  return chars.slice(0, 120 - keep.length).join('') + keep
}

/** POST /api/attachments?purpose&kind&name with the raw file as the body (Content-Type: the file's type). */
export const AttachmentUploadQuery = z.object({
  purpose: AttachmentPurpose,
  kind: AttachmentKind,
  name: z.pipe(
    z.pipe(z.string(), z.transform(cleanFilename)),
    z.string().check(z.minLength(1, '文件名不能为空'), z.maxLength(255, '文件名太长')),
  ),
})
export type AttachmentUploadQuery = z.infer<typeof AttachmentUploadQuery>
