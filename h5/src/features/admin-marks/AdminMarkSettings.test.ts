import type { MarkSettings } from '@kelan/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { makeLibraryGroup, makeLibraryTag } from '@/test/factories'
import { json, stubFetch } from '@/test/fetch-stub'
import AdminMarkSettings from './AdminMarkSettings.vue'
import { makeMarkSettings, PEER, RISK, SETTINGS, SPAM } from './marks.testing'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
  document.body.innerHTML = ''
})

const library = () => ({
  groups: [
    makeLibraryGroup('客户标记', [makeLibraryTag('风险客户', { id: RISK.id }), makeLibraryTag('垃圾资源', { id: SPAM.id }), makeLibraryTag('同行', { id: PEER.id })], { id: 'g1' }),
    makeLibraryGroup('客户等级', [makeLibraryTag('黑名单', { id: 't9' })], { id: 'g2' }),
  ],
})

const STAFF = [
  { userid: 'wangwu', name: '王五', avatar: '' },
  { userid: 'wangfang', name: '王芳', avatar: '' },
  { userid: 'lisi', name: '李四', avatar: '' },
]
/** GET /api/staff: the members whose name or userid contains q. */
const staffSearch = (url: URL) => {
  const q = url.searchParams.get('q') ?? ''
  return json(200, { items: STAFF.filter((s) => s.name.includes(q) || s.userid.includes(q)) })
}

async function mountSettings(canManageStaff: boolean, settings: MarkSettings = makeMarkSettings({ managers: [{ userid: 'lisi', name: '李四' }] }), answer = () => json(200, settings)) {
  const fetchMock = stubFetch({ '/api/tags': () => json(200, library()), [SETTINGS]: answer, '/api/staff': staffSearch })
  const w = mount(AdminMarkSettings, { props: { show: false, settings, canManageStaff }, attachTo: document.body })
  await w.setProps({ show: true })
  await flushPromises()
  return { w, fetchMock }
}

const puts = (fetchMock: ReturnType<typeof stubFetch>) => fetchMock.mock.calls.filter(([, init]) => init?.method === 'PUT')
const staffQueries = (fetchMock: ReturnType<typeof stubFetch>) =>
  fetchMock.mock.calls.map(([input]) => new URL(String(input), 'http://localhost')).filter((u) => u.pathname === '/api/staff').map((u) => u.searchParams.get('q'))

/** Types into the 标记管理员 search and lets the pause before the search pass. */
async function searchManagers(w: VueWrapper, q: string): Promise<void> {
  await w.get('[data-test="settings-manager-search"]').setValue(q)
  vi.advanceTimersByTime(300)
  await flushPromises()
}

const chips = (w: VueWrapper) => w.findAll('[data-test="settings-manager"]').map((m) => [m.attributes('data-userid'), m.text()])

describe('AdminMarkSettings', () => {
  it('设置 – a tag added and 王五 found by name and picked by an admin – chip with his name, PUT with both lists', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { w, fetchMock } = await mountSettings(true)
    expect(w.get('[data-test="settings-save"]').attributes('disabled')).toBeDefined()
    await w.get('[data-test="picker-tag"][data-id="t9"]').trigger('click')
    await searchManagers(w, '王')
    expect(staffQueries(fetchMock)).toEqual(['王'])
    expect(w.findAll('[data-test="settings-manager-match"]').map((m) => m.attributes('data-userid'))).toEqual(['wangwu', 'wangfang'])
    await w.get('[data-test="settings-manager-match"][data-userid="wangwu"]').trigger('mousedown')
    expect(chips(w)).toEqual([['lisi', '李四'], ['wangwu', '王五']])
    expect((w.get('[data-test="settings-manager-search"]').element as HTMLInputElement).value).toBe('')
    expect(w.find('[data-test="settings-manager-match"]').exists()).toBe(false)
    await w.get('[data-test="settings-save"]').trigger('click')
    await flushPromises()
    const [put] = puts(fetchMock)
    expect(JSON.parse(String(put?.[1]?.body))).toEqual({ tagIds: ['tm1', 'tm2', 'tm3', 't9'], managerUserids: ['lisi', 'wangwu'] })
    expect(w.emitted('saved')).toHaveLength(1)
  })

  it('设置 – a manager removed with × by an admin – chip gone, PUT with an empty managerUserids', async () => {
    const { w, fetchMock } = await mountSettings(true)

    await w.get('[data-test="settings-manager"][data-userid="lisi"] [data-test="settings-manager-remove"]').trigger('click')

    expect(chips(w)).toEqual([])
    await w.get('[data-test="settings-save"]').trigger('click')
    await flushPromises()
    expect(JSON.parse(String(puts(fetchMock)[0]?.[1]?.body))).toEqual({ managerUserids: [] })
  })

  it('设置 – a search that finds only the manager already chosen – not offered again, told so', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { w } = await mountSettings(true)

    await searchManagers(w, '李')

    expect(w.find('[data-test="settings-manager-match"]').exists()).toBe(false)
    expect(w.get('[data-test="settings-manager-none"]').text()).toBe('匹配的成员都已添加')
    await searchManagers(w, '赵')
    expect(w.get('[data-test="settings-manager-none"]').text()).toBe('没有匹配的成员')
  })

  it('设置 – typing fast – one search, for the last text', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { w, fetchMock } = await mountSettings(true)

    await w.get('[data-test="settings-manager-search"]').setValue('w')
    vi.advanceTimersByTime(100)
    await searchManagers(w, 'wang')

    expect(staffQueries(fetchMock)).toEqual(['wang'])
  })

  it('设置 – a granted staff member (not admin) – managers read-only, only tagIds sent', async () => {
    const { w, fetchMock } = await mountSettings(false)
    expect(chips(w)).toEqual([['lisi', '李四']])
    expect(w.find('[data-test="settings-manager-search"]').exists()).toBe(false)
    expect(w.find('[data-test="settings-manager-remove"]').exists()).toBe(false)
    await w.get('[data-test="picker-tag"][data-id="tm3"]').trigger('click')
    await w.get('[data-test="settings-save"]').trigger('click')
    await flushPromises()
    expect(JSON.parse(String(puts(fetchMock)[0]?.[1]?.body))).toEqual({ tagIds: ['tm1', 'tm2'] })
  })

  it('设置 – a tag still used by marks taken off – MARK_TAG_IN_USE message, dialog stays', async () => {
    const refusal = () => json(409, { error: { code: 'MARK_TAG_IN_USE', message: '「风险客户」正被 3 个标记使用，不能取消' } })
    const { w } = await mountSettings(true, makeMarkSettings(), refusal)
    await w.get('[data-test="picker-tag"][data-id="tm1"]').trigger('click')
    await w.get('[data-test="settings-save"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-test="settings-error"]').text()).toBe('「风险客户」正被 3 个标记使用，不能取消')
    expect(w.emitted('saved')).toBeUndefined()
  })
})
