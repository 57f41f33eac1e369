import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'
import { makeCardTag, makeCustomerCard, makeLibraryGroup, makeMine, makeTagGroup } from '@/test/factories'
import { apiErr, json, stubFetch, type Route } from '@/test/fetch-stub'
import { useTagEditor } from './use-tag-editor'

const SAVE = '/api/customers/wmCUSTOMER01/tags'
const library = { groups: [makeLibraryGroup('客户等级', ['A 类', 'B 类'], { exclusive: true }), makeLibraryGroup('行业', ['教育'])] }

beforeEach(() => {
  setActivePinia(createPinia())
})
afterEach(() => {
  vi.unstubAllGlobals()
})

async function setup(save: Route = () => json(200, makeCustomerCard()), locked = false) {
  const mock = stubFetch({ '/api/tags': () => json(200, library), [SAVE]: save })
  const card = ref(
    makeCustomerCard({
      mine: makeMine({ tagIds: ['et-A 类'] }),
      tagGroups: [makeTagGroup('客户等级', [], { tags: [makeCardTag('A 类', { locked })] })],
    }),
  )
  const editor = useTagEditor(card)
  editor.reset()
  await flushPromises()
  return { mock, card, editor }
}

describe('useTagEditor', () => {
  it('useTagEditor – 互斥 swap plus a new tag – diff adds both and removes the old one', async () => {
    const { editor } = await setup()
    editor.toggle('et-B 类')
    editor.toggle('et-教育')
    expect(editor.diff.value).toEqual({ add: ['et-B 类', 'et-教育'], remove: ['et-A 类'] })
    expect(editor.dirty.value).toBe(true)
  })

  it('useTagEditor – locked tag of a 互斥 group – refuses the swap with a message', async () => {
    const { editor } = await setup(undefined, true)
    expect(editor.toggle('et-B 类')).toBe('「A 类」已被客户标记锁定，不能移除')
    expect(editor.dirty.value).toBe(false)
  })

  it('useTagEditor – save called twice at once – sends one request', async () => {
    const { editor, mock } = await setup()
    editor.toggle('et-教育')
    const [first, second] = await Promise.all([editor.save(), editor.save()])
    expect(first?.externalUserId).toBe('wmCUSTOMER01')
    expect(second).toBeNull()
    expect(mock.mock.calls.filter(([, init]) => init?.method === 'PUT')).toHaveLength(1)
  })

  it('useTagEditor – nothing changed – save sends nothing', async () => {
    const { editor, mock } = await setup()
    expect(await editor.save()).toBeNull()
    expect(mock.mock.calls.filter(([, init]) => init?.method === 'PUT')).toHaveLength(0)
  })

  it('useTagEditor – refused with TAG_LOCKED – keeps the selection and the error', async () => {
    const { editor } = await setup(() => apiErr(409, 'TAG_LOCKED', '「A 类」已被客户标记锁定'))
    editor.toggle('et-A 类')
    expect(await editor.save()).toBeNull()
    expect(editor.error.value?.code).toBe('TAG_LOCKED')
    expect([...editor.selected.value]).toEqual([])
    expect(editor.dirty.value).toBe(true)
  })

  it('useTagEditor – card replaced after a save – nothing left to save', async () => {
    const { editor, card } = await setup()
    editor.toggle('et-教育')
    card.value = makeCustomerCard({ mine: makeMine({ tagIds: ['et-A 类', 'et-教育'] }) })
    expect(editor.dirty.value).toBe(false)
  })
})
