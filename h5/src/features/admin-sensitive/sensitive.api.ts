import {
  CreateSensitiveWordsResult,
  SendLogPage,
  SensitiveCheckResult,
  SensitiveWord,
  SensitiveWordList,
  type CreateSensitiveWordsInput,
  type SendLogInput,
  type SensitiveAction,
} from '@kelan/shared'
import * as z from 'zod/mini'
import { apiCall } from '@/api/client'

// Endpoint wrappers of sensitive words, one per route: the admin's list and log under
// /api/admin/sensitive-words, the check and the log entry under /api/knowledge.

const WORDS = '/api/admin/sensitive-words'
const NoContent = z.unknown()

/** The corp's words, newest first (admin). */
export const fetchSensitiveWords = () => apiCall('GET', WORDS, SensitiveWordList)

/** Adds words with one action; words already in the list come back in `skipped`. */
export const createSensitiveWords = (input: CreateSensitiveWordsInput) => apiCall('POST', WORDS, CreateSensitiveWordsResult, { body: input })

export const updateSensitiveWord = (id: number, action: SensitiveAction) => apiCall('PATCH', `${WORDS}/${id}`, SensitiveWord, { body: { action } })

export const deleteSensitiveWord = async (id: number): Promise<void> => {
  await apiCall('DELETE', `${WORDS}/${id}`, NoContent)
}

/** One page of the send log, newest first; `cursor` is the previous page's nextCursor. */
export const fetchSendLog = (cursor?: number) => apiCall('GET', `${WORDS}/log`, SendLogPage, { query: { cursor } })

/** The sensitive words in a text about to be sent (anyone signed in). */
export const checkSensitiveText = (text: string) => apiCall('POST', '/api/knowledge/check', SensitiveCheckResult, { body: { text } })

/** Records a send that hit sensitive words, confirmed or blocked. */
export const logSensitiveSend = async (input: SendLogInput): Promise<void> => {
  await apiCall('POST', '/api/knowledge/send-log', NoContent, { body: input })
}
