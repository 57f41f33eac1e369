import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CustomerCard, TagLibrary } from '@kelan/shared'
import { makeCardTag, makeCustomerCard, makeLibraryGroup, makeMine, makeTagGroup } from '@/test/factories'
import { apiErr, json, stubFetch, type Route } from '@/test/fetch-stub'
import TagEditorSheet from './TagEditorSheet.vue'

// Saves go through the RPC client, which the app fetches on the first write (loadRpc); fetched
// once here so a test's flushPromises after 保存 is enough.
beforeAll(() => import('@/api/rpc'))

const SAVE = '/api/customers/wmCUSTOMER01/tags'
const library = (): TagLibrary => ({
  groups: [makeLibraryGroup('意向程度', ['高意向', '低意向'], { exclusive: true, color: 'orange' }), makeLibraryGroup('客户来源', ['展会', '官网'])],
})
/** I carry 高意向 and 展会; 展会 is held by a special mark. */
const card = (over: Partial<CustomerCard> = {}) =>
  makeCustomerCard({
    mine: makeMine({ tagIds: ['et-高意向', 'et-展会'] }),
    tagGroups: [
      makeTagGroup('意向程度', ['高意向'], { exclusive: true }),
      makeTagGroup('客户来源', [], { tags: [makeCardTag('展会', { locked: true })] }),
    ],
    ...over,
  })

let pinia: Pinia
beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
})
afterEach(() => {
  vi.unstubAllGlobals()
})

function stub(save: Route = () => json(200, card())) {
  return stubFetch({ '/api/tags': () => json(200, library()), [SAVE]: save })
}

async function open(c = card()) {
  const w = mount(TagEditorSheet, { props: { card: c, show: true }, global: { plugins: [pinia] } })
  await flushPromises()
  return w
}

const option = (w: VueWrapper, id: string) => w.get(`[data-test="tag-option"][data-id="${id}"]`)
const selectedIds = (w: VueWrapper) => w.findAll('[data-test="tag-option"][data-selected="true"]').map((o) => o.attributes('data-id'))
const saveButton = (w: VueWrapper) => w.get('[data-test="tag-save"]')
const putCalls = (mock: ReturnType<typeof stub>) => mock.mock.calls.filter(([, init]) => init?.method === 'PUT')

describe('TagEditorSheet', () => {
  it('TagEditorSheet – opens – shows every group in library order with my tags selected and 单选 on the 互斥 group', async () => {
    stub()
    const w = await open()
    expect(w.find('[data-test="tag-editor"]').exists()).toBe(true)
    expect(w.findAll('[data-test="tag-option"]').map((o) => o.text())).toEqual(['高意向', '低意向', '展会', '官网'])
    expect(selectedIds(w)).toEqual(['et-高意向', 'et-展会'])
    const groups = w.findAll('[data-test="tag-editor-group"]')
    expect(groups[0]?.find('[data-test="tag-group-single"]').exists()).toBe(true)
    expect(groups[1]?.find('[data-test="tag-group-single"]').exists()).toBe(false)
  })

  it('TagEditorSheet – options – are drawn in their tag colour, filled when selected', async () => {
    stub()
    const w = await open()
    expect(option(w, 'et-高意向').attributes('style')).toContain('background: rgb(160, 77, 12)')
    expect(option(w, 'et-低意向').attributes('style')).toContain('color: rgb(160, 77, 12)')
  })

  it('TagEditorSheet – nothing changed – keeps 保存 disabled', async () => {
    stub()
    const w = await open()
    expect(saveButton(w).attributes('disabled')).toBeDefined()
    await option(w, 'et-官网').trigger('click')
    expect(saveButton(w).attributes('disabled')).toBeUndefined()
    await option(w, 'et-官网').trigger('click')
    expect(saveButton(w).attributes('disabled')).toBeDefined()
  })

  it('TagEditorSheet – tap another tag of a 互斥 group – deselects the one I had', async () => {
    stub()
    const w = await open()
    await option(w, 'et-低意向').trigger('click')
    expect(selectedIds(w)).toEqual(['et-低意向', 'et-展会'])
  })

  it('TagEditorSheet – tap a locked tag of mine – stays selected and shows a lock', async () => {
    stub()
    const w = await open()
    await option(w, 'et-展会').trigger('click')
    expect(option(w, 'et-展会').attributes('data-selected')).toBe('true')
    expect(option(w, 'et-展会').find('.van-icon-lock').exists()).toBe(true)
    expect(saveButton(w).attributes('disabled')).toBeDefined()
  })

  it('TagEditorSheet – search 低 – shows only the matching tag under its group name', async () => {
    stub()
    const w = await open()
    await w.get('[data-test="tag-search"] input').setValue('低')
    expect(w.findAll('[data-test="tag-option"]').map((o) => o.text())).toEqual(['低意向'])
    expect(w.get('[data-test="tag-editor-group"]').text()).toContain('意向程度')
  })

  it('TagEditorSheet – search with no match – says so', async () => {
    stub()
    const w = await open()
    await w.get('[data-test="tag-search"] input').setValue('金融')
    expect(w.find('[data-test="tag-option"]').exists()).toBe(false)
    expect(w.get('[data-test="tag-search-empty"]').text()).toContain('没有找到“金融”相关标签')
  })

  it('TagEditorSheet – save – sends only the difference and hands up the server’s card', async () => {
    const reply = card({ name: '已更新' })
    const mock = stub(() => json(200, reply))
    const w = await open()
    await option(w, 'et-低意向').trigger('click')
    await option(w, 'et-官网').trigger('click')
    await saveButton(w).trigger('click')
    await flushPromises()
    const [call] = putCalls(mock)
    expect(JSON.parse(String(call?.[1]?.body))).toEqual({ add: ['et-低意向', 'et-官网'], remove: ['et-高意向'] })
    expect(w.emitted('saved')).toEqual([[reply]])
    expect(w.emitted('update:show')).toEqual([[false]])
  })

  it('TagEditorSheet – server refuses – shows its message and keeps my selection', async () => {
    stub(() => apiErr(409, 'MUTEX_CONFLICT', '「意向程度」只能选一个标签'))
    const w = await open()
    await option(w, 'et-低意向').trigger('click')
    await saveButton(w).trigger('click')
    await flushPromises()
    const error = w.get('[data-test="tag-save-error"]')
    expect(error.text()).toBe('「意向程度」只能选一个标签')
    expect(error.attributes('data-code')).toBe('MUTEX_CONFLICT')
    expect(selectedIds(w)).toEqual(['et-低意向', 'et-展会'])
    expect(w.emitted('saved')).toBeUndefined()
    expect(w.emitted('update:show')).toBeUndefined()
  })

  it('TagEditorSheet – second tap while saving – sends one request', async () => {
    let release: (r: Response) => void = () => {}
    const mock = stub(() => new Promise<Response>((r) => (release = r)))
    const w = await open()
    await option(w, 'et-官网').trigger('click')
    await saveButton(w).trigger('click')
    await saveButton(w).trigger('click')
    expect(saveButton(w).classes()).toContain('van-button--loading')
    await flushPromises()
    release(json(200, card()))
    await flushPromises()
    expect(putCalls(mock)).toHaveLength(1)
    expect(w.emitted('saved')).toHaveLength(1)
  })

  it('TagEditorSheet – library fails to load – offers 重试 that loads it', async () => {
    let calls = 0
    stubFetch({ '/api/tags': () => (++calls === 1 ? apiErr(500, 'INTERNAL', '服务器内部错误') : json(200, library())) })
    const w = await open()
    expect(w.get('[data-test="tag-library-error"]').text()).toContain('服务器内部错误')
    await w.get('[data-test="tag-library-error"] button').trigger('click')
    await flushPromises()
    expect(w.findAll('[data-test="tag-option"]')).toHaveLength(4)
  })

  it('TagEditorSheet – reopened – starts again from the card, discarding the last unsaved selection', async () => {
    stub()
    const w = await open()
    await option(w, 'et-官网').trigger('click')
    await w.setProps({ show: false })
    await w.setProps({ show: true })
    await flushPromises()
    expect(selectedIds(w)).toEqual(['et-高意向', 'et-展会'])
  })
})
