/**
 * The knowledge base's rule for reading its attachments (registered in
 * attachments/attachments.access.ts): a file used by a public item is readable by every member
 * of the corp, one used by a personal item by that item's owner; the uploader always reads it.
 */
import type { Viewer } from '../../app-env'
import type { Deps } from '../../deps'
import type { AttachmentRecord } from '../attachments/attachments.domain'
import { attachmentReferences } from './knowledge.repo'

/** Whether `viewer` reads `attachment` through an item they can read. */
export function mayReadKnowledgeAttachment(deps: Deps, viewer: Viewer, attachment: AttachmentRecord): boolean {
  return attachmentReferences(deps.db, viewer.corpId, attachment.id).some((r) => r.library === 'public' || r.owner === viewer.userid)
}
