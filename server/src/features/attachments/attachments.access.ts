/**
 * Who may read an attachment besides its uploader: one rule per purpose, owned by the feature
 * that uses the files. A feature with a new purpose adds its rule here (and its purpose to
 * `ATTACHMENT_PURPOSES`); the upload, storage and serving code stays as it is.
 */
import type { AttachmentPurpose } from '@kelan/shared'
import type { Viewer } from '../../app-env'
import type { Deps } from '../../deps'
import { mayReadFollowupAttachment } from '../followups/followups.attachments'
import { mayReadKnowledgeAttachment } from '../knowledge/knowledge.attachments'
import type { AttachmentRecord } from './attachments.domain'

/**
 * Whether `viewer` (same corp, not the uploader) may read `attachment`. Rules only read: they
 * run on every download.
 */
export type AttachmentAccessRule = (deps: Deps, viewer: Viewer, attachment: AttachmentRecord) => boolean

export const ATTACHMENT_ACCESS: Record<AttachmentPurpose, AttachmentAccessRule> = {
  knowledge: mayReadKnowledgeAttachment,
  followup: mayReadFollowupAttachment,
}

/**
 * The access check for every read: another corp's files do not exist, the uploader always
 * reads their own, everyone else as the purpose's rule says.
 */
export function mayRead(deps: Deps, viewer: Viewer, attachment: AttachmentRecord): boolean {
  if (attachment.corpId !== viewer.corpId) return false
  if (attachment.owner === viewer.userid) return true
  return ATTACHMENT_ACCESS[attachment.purpose](deps, viewer, attachment)
}
