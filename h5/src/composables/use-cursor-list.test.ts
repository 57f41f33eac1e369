import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/errors'
import { type CursorPage, useCursorList } from './use-cursor-list'

/** A fetchPage whose answers the test releases one by one, remembering the cursors asked for. */
function deferredPages<C extends string | number>() {
  const asked: (C | undefined)[] = []
  const answers: { resolve: (p: CursorPage<string, C>) => void; reject: (e: unknown) => void }[] = []
  const fetchPage = (cursor: C | undefined) => {
    asked.push(cursor)
    return new Promise<CursorPage<string, C>>((resolve, reject) => answers.push({ resolve, reject }))
  }
  return { asked, answers, fetchPage }
}

describe('useCursorList', () => {
  it('useCursorList – two pages – appends the second after the first, asked with the first nextCursor, then finished', async () => {
    const { asked, answers, fetchPage } = deferredPages<number>()
    const list = useCursorList(fetchPage)
    const first = list.loadMore()
    answers[0]?.resolve({ items: ['a', 'b'], nextCursor: 7 })
    await first
    const second = list.loadMore()
    answers[1]?.resolve({ items: ['c'], nextCursor: null })
    await second
    expect(asked).toEqual([undefined, 7])
    expect(list.items.value).toEqual(['a', 'b', 'c'])
    expect(list.finished.value).toBe(true)
    expect(list.empty.value).toBe(false)
  })

  it('useCursorList – loadMore after the last page – asks nothing, keeps the items', async () => {
    const { asked, answers, fetchPage } = deferredPages<string>()
    const list = useCursorList(fetchPage)
    const first = list.loadMore()
    answers[0]?.resolve({ items: ['a'], nextCursor: null })
    await first
    await list.loadMore()
    expect(asked).toEqual([undefined])
    expect(list.items.value).toEqual(['a'])
  })

  it('useCursorList – a reset while a page is on its way – the old page is dropped, the new one shown', async () => {
    const { answers, fetchPage } = deferredPages<string>()
    const list = useCursorList(fetchPage)
    const old = list.loadMore()
    const fresh = list.reset()
    answers[1]?.resolve({ items: ['new'], nextCursor: null })
    await fresh
    answers[0]?.resolve({ items: ['old'], nextCursor: 'x' })
    await old
    expect(list.items.value).toEqual(['new'])
    expect(list.finished.value).toBe(true)
    expect(list.loading.value).toBe(false)
  })

  it('useCursorList – the page fails – error kept, listError on; van-list clearing listError clears it', async () => {
    const { answers, fetchPage } = deferredPages<string>()
    const list = useCursorList(fetchPage)
    const load = list.loadMore()
    answers[0]?.reject(new ApiError(0, 'NETWORK', '网络连接失败'))
    await load
    expect(list.error.value?.code).toBe('NETWORK')
    expect(list.listError.value).toBe(true)
    expect(list.empty.value).toBe(false)
    list.listError.value = false
    expect(list.error.value).toBeNull()
  })
})
