import { z } from 'zod'

export const SyncCounts = z.object({
  departments: z.number().int(),
  staff: z.number().int(),
  tagGroups: z.number().int(),
  tags: z.number().int(),
  customers: z.number().int(),
  relations: z.number().int(),
  /**
   * Members WeCom did not report for lack of an interop licence (接口许可): their customers
   * were left as last synced. Missing on runs recorded before this was counted.
   */
  unlicensedStaff: z.number().int().optional(),
})
export type SyncCounts = z.infer<typeof SyncCounts>

export const SyncRun = z.object({
  id: z.number().int(),
  status: z.enum(['running', 'done', 'failed']),
  startedAt: z.number().int(),
  finishedAt: z.number().int().nullable(),
  counts: SyncCounts.nullable(),
  error: z.string().nullable(),
})
export type SyncRun = z.infer<typeof SyncRun>
