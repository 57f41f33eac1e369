/**
 * Who may read a follow-up's files: anyone who may see the customer the follow-up is about
 * (the uploader always may; features/attachments checks that first). A file not attached to
 * any follow-up yet stays the uploader's alone.
 */
import { and, eq, inArray } from 'drizzle-orm'
import type { Viewer } from '../../app-env'
import type { Deps } from '../../deps'
import { followups } from '../../db/schema'
import type { AttachmentRecord } from '../attachments/attachments.domain'
import { subjectsLinking } from '../attachments/attachments.repo'
import { findVisibleCustomer } from '../customers/customers.repo'

/**
 * The customers whose follow-ups carry the attachment, through attachment_links (written
 * with each follow-up): two index lookups, however many follow-ups the corp has.
 */
function customersAttaching(deps: Deps, attachment: AttachmentRecord): string[] {
  const ids = subjectsLinking(deps.db, attachment.corpId, attachment.id, 'followup')
  if (!ids.length) return []
  return deps.db
    .selectDistinct({ externalUserid: followups.externalUserid })
    .from(followups)
    .where(and(eq(followups.corpId, attachment.corpId), inArray(followups.id, ids)))
    .all()
    .map((r) => r.externalUserid)
}

/**
 * The access rule for purpose 'followup' (register it in features/attachments'
 * ATTACHMENT_ACCESS): true when a follow-up carrying the file is about a customer in the
 * viewer's data scope.
 */
export function mayReadFollowupAttachment(deps: Deps, viewer: Viewer, attachment: AttachmentRecord): boolean {
  if (attachment.purpose !== 'followup' || attachment.corpId !== viewer.corpId) return false
  return customersAttaching(deps, attachment).some((id) => findVisibleCustomer(deps.db, viewer, id) !== undefined)
}
