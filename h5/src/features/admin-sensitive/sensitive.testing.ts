import type { SendLogEntry, SensitiveWord } from '@kelan/shared'
import type { stubFetch } from '@/test/fetch-stub'

// One-line factories and fetch-stub readers for the 敏感词 tests; each test states only what it cares about.

export const WORDS = '/api/admin/sensitive-words'
export const LOG = '/api/admin/sensitive-words/log'

export const makeWord = (id: number, word: string, over: Partial<SensitiveWord> = {}): SensitiveWord => ({
  id,
  word,
  action: 'warn',
  createdAt: 1_750_000_000,
  ...over,
})

export const makeLogEntry = (id: number, over: Partial<SendLogEntry> = {}): SendLogEntry => ({
  id,
  userid: 'lisi',
  userName: '李四',
  itemId: 12,
  text: '加我微信',
  outcome: 'confirmed',
  words: ['微信'],
  chatId: 'wmCUST0001',
  at: 1_750_000_000,
  ...over,
})

type FetchMock = ReturnType<typeof stubFetch>

const methodOf = (init: RequestInit | undefined) => init?.method ?? 'GET'

/** The calls made to `path` with `method`, as [url, init]. */
export const callsTo = (fetchMock: FetchMock, path: string, method: string) =>
  fetchMock.mock.calls.filter(([url, init]) => new URL(String(url), 'http://x').pathname === path && methodOf(init) === method)

/** A request body sent to the stub, parsed. */
export const bodyOf = (init: RequestInit | undefined): unknown => JSON.parse(String(init?.body))
