import { z } from 'zod'

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
    issues: z.array(ErrorIssue).optional(),
    /** WeCom's errcode when the failure came from WeCom. */
    errcode: z.number().optional(),
  }),
})
export type ErrorBody = z.infer<typeof ErrorBody>
