import * as z from 'zod/mini'

/** Every error the API can answer with. The UI maps these to Chinese messages. */
export const ErrorCode = z.enum([
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'BAD_SIGNATURE',
  'BAD_CALLBACK',
  'SYNC_RUNNING',
  'WECOM_ERROR',
  'PAYLOAD_TOO_LARGE',
  /** An upload over its purpose's size limit (413), refused while it streams in. */
  'FILE_TOO_LARGE',
  /** A tag made in the WeCom console (or by another app): usable, not editable by Kelan. */
  'TAG_READ_ONLY',
  /** A tag still carried by customers cannot be deleted; `details.customers` says how many. */
  'TAG_IN_USE',
  'GROUP_NOT_EMPTY',
  /** A name already used (tag within its group, group within the corp). */
  'NAME_TAKEN',
  /** Two tags of one mutually exclusive (互斥) group; `details` lists the conflicts. */
  'MUTEX_CONFLICT',
  /** A tag held by a special mark cannot be removed while the mark stands. */
  'TAG_LOCKED',
  /** Only a customer's followers can tag them on their own relation. */
  'NOT_FOLLOWER',
  /** The customer is already on the special-mark list; `details.customers` names them. */
  'ALREADY_MARKED',
  /** A relation's remark is forced by a special mark while it stands. */
  'REMARK_LOCKED',
  /** The tag is not one of the tags chosen for special marks. */
  'NOT_MARK_TAG',
  /** A mark tag still used by active marks cannot be taken off the mark-tag list. */
  'MARK_TAG_IN_USE',
  /** A business-record template that has records: its name, scope and fields are locked and it cannot be deleted (disable it instead). */
  'TEMPLATE_IN_USE',
  /** A disabled business-record template takes no new records. */
  'TEMPLATE_DISABLED',
  /** A follow-up type still used by records cannot be deleted (disable it instead); `details.followups` says how many. */
  'TYPE_IN_USE',
  'INTERNAL',
])
export type ErrorCode = z.infer<typeof ErrorCode>

export const ErrorIssue = z.object({ path: z.string(), message: z.string() })
export type ErrorIssue = z.infer<typeof ErrorIssue>

/** The one error body shape: `{ error: { code, message, issues? } }`. */
export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    issues: z.optional(z.array(ErrorIssue)),
    /** WeCom's errcode when the failure came from WeCom. */
    errcode: z.optional(z.number()),
    /** Machine-readable specifics of a refusal, e.g. the conflicts behind MUTEX_CONFLICT. */
    details: z.optional(z.record(z.string(), z.unknown())),
  }),
})
export type ErrorBody = z.infer<typeof ErrorBody>
