import type { MarkCandidatePage } from '@kelan/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { json, stubFetch, type Route } from '@/test/fetch-stub'
import AdminMarkAddDialog from './AdminMarkAddDialog.vue'
import { CANDIDATES, makeCandidate, makeMark, MARKS, PEER, RISK, SPAM } from './marks.testing'

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const method = (init: RequestInit | undefined) => init?.method ?? 'GET'
const urlOf = (call: unknown[] | undefined) => new URL(String(call?.[0]), 'http://x')
const bodyOf = (init: RequestInit | undefined): unknown => JSON.parse(String(init?.body))

const candidates = (): MarkCandidatePage => ({
  items: [
    makeCandidate('wm1', '天马湖', { unionid: 'oJwVb5xw' }),
    makeCandidate('wm2', '漠然', { marked: true }),
    makeCandidate('wm3', '阿树'),
  ],
  total: 3,
})

async function mountDialog(routes: Record<string, Route> = {}) {
  const fetchMock = stubFetch({
    [CANDIDATES]: () => json(200, candidates()),
    [MARKS]: () => json(201, { items: [makeMark(1, '天马湖')] }),
    ...routes,
  })
  const w = mount(AdminMarkAddDialog, { props: { show: false, tags: [RISK, SPAM, PEER] }, attachTo: document.body })
  await w.setProps({ show: true })
  await flushPromises()
  return { w, fetchMock }
}

const calls = (fetchMock: ReturnType<typeof stubFetch>, path: string, verb = 'GET') =>
  fetchMock.mock.calls.filter((c) => urlOf(c).pathname === path && method(c[1]) === verb)

/** The picker is teleported to <body>: look it up there. */
const inBody = <T extends Element = HTMLElement>(selector: string) => [...document.querySelectorAll<T>(selector)]

async function pickCustomers(w: VueWrapper, ids: string[]): Promise<void> {
  await w.get('[data-test="add-pick"]').trigger('click')
  await flushPromises()
  for (const id of ids) inBody(`[data-test="picker-row"][data-id="${id}"] [data-test="picker-check"]`)[0]!.click()
  await flushPromises()
  inBody('[data-test="picker-confirm"]')[0]!.click()
  await flushPromises()
}

describe('AdminMarkAddDialog – 选择客户', () => {
  it('picker – opened – lists customers, the marked one ticked and disabled', async () => {
    const { w } = await mountDialog()
    await w.get('[data-test="add-pick"]').trigger('click')
    await flushPromises()
    const rows = inBody('[data-test="picker-row"]')
    expect(rows.map((r) => r.dataset.id)).toEqual(['wm1', 'wm2', 'wm3'])
    expect(rows[1]?.dataset.marked).toBe('true')
    expect(rows[1]?.querySelector('.van-checkbox--disabled')).not.toBeNull()
    expect(rows[1]?.textContent).toContain('已标记')
  })

  it('picker – 客户昵称 typed then 查询 – asks with the name from page 1', async () => {
    const { w, fetchMock } = await mountDialog()
    await w.get('[data-test="add-pick"]').trigger('click')
    await flushPromises()
    const input = inBody<HTMLInputElement>('[data-test="picker-name"]')[0]!
    input.value = '天马'
    input.dispatchEvent(new Event('input'))
    inBody('[data-test="picker-search"]')[0]!.click()
    await flushPromises()
    const query = Object.fromEntries(urlOf(calls(fetchMock, CANDIDATES).at(-1)).searchParams)
    expect(query).toEqual({ name: '天马', page: '1', pageSize: '10' })
  })

  it('picker – a marked row clicked – not selected', async () => {
    const { w } = await mountDialog()
    await pickCustomers(w, ['wm2', 'wm3'])
    expect(w.findAll('[data-test="add-chosen"]').map((c) => c.attributes('data-id'))).toEqual(['wm3'])
  })

  it('提交 – two picked, a unionid typed, 同行, a remark and a reason – one POST with exactly that payload', async () => {
    const { w, fetchMock } = await mountDialog()
    await pickCustomers(w, ['wm1', 'wm3'])
    expect(w.findAll('[data-test="add-chosen"]').map((c) => c.text())).toEqual(['天马湖', '阿树'])
    await w.get('[data-test="add-unionids"]').setValue('oNEW001\noNEW001')
    await w.get('[data-test="add-tag"]').setValue(PEER.id)
    expect(w.get('[data-test="add-remark"]').attributes('placeholder')).toBe('默认：【同行】天马湖')
    await w.get('[data-test="add-remark"]').setValue(' 同行勿扰 ')
    await w.get('[data-test="add-reason"]').setValue('打探价格')
    expect(w.get('[data-test="add-count"]').text()).toBe('共 3 位客户')
    await w.get('[data-test="add-submit"]').trigger('click')
    await flushPromises()
    const posts = calls(fetchMock, MARKS, 'POST')
    expect(posts).toHaveLength(1)
    expect(bodyOf(posts[0]?.[1])).toEqual({
      customers: [{ externalUserId: 'wm1' }, { externalUserId: 'wm3' }, { unionid: 'oNEW001' }],
      tagId: 'tm3',
      remark: '同行勿扰',
      reason: '打探价格',
    })
    expect(w.emitted('created')?.[0]).toEqual([[makeMark(1, '天马湖')]])
    expect(w.emitted('update:show')?.at(-1)).toEqual([false])
  })

  it('提交 – default tag, no remark or reason – those are left out of the payload', async () => {
    const { w, fetchMock } = await mountDialog()
    await pickCustomers(w, ['wm1'])
    await w.get('[data-test="add-submit"]').trigger('click')
    await flushPromises()
    expect(bodyOf(calls(fetchMock, MARKS, 'POST')[0]?.[1])).toEqual({ customers: [{ externalUserId: 'wm1' }], tagId: 'tm1' })
  })

  it('提交 – nobody chosen – disabled; a bad unionid – disabled with the reason', async () => {
    const { w } = await mountDialog()
    expect(w.get('[data-test="add-submit"]').attributes('disabled')).toBeDefined()
    await w.get('[data-test="add-unionids"]').setValue('bad id!')
    expect(w.get('[data-test="add-unionids-error"]').text()).toContain('id!')
    expect(w.get('[data-test="add-submit"]').attributes('disabled')).toBeDefined()
  })

  it('提交 – remark over 20 characters – refused before sending', async () => {
    const { w, fetchMock } = await mountDialog()
    await pickCustomers(w, ['wm1'])
    await w.get('[data-test="add-remark"]').setValue('一'.repeat(21))
    expect(w.get('[data-test="add-remark-error"]').text()).toBe('备注最多 20 个字')
    await w.get('[data-test="add-submit"]').trigger('click')
    await flushPromises()
    expect(calls(fetchMock, MARKS, 'POST')).toHaveLength(0)
  })

  it('提交 – ALREADY_MARKED – names the customers, the dialog stays with the choice', async () => {
    const refusal = { error: { code: 'ALREADY_MARKED', message: '客户已被标记', details: { customers: [{ key: 'wm1', name: '天马湖' }] } } }
    const { w } = await mountDialog({ [MARKS]: () => json(409, refusal) })
    await pickCustomers(w, ['wm1'])
    await w.get('[data-test="add-submit"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-test="add-error"]').text()).toBe('以下客户已在标记名单中，未添加任何客户：天马湖')
    expect(w.findAll('[data-test="add-chosen"]')).toHaveLength(1)
    expect(w.emitted('created')).toBeUndefined()
  })
})
