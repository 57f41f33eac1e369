/**
 * The knowledge base's use of attachments: files shown with items (URLs, names, sizes), the
 * check of the files an item being saved refers to, and WeCom media ids for sending them.
 */
import { AppError, notFound } from '../../lib/errors'
import type { AnswerPart, KnowledgeItemInput, KnowledgeMediaResult } from '@kelan/shared'
import type { Viewer } from '../../app-env'
import type { Deps } from '../../deps'
import { toAttachment } from '../attachments/attachments.domain'
import { corpAttachments, publicAttachmentUrl, readableAttachments } from '../attachments/attachments.service'
import { hasBlob } from '../attachments/attachments.storage'
import { mediaIdFor } from '../attachments/wecom-media'
import { attachmentIdsOf, attachmentRefProblem, attachmentRefs, type AttachmentLookup, type ItemRecord } from './knowledge.domain'

/**
 * The files of `rows` in one query. Whoever reads an item reads its files (the knowledge rule
 * in knowledge.attachments.ts says the same), so no per-file check here.
 */
export function itemFiles(deps: Deps, rows: readonly ItemRecord[]): AttachmentLookup {
  const files = corpAttachments(deps, rows.flatMap(attachmentIdsOf))
  return {
    attachment: (id) => {
      const file = files.get(id)
      return file ? toAttachment(file) : null
    },
    coverUrl: (id) => (files.get(id)?.kind === 'image' ? publicAttachmentUrl(deps.env, id) : null),
  }
}

/**
 * Checks the files an item input refers to: each must be one the viewer may read, uploaded for
 * the knowledge base, of the part's kind and within its size.
 *
 * @throws AppError VALIDATION_FAILED (400) with one issue per bad reference
 */
export function checkAttachmentRefs(deps: Deps, viewer: Viewer, input: KnowledgeItemInput): void {
  const refs = attachmentRefs(input)
  if (refs.length === 0) return
  const files = readableAttachments(deps, viewer, refs.map((r) => r.id))
  const issues = refs.flatMap((ref) => {
    const message = attachmentRefProblem(ref, files.get(ref.id))
    return message ? [{ path: ref.path, message }] : []
  })
  if (issues.length) throw new AppError('VALIDATION_FAILED', 400, issues[0]!.message, { issues })
}

/**
 * A WeCom media_id for the image, video or file part at `partIndex` of a script the viewer has
 * already been allowed to read.
 *
 * @throws AppError VALIDATION_FAILED (400: not a media part), NOT_FOUND (404: the file is gone);
 *   WecomError when WeCom refuses the upload (502)
 */
export async function mediaForPart(deps: Deps, item: ItemRecord, partIndex: number): Promise<KnowledgeMediaResult> {
  const part = item.kind === 'script' ? (item.answer as AnswerPart[] | null)?.[partIndex] : undefined
  if (!part || part.type === 'text' || part.type === 'link') {
    throw new AppError('VALIDATION_FAILED', 400, '这一条不是图片、视频或文件', { details: { partIndex } })
  }
  const file = corpAttachments(deps, [part.attachmentId]).get(part.attachmentId)
  if (!file || !(await hasBlob(deps.env.dataDir, file.sha256))) throw notFound('附件')
  return { msgtype: part.type, mediaId: await mediaIdFor(deps, file) }
}
