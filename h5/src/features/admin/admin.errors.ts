import { MutexConflict } from '@kelan/shared'
import * as z from 'zod/mini'
import { isApiError } from '@/api/errors'

const MutexDetails = z.object({ customers: z.array(MutexConflict), count: z.optional(z.int()) })
const InUseDetails = z.object({ customers: z.int() })

export interface MutexConflicts {
  /** The first customers (the server sends up to 50). */
  customers: MutexConflict[]
  /** All customers in conflict. */
  count: number
}

/**
 * The customers behind a MUTEX_CONFLICT refusal (turning on 互斥 while customers carry
 * several tags of the group); null for any other error or details off contract.
 */
export function mutexConflictsOf(err: unknown): MutexConflicts | null {
  if (!isApiError(err, 'MUTEX_CONFLICT')) return null
  const details = MutexDetails.safeParse(err.details)
  if (!details.success) return null
  return { customers: details.data.customers, count: details.data.count ?? details.data.customers.length }
}

/**
 * What to tell the admin when a delete is refused: how many customers still carry the tag,
 * or that the group still has tags; the server's message for anything else.
 */
export function deleteRefusalMessage(err: unknown): string {
  if (isApiError(err, 'TAG_IN_USE')) {
    const details = InUseDetails.safeParse(err.details)
    return details.success ? `${details.data.customers} 位客户正在使用该标签，无法删除` : err.message || '该标签正在使用中，无法删除'
  }
  if (isApiError(err, 'GROUP_NOT_EMPTY')) return err.message || '请先移除标签组下的标签再删除'
  return err instanceof Error ? err.message : '删除失败'
}
