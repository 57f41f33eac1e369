import * as z from 'zod/mini'

export const SyncCounts = z.object({
  departments: z.int(),
  staff: z.int(),
  tagGroups: z.int(),
  tags: z.int(),
  customers: z.int(),
  relations: z.int(),
  /**
   * Members WeCom did not report for lack of an interop licence (接口许可): their customers
   * were left as last synced. Missing on runs recorded before this was counted.
   */
  unlicensedStaff: z.optional(z.int()),
})
export type SyncCounts = z.infer<typeof SyncCounts>

export const SyncRun = z.object({
  id: z.int(),
  status: z.enum(['running', 'done', 'failed']),
  startedAt: z.int(),
  finishedAt: z.nullable(z.int()),
  counts: z.nullable(SyncCounts),
  error: z.nullable(z.string()),
})
export type SyncRun = z.infer<typeof SyncRun>
