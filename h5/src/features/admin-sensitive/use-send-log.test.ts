import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { apiErr, json, stubFetch } from '@/test/fetch-stub'
import { LOG, makeLogEntry } from './sensitive.testing'
import { useSendLog } from './use-send-log'

afterEach(() => vi.unstubAllGlobals())

/** Two pages: ids 3, 2 then 1. */
const pages = (url: URL) =>
  url.searchParams.get('cursor') === '2'
    ? json(200, { items: [makeLogEntry(1)], nextCursor: null })
    : json(200, { items: [makeLogEntry(3), makeLogEntry(2)], nextCursor: 2 })

describe('useSendLog', () => {
  it('useSendLog – reload then loadMore – the newest page, then the next appended, then no more', async () => {
    stubFetch({ [LOG]: pages })
    const log = useSendLog()

    await log.reload()
    expect(log.items.value.map((e) => e.id)).toEqual([3, 2])
    expect(log.hasMore.value).toBe(true)

    await log.loadMore()
    expect(log.items.value.map((e) => e.id)).toEqual([3, 2, 1])
    expect(log.hasMore.value).toBe(false)
    expect(log.loaded.value).toBe(true)
  })

  it('useSendLog – loadMore with no more pages – sends nothing', async () => {
    const fetchMock = stubFetch({ [LOG]: () => json(200, { items: [makeLogEntry(1)], nextCursor: null }) })
    const log = useSendLog()
    await log.reload()

    await log.loadMore()

    expect(fetchMock).toHaveBeenCalledTimes(1)
  })

  it('useSendLog – next page fails – entries kept, error set; reload starts over', async () => {
    let fail = false
    stubFetch({ [LOG]: (url) => (fail && url.searchParams.has('cursor') ? apiErr(500, 'INTERNAL', '服务器内部错误') : pages(url)) })
    const log = useSendLog()
    await log.reload()
    fail = true

    await log.loadMore()
    expect(log.items.value.map((e) => e.id)).toEqual([3, 2])
    expect(log.error.value?.message).toBe('服务器内部错误')

    await log.reload()
    expect(log.error.value).toBeNull()
    expect(log.items.value.map((e) => e.id)).toEqual([3, 2])
  })

  it('useSendLog – reload while the next page is on its way – the late page is dropped', async () => {
    let release: (() => void) | undefined
    stubFetch({
      [LOG]: async (url) => {
        if (url.searchParams.has('cursor')) await new Promise<void>((resolve) => (release = resolve))
        return pages(url)
      },
    })
    const log = useSendLog()
    await log.reload()

    const more = log.loadMore()
    await flushPromises()
    await log.reload()
    release?.()
    await more

    expect(log.items.value.map((e) => e.id)).toEqual([3, 2])
    expect(log.loading.value).toBe(false)
  })
})
