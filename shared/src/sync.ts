import { z } from 'zod'

export const SyncCounts = z.object({
  departments: z.number().int(),
  staff: z.number().int(),
  tagGroups: z.number().int(),
  tags: z.number().int(),
  customers: z.number().int(),
  relations: z.number().int(),
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
