import type { AdminCustomerPage, TagLibrary } from '@kelan/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { Calendar } from 'vant'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { makeAdminCustomer, makeBatchJob, makePrecheck } from '@/test/admin-factories'
import { makeLibraryGroup, makeLibraryTag } from '@/test/factories'
import { json, stubFetch, type Route } from '@/test/fetch-stub'
import AdminCustomers from './AdminCustomers.vue'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
  document.body.innerHTML = ''
})

const LIST = '/api/admin/customers'

const library = (): TagLibrary => ({
  groups: [
    makeLibraryGroup('意向程度', [makeLibraryTag('高意向', { id: 't1' }), makeLibraryTag('低意向', { id: 't2' })], { id: 'g1', exclusive: true }),
    makeLibraryGroup('客户来源', [makeLibraryTag('展会', { id: 't3', color: 'green' })], { id: 'g2' }),
  ],
})

const page = (total = 45): AdminCustomerPage => ({
  items: [
    makeAdminCustomer('wm1', '王小明', { tags: [{ id: 't1', name: '高意向', color: 'orange', mark: false }] }),
    makeAdminCustomer('wm2', '李雷', { followers: [{ userid: 'lisi', name: '李四', remark: '李总' }] }),
  ],
  total,
})

const bodyOf = (init: RequestInit | undefined): unknown => JSON.parse(String(init?.body))
const urlOf = (call: unknown[] | undefined) => new URL(String(call?.[0]), 'http://x')

async function mountCustomers(routes: Record<string, Route> = {}) {
  const fetchMock = stubFetch({
    [LIST]: () => json(200, page()),
    '/api/tags': () => json(200, library()),
    '/api/admin/tag-batches': () => json(200, { items: [] }),
    ...routes,
  })
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: { render: () => null } }] })
  await router.push('/admin/customers')
  const w = mount(AdminCustomers, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { w, fetchMock, router }
}

const listCalls = (fetchMock: ReturnType<typeof stubFetch>) => fetchMock.mock.calls.filter((c) => urlOf(c).pathname === LIST)

async function chooseTags(w: VueWrapper, scope: string, ids: string[]) {
  for (const id of ids) await w.get(`${scope} [data-test="picker-tag"][data-id="${id}"]`).trigger('click')
}

describe('AdminCustomers – list and filter', () => {
  it('AdminCustomers – opened – first page of everyone, rows with followers, tags and time', async () => {
    const { w, fetchMock } = await mountCustomers()
    expect(Object.fromEntries(urlOf(listCalls(fetchMock)[0]).searchParams)).toEqual({ page: '1', pageSize: '20' })
    const rows = w.findAll('[data-test="customer-row"]')
    expect(rows.map((r) => r.attributes('data-id'))).toEqual(['wm1', 'wm2'])
    expect(rows[0]?.get('[data-test="row-tag"]').text()).toBe('高意向')
    expect(rows[1]?.text()).toContain('李四（备注：李总）')
    expect(w.get('[data-test="customer-total"]').text()).toBe('共 45 位客户')
  })

  it('AdminCustomers – a customer with a mark tag – the mark tag first, in the reserved red', async () => {
    const marked = makeAdminCustomer('wm9', '天马湖', {
      tags: [
        { id: 't1', name: '高意向', color: 'orange', mark: false },
        { id: 'tm', name: '风险客户', color: 'gray', mark: true },
      ],
    })
    const { w } = await mountCustomers({ [LIST]: () => json(200, { items: [marked], total: 1 }) })
    const chips = w.findAll('[data-test="row-tag"]')
    expect(chips.map((c) => c.text())).toEqual(['风险客户', '高意向'])
    expect(chips[0]?.attributes('data-mark')).toBe('true')
    expect(chips[0]?.attributes('style')).toContain('color: rgb(196, 29, 29)')
    expect(chips[1]?.attributes('data-mark')).toBeUndefined()
  })

  it('AdminCustomers – every filter set then 查询 – sent as the query string, from page 1', async () => {
    const { w, fetchMock } = await mountCustomers()
    await w.get('[data-test="filter-q"]').setValue('王')
    await w.get('[data-test="filter-tags"]').trigger('click')
    await chooseTags(w, '[data-test="filter-tag-popup"]', ['t1', 't2'])
    await w.get('[data-test="filter-tags-done"]').trigger('click')
    await w.get('[data-test="filter-tag-mode"] input[data-mode="all"]').setValue(true)
    await w.get('[data-test="filter-userid"]').setValue('zhangsan')
    await w.get('[data-test="filter-department"]').setValue('12')
    await w.get('[data-test="filter-add-way"]').setValue('1')
    await w.get('[data-test="customer-filters"]').trigger('submit')
    await flushPromises()

    const last = urlOf(listCalls(fetchMock).at(-1))
    expect(Object.fromEntries(last.searchParams)).toEqual({
      q: '王',
      tagIds: 't1,t2',
      tagMode: 'all',
      userid: 'zhangsan',
      departmentId: '12',
      addWay: '1',
      page: '1',
      pageSize: '20',
    })
    expect(w.get('[data-test="filter-tags"]').text()).toBe('高意向、低意向')
  })

  it('AdminCustomers – added-time range picked – whole days as unix seconds', async () => {
    const { w, fetchMock } = await mountCustomers()
    await w.get('[data-test="filter-added"]').trigger('click')
    w.findComponent(Calendar).vm.$emit('confirm', [new Date(2024, 0, 1), new Date(2024, 0, 31)])
    await flushPromises()
    expect(w.get('[data-test="filter-added"]').text()).toBe('2024-01-01 至 2024-01-31')
    await w.get('[data-test="customer-filters"]').trigger('submit')
    await flushPromises()
    const params = urlOf(listCalls(fetchMock).at(-1)).searchParams
    expect(params.get('addedFrom')).toBe(String(new Date(2024, 0, 1).getTime() / 1000))
    expect(params.get('addedTo')).toBe(String(new Date(2024, 1, 1).getTime() / 1000 - 1))
  })

  it('AdminCustomers – department id not a number – error shown, nothing fetched', async () => {
    const { w, fetchMock } = await mountCustomers()
    const before = listCalls(fetchMock).length
    await w.get('[data-test="filter-department"]').setValue('销售部')
    await w.get('[data-test="customer-filters"]').trigger('submit')
    await flushPromises()
    expect(w.get('[data-test="filter-department-error"]').text()).toBe('部门 ID 应为正整数')
    expect(listCalls(fetchMock)).toHaveLength(before)
  })

  it('AdminCustomers – page 2 chosen – the same filter with page=2', async () => {
    const { w, fetchMock } = await mountCustomers()
    await w.get('[data-test="filter-q"]').setValue('王')
    await w.get('[data-test="customer-filters"]').trigger('submit')
    await flushPromises()
    await w.findAll('[data-test="customer-pagination"] .van-pagination__item--page button')[1]?.trigger('click')
    await flushPromises()
    expect(Object.fromEntries(urlOf(listCalls(fetchMock).at(-1)).searchParams)).toEqual({ q: '王', page: '2', pageSize: '20' })
  })

  it('AdminCustomers – row clicked – opens the customer page', async () => {
    const { w, router } = await mountCustomers()
    await w.get('[data-test="customer-row"][data-id="wm2"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/admin/customers/wm2')
  })

  it('AdminCustomers – checkbox clicked – row selected without opening it', async () => {
    const { w, router } = await mountCustomers()
    await w.get('[data-test="customer-row"][data-id="wm1"] [data-test="row-check"]').trigger('click')
    expect(router.currentRoute.value.path).toBe('/admin/customers')
    expect(w.get('[data-test="selected-count"]').text()).toBe('已选择 1 位')
  })
})

describe('AdminCustomers – batch tagging', () => {
  it('AdminCustomers – 选择全部 then 批量打标签 – precheck sent with the applied filter, not ids', async () => {
    const bodies: unknown[] = []
    const { w } = await mountCustomers({
      '/api/admin/tag-batches/precheck': (_url, init) => {
        bodies.push(bodyOf(init))
        return json(200, makePrecheck({ customers: 45, relations: 50 }))
      },
    })
    await w.get('[data-test="filter-q"]').setValue('王')
    await w.get('[data-test="customer-filters"]').trigger('submit')
    await flushPromises()
    // Edited after applying: the batch must still use what the list shows.
    await w.get('[data-test="filter-q"]').setValue('李')
    await w.get('[data-test="select-all-matching"]').trigger('click')
    expect(w.get('[data-test="selected-count"]').text()).toBe('已选择全部 45 位符合条件的客户')

    await w.get('[data-test="batch-add"]').trigger('click')
    await chooseTags(w, '[data-test="batch-dialog"]', ['t3'])
    await w.get('[data-test="batch-precheck"]').trigger('click')
    await flushPromises()
    expect(bodies).toEqual([{ selection: { filter: { q: '王' } }, add: ['t3'], remove: [] }])
    expect(w.get('[data-test="batch-summary"]').text()).toContain('将为 45 位客户（50 个跟进关系）添加：「展会」')
  })

  it('AdminCustomers – two rows then 批量移除标签 – precheck for those ids with remove', async () => {
    const bodies: unknown[] = []
    const { w } = await mountCustomers({
      '/api/admin/tag-batches/precheck': (_url, init) => {
        bodies.push(bodyOf(init))
        return json(200, makePrecheck())
      },
    })
    await w.get('[data-test="select-page"]').trigger('click')
    await w.get('[data-test="batch-remove"]').trigger('click')
    await chooseTags(w, '[data-test="batch-dialog"]', ['t1'])
    await w.get('[data-test="batch-precheck"]').trigger('click')
    await flushPromises()
    expect(bodies).toEqual([{ selection: { ids: ['wm1', 'wm2'] }, add: [], remove: ['t1'] }])
  })

  it('AdminCustomers – adding two tags of a 互斥 group – the second replaces the first', async () => {
    const { w } = await mountCustomers()
    await w.get('[data-test="select-all-matching"]').trigger('click')
    await w.get('[data-test="batch-add"]').trigger('click')
    await chooseTags(w, '[data-test="batch-dialog"]', ['t1', 't2'])
    expect(w.get('[data-test="batch-chosen"]').text()).toBe('将添加：「低意向」')
  })

  it('AdminCustomers – nothing selected – batch buttons disabled', async () => {
    const { w } = await mountCustomers()
    expect(w.get('[data-test="batch-add"]').attributes('disabled')).toBeDefined()
    expect(w.get('[data-test="batch-remove"]').attributes('disabled')).toBeDefined()
  })

  it('AdminCustomers – precheck with conflicts → 确认执行 → job polled each second → 下载结果', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const started: unknown[] = []
    const states = [
      makeBatchJob(7, { status: 'running', total: 2, done: 1 }),
      makeBatchJob(7, { status: 'done', total: 2, done: 1, failed: 1, finishedAt: 1_700_000_100 }),
    ]
    let polls = 0
    const { w, fetchMock } = await mountCustomers({
      '/api/admin/tag-batches/precheck': () =>
        json(
          200,
          makePrecheck({
            conflicts: [
              { externalUserId: 'wm1', name: '王小明', kind: 'mutex', detail: '已有「意向程度：低意向」，将被「高意向」替换' },
              { externalUserId: 'wm2', name: '李雷', kind: 'no_relation', detail: '已没有跟进人' },
            ],
            conflictCount: 340,
          }),
        ),
      '/api/admin/tag-batches': (_url, init) => {
        if (init?.method === 'POST') {
          started.push(bodyOf(init))
          return json(202, makeBatchJob(7))
        }
        return json(200, { items: [] })
      },
      '/api/admin/tag-batches/7': () => json(200, states[Math.min(polls++, states.length - 1)]),
    })
    await w.get('[data-test="customer-row"][data-id="wm1"] [data-test="row-check"]').trigger('click')
    await w.get('[data-test="batch-add"]').trigger('click')
    await chooseTags(w, '[data-test="batch-dialog"]', ['t1'])
    await w.get('[data-test="batch-precheck"]').trigger('click')
    await flushPromises()

    const conflicts = w.findAll('[data-test="batch-conflict"]')
    expect(conflicts.map((c) => c.attributes('data-kind'))).toEqual(['mutex', 'no_relation'])
    expect(conflicts[0]?.text()).toBe('互斥冲突王小明已有「意向程度：低意向」，将被「高意向」替换')
    expect(conflicts[1]?.text()).toContain('无跟进关系')
    expect(w.get('[data-test="batch-conflict-count"]').text()).toContain('340')
    expect(w.get('[data-test="batch-dialog"]').text()).toContain('仅列出前 2 项')

    await w.get('[data-test="batch-confirm"]').trigger('click')
    await flushPromises()
    expect(started).toEqual([{ selection: { ids: ['wm1'] }, add: ['t1'], remove: [] }])
    const progress = () => w.get('[data-test="batch-dialog"] [data-test="batch-progress"]')
    expect(progress().attributes('data-status')).toBe('queued')
    expect(progress().find('[data-test="batch-download"]').exists()).toBe(false)

    await vi.advanceTimersByTimeAsync(1000)
    expect(progress().attributes('data-status')).toBe('running')
    expect(progress().get('[data-test="batch-counts"]').text()).toBe('成功 1 · 失败 0 · 共 2')
    expect(progress().get('.van-progress__pivot').text()).toBe('50%')

    const listLoads = listCalls(fetchMock).length
    await vi.advanceTimersByTimeAsync(1000)
    expect(progress().attributes('data-status')).toBe('done')
    expect(progress().get('[data-test="batch-download"]').attributes('href')).toBe('/api/admin/tag-batches/7/result.xlsx')
    expect(listCalls(fetchMock).length).toBe(listLoads + 1)

    await vi.advanceTimersByTimeAsync(5000)
    expect(polls).toBe(2)
  })

  it('AdminCustomers – batch refused at precheck – the server message in the dialog', async () => {
    const { w } = await mountCustomers({
      '/api/admin/tag-batches/precheck': () => json(400, { error: { code: 'VALIDATION_FAILED', message: '请选择要添加或移除的标签' } }),
    })
    await w.get('[data-test="select-all-matching"]').trigger('click')
    await w.get('[data-test="batch-add"]').trigger('click')
    await chooseTags(w, '[data-test="batch-dialog"]', ['t3'])
    await w.get('[data-test="batch-precheck"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-test="batch-dialog"] [data-test="dialog-error"]').text()).toBe('请选择要添加或移除的标签')
  })
})

describe('AdminCustomers – recent jobs', () => {
  it('AdminCustomers – earlier jobs – listed with progress, finished ones downloadable', async () => {
    const { w } = await mountCustomers({
      '/api/admin/tag-batches': () =>
        json(200, {
          items: [
            makeBatchJob(9, { status: 'running', total: 10, done: 4, addNames: ['VIP'] }),
            makeBatchJob(8, { status: 'done', total: 3, done: 3, finishedAt: 1_700_000_100, removeNames: ['低意向'], addNames: [] }),
          ],
        }),
    })
    const jobs = w.findAll('[data-test="batch-job"]')
    expect(jobs.map((j) => j.attributes('data-id'))).toEqual(['9', '8'])
    expect(jobs[0]?.text()).toContain('添加「VIP」')
    expect(jobs[0]?.find('[data-test="batch-download"]').exists()).toBe(false)
    expect(jobs[1]?.text()).toContain('移除「低意向」')
    expect(jobs[1]?.get('[data-test="batch-download"]').attributes('href')).toBe('/api/admin/tag-batches/8/result.xlsx')
  })
})
