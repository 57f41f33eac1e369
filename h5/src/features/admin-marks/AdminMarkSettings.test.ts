import type { MarkSettings } from '@kelan/shared'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { makeLibraryGroup, makeLibraryTag } from '@/test/factories'
import { json, stubFetch } from '@/test/fetch-stub'
import AdminMarkSettings from './AdminMarkSettings.vue'
import { makeMarkSettings, PEER, RISK, SETTINGS, SPAM } from './marks.testing'

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const library = () => ({
  groups: [
    makeLibraryGroup('客户标记', [makeLibraryTag('风险客户', { id: RISK.id }), makeLibraryTag('垃圾资源', { id: SPAM.id }), makeLibraryTag('同行', { id: PEER.id })], { id: 'g1' }),
    makeLibraryGroup('客户等级', [makeLibraryTag('黑名单', { id: 't9' })], { id: 'g2' }),
  ],
})

async function mountSettings(canManageStaff: boolean, settings: MarkSettings = makeMarkSettings({ managers: [{ userid: 'lisi', name: '李四' }] }), answer = () => json(200, settings)) {
  const fetchMock = stubFetch({ '/api/tags': () => json(200, library()), [SETTINGS]: answer })
  const w = mount(AdminMarkSettings, { props: { show: false, settings, canManageStaff }, attachTo: document.body })
  await w.setProps({ show: true })
  await flushPromises()
  return { w, fetchMock }
}

const puts = (fetchMock: ReturnType<typeof stubFetch>) => fetchMock.mock.calls.filter(([, init]) => init?.method === 'PUT')

describe('AdminMarkSettings', () => {
  it('设置 – a tag added and a manager added by an admin – PUT with both lists', async () => {
    const { w, fetchMock } = await mountSettings(true)
    expect(w.get('[data-test="settings-save"]').attributes('disabled')).toBeDefined()
    await w.get('[data-test="picker-tag"][data-id="t9"]').trigger('click')
    await w.get('[data-test="settings-manager-input"]').setValue('wangwu')
    await w.get('[data-test="settings-manager-add"]').trigger('submit')
    expect(w.findAll('[data-test="settings-manager"]').map((m) => m.attributes('data-userid'))).toEqual(['lisi', 'wangwu'])
    await w.get('[data-test="settings-save"]').trigger('click')
    await flushPromises()
    const [put] = puts(fetchMock)
    expect(JSON.parse(String(put?.[1]?.body))).toEqual({ tagIds: ['tm1', 'tm2', 'tm3', 't9'], managerUserids: ['lisi', 'wangwu'] })
    expect(w.emitted('saved')).toHaveLength(1)
  })

  it('设置 – a granted staff member (not admin) – managers read-only, only tagIds sent', async () => {
    const { w, fetchMock } = await mountSettings(false)
    expect(w.find('[data-test="settings-manager-input"]').exists()).toBe(false)
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
