import type { TagLibrary } from '@kelan/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { VueDraggable } from 'vue-draggable-plus'
import { makeSyncRun } from '@/test/admin-factories'
import { makeLibraryGroup, makeLibraryTag } from '@/test/factories'
import { json, stubFetch, type Route } from '@/test/fetch-stub'
import AdminTagLibrary from './AdminTagLibrary.vue'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
  document.body.innerHTML = ''
})

const LIB = '/api/admin/tags'
const noSync: Record<string, Route> = { '/api/sync/last': () => json(200, { run: null }) }

const library = (): TagLibrary => ({
  groups: [
    makeLibraryGroup('意向程度', [makeLibraryTag('高', { id: 't1', customerCount: 12 }), makeLibraryTag('低', { id: 't2', customerCount: 3, color: 'gray' })], {
      id: 'g1',
      exclusive: true,
      description: '销售判断的购买意向',
      color: 'orange',
    }),
    makeLibraryGroup('客户来源', [makeLibraryTag('展会', { id: 't3', origin: 'console' })], { id: 'g2', origin: 'console' }),
    makeLibraryGroup('新建中', [makeLibraryTag('待定', { id: 'kl_t4', pending: true })], { id: 'kl_g3', pending: true }),
  ],
})

/** A request body sent to the stub, parsed. */
const bodyOf = (init: RequestInit | undefined): unknown => JSON.parse(String(init?.body))
const method = (init: RequestInit | undefined) => init?.method ?? 'GET'

async function mountLibrary(routes: Record<string, Route> = {}) {
  const fetchMock = stubFetch({ [LIB]: () => json(200, library()), ...noSync, ...routes })
  const w = mount(AdminTagLibrary, { attachTo: document.body })
  await flushPromises()
  return { w, fetchMock }
}

const group = (w: VueWrapper, id: string) => w.get(`[data-test="tag-group"][data-id="${id}"]`)
const calls = (fetchMock: ReturnType<typeof stubFetch>, path: string, verb: string) =>
  fetchMock.mock.calls.filter(([url, init]) => new URL(String(url), 'http://x').pathname === path && method(init) === verb)

async function fill(w: VueWrapper, selector: string, value: string, index = 0) {
  await w.findAll(`${selector} input`)[index]?.setValue(value)
}

describe('AdminTagLibrary – rendering', () => {
  it('AdminTagLibrary – library loads – groups in order with colour, 互斥, description and counted chips', async () => {
    const { w } = await mountLibrary()
    expect(w.findAll('[data-test="tag-group"]').map((g) => g.attributes('data-id'))).toEqual(['g1', 'g2', 'kl_g3'])
    const g1 = group(w, 'g1')
    expect(g1.get('[data-test="group-name"]').text()).toBe('意向程度')
    expect(g1.find('[data-test="exclusive-badge"]').text()).toBe('互斥')
    expect(g1.get('[data-test="group-description"]').text()).toBe('销售判断的购买意向')
    const chips = g1.findAll('[data-test="tag-chip"]')
    expect(chips.map((c) => c.attributes('data-id'))).toEqual(['t1', 't2'])
    expect(chips[0]?.get('[data-test="tag-count"]').text()).toBe('12')
    expect(chips[1]?.attributes('style')).toContain('background: rgb(240, 241, 243)')
  })

  it('AdminTagLibrary – console group – 只读 badge, no drag handle, delete disabled with a tooltip', async () => {
    const { w } = await mountLibrary()
    const g2 = group(w, 'g2')
    expect(g2.get('[data-test="origin-badge"]').text()).toBe('企业微信后台创建 · 只读')
    expect(g2.find('[data-test="group-handle"]').exists()).toBe(false)
    const del = g2.get('[data-test="delete-group"]')
    expect(del.attributes('disabled')).toBeDefined()
    expect(del.element.parentElement?.getAttribute('title')).toContain('企业微信后台创建')
    expect(g2.get('[data-test="tag-chip"]').classes()).toContain('is-readonly')
    expect(group(w, 'g1').find('[data-test="group-handle"]').exists()).toBe(true)
  })

  it('AdminTagLibrary – group and tag not yet confirmed by WeCom – 同步中 shown', async () => {
    const { w } = await mountLibrary()
    expect(group(w, 'kl_g3').get('[data-test="pending-badge"]').text()).toBe('同步中')
    expect(group(w, 'kl_g3').get('[data-test="tag-chip"]').attributes('data-pending')).toBe('true')
    expect(group(w, 'g1').find('[data-test="pending-badge"]').exists()).toBe(false)
  })

  it('AdminTagLibrary – console tag chosen – 删除标签 disabled in the menu', async () => {
    const { w } = await mountLibrary()
    await group(w, 'g2').get('[data-test="tag-chip"]').trigger('click')
    const items = w.get('[data-test="tag-actions"]').findAll('.van-action-sheet__item')
    expect(items.map((i) => i.text())).toEqual(['编辑标签', expect.stringContaining('删除标签')])
    expect(items[1]?.classes()).toContain('van-action-sheet__item--disabled')
    await items[1]?.trigger('click')
    await flushPromises()
    expect(w.find('[data-test="admin-dialog"]').exists()).toBe(false)
  })
})

describe('AdminTagLibrary – create group', () => {
  it('AdminTagLibrary – new group without any tag – refused with a message, nothing sent', async () => {
    const { w, fetchMock } = await mountLibrary()
    await w.get('[data-test="new-group"]').trigger('click')
    await fill(w, '[data-test="group-name-input"]', '行业')
    await w.get('[data-test="save-group"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-test="tags-error"]').text()).toBe('标签组至少要有一个标签')
    expect(calls(fetchMock, '/api/admin/tag-groups', 'POST')).toHaveLength(0)
  })

  it('AdminTagLibrary – group name over 30 characters – refused on the name field', async () => {
    const { w, fetchMock } = await mountLibrary()
    await w.get('[data-test="new-group"]').trigger('click')
    await fill(w, '[data-test="group-name-input"]', '名'.repeat(31))
    await fill(w, '[data-test="group-dialog"] [data-test="tag-name-input"]', '制造业')
    await w.get('[data-test="save-group"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-test="group-dialog"]').text()).toContain('名称不能超过 30 个字')
    expect(calls(fetchMock, '/api/admin/tag-groups', 'POST')).toHaveLength(0)
  })

  it('AdminTagLibrary – name, colour, 互斥 and two tag rows – POSTs the group and reloads the library', async () => {
    const created = makeLibraryGroup('行业', [makeLibraryTag('制造业', { id: 'kl_a' })], { id: 'kl_new' })
    const { w, fetchMock } = await mountLibrary({ '/api/admin/tag-groups': () => json(201, created) })
    await w.get('[data-test="new-group"]').trigger('click')
    await fill(w, '[data-test="group-name-input"]', '行业')
    await w.get('[data-test="group-dialog"] [data-color="green"]').trigger('click')
    await w.get('[data-test="exclusive-switch"]').trigger('click')
    await w.get('[data-test="add-tag-row"]').trigger('click')
    await fill(w, '[data-test="group-dialog"] [data-test="tag-name-input"]', '制造业', 0)
    await fill(w, '[data-test="group-dialog"] [data-test="tag-name-input"]', '零售', 1)
    const loadsBefore = calls(fetchMock, LIB, 'GET').length
    await w.get('[data-test="save-group"]').trigger('click')
    await flushPromises()
    const [post] = calls(fetchMock, '/api/admin/tag-groups', 'POST')
    expect(bodyOf(post?.[1])).toEqual({
      name: '行业',
      color: 'green',
      exclusive: true,
      description: '',
      tags: [{ name: '制造业' }, { name: '零售' }],
    })
    expect(calls(fetchMock, LIB, 'GET').length).toBe(loadsBefore + 1)
  })

  it('AdminTagLibrary – a row removed – its name is not sent', async () => {
    const created = makeLibraryGroup('行业', [makeLibraryTag('零售', { id: 'kl_a' })], { id: 'kl_new' })
    const { w, fetchMock } = await mountLibrary({ '/api/admin/tag-groups': () => json(201, created) })
    await w.get('[data-test="new-group"]').trigger('click')
    await fill(w, '[data-test="group-name-input"]', '行业')
    await w.get('[data-test="add-tag-row"]').trigger('click')
    await fill(w, '[data-test="group-dialog"] [data-test="tag-name-input"]', '制造业', 0)
    await fill(w, '[data-test="group-dialog"] [data-test="tag-name-input"]', '零售', 1)
    await w.findAll('[data-test="remove-tag-row"]')[0]?.trigger('click')
    await w.get('[data-test="save-group"]').trigger('click')
    await flushPromises()
    const [post] = calls(fetchMock, '/api/admin/tag-groups', 'POST')
    expect((bodyOf(post?.[1]) as { tags: unknown }).tags).toEqual([{ name: '零售' }])
  })
})

describe('AdminTagLibrary – 互斥 conflicts', () => {
  const conflict = () =>
    json(409, {
      error: {
        code: 'MUTEX_CONFLICT',
        message: '有客户同时带有该组的多个标签',
        details: {
          customers: [
            { externalUserId: 'wm1', name: '王小明', tagNames: ['展会', '官网'] },
            { externalUserId: 'wm2', name: '李雷', tagNames: ['展会', '转介绍'] },
          ],
          count: 75,
        },
      },
    })

  it('AdminTagLibrary – turning on 互斥 refused – lists the customers; 保留最新标签并继续 resends with keep_latest', async () => {
    const patches: unknown[] = []
    const g = library().groups[1]!
    const { w } = await mountLibrary({
      '/api/admin/tag-groups/g2': (_url, init) => {
        const body = bodyOf(init) as { resolve?: string }
        patches.push(body)
        return body.resolve === 'keep_latest' ? json(200, { ...g, exclusive: true }) : conflict()
      },
    })
    await group(w, 'g2').get('[data-test="edit-group"]').trigger('click')
    await w.get('[data-test="exclusive-switch"]').trigger('click')
    await w.get('[data-test="save-group"]').trigger('click')
    await flushPromises()

    const panel = w.get('[data-test="mutex-conflict"]')
    expect(panel.text()).toContain('有 75 位客户')
    expect(panel.findAll('[data-test="mutex-conflict-customer"]').map((li) => li.text())).toEqual(['王小明：展会、官网', '李雷：展会、转介绍'])
    expect(panel.text()).toContain('等共 75 位客户')
    expect(patches).toEqual([{ exclusive: true }])

    await panel.get('[data-test="keep-latest"]').trigger('click')
    await flushPromises()
    expect(patches[1]).toEqual({ exclusive: true, resolve: 'keep_latest' })
    expect(w.get('[data-test="group-dialog"]').isVisible()).toBe(false)
  })

  it('AdminTagLibrary – console group edited – name locked, colour still sent', async () => {
    const patches: unknown[] = []
    const { w } = await mountLibrary({
      '/api/admin/tag-groups/g2': (_url, init) => {
        patches.push(bodyOf(init))
        return json(200, library().groups[1])
      },
    })
    await group(w, 'g2').get('[data-test="edit-group"]').trigger('click')
    expect(w.get('[data-test="group-name-input"] input').attributes('disabled')).toBeDefined()
    await w.get('[data-test="group-dialog"] [data-color="pink"]').trigger('click')
    await w.get('[data-test="save-group"]').trigger('click')
    await flushPromises()
    expect(patches).toEqual([{ color: 'pink' }])
  })
})

describe('AdminTagLibrary – deleting', () => {
  const confirm = async (w: VueWrapper) => {
    await w.get('[data-test="admin-dialog"] .van-dialog__confirm').trigger('click')
    await flushPromises()
  }

  it('AdminTagLibrary – tag still in use – says how many customers carry it', async () => {
    const { w, fetchMock } = await mountLibrary({
      '/api/admin/tags/t1': () => json(409, { error: { code: 'TAG_IN_USE', message: '标签使用中', details: { customers: 12 } } }),
    })
    await group(w, 'g1').get('[data-test="tag-chip"]').trigger('click')
    await w.findAll('[data-test="tag-actions"] .van-action-sheet__item')[1]?.trigger('click')
    await flushPromises()
    expect(w.get('[data-test="admin-dialog"]').text()).toContain('确定删除标签「高」吗')
    await confirm(w)
    expect(calls(fetchMock, '/api/admin/tags/t1', 'DELETE')).toHaveLength(1)
    expect(w.get('[data-test="admin-dialog"] .van-dialog__message').text()).toBe('12 位客户正在使用该标签，无法删除')
  })

  it('AdminTagLibrary – delete cancelled – nothing sent', async () => {
    const { w, fetchMock } = await mountLibrary()
    await group(w, 'g1').get('[data-test="delete-group"]').trigger('click')
    await w.get('[data-test="admin-dialog"] .van-dialog__cancel').trigger('click')
    await flushPromises()
    expect(fetchMock.mock.calls.filter(([, init]) => method(init) === 'DELETE')).toHaveLength(0)
  })

  it('AdminTagLibrary – group that still has tags – shows GROUP_NOT_EMPTY', async () => {
    const { w } = await mountLibrary({
      '/api/admin/tag-groups/g1': () => json(409, { error: { code: 'GROUP_NOT_EMPTY', message: '请先移除标签组下的标签再删除' } }),
    })
    await group(w, 'g1').get('[data-test="delete-group"]').trigger('click')
    await confirm(w)
    expect(w.get('[data-test="admin-dialog"] .van-dialog__message').text()).toBe('请先移除标签组下的标签再删除')
  })

  it('AdminTagLibrary – tag deleted – library reloaded without it', async () => {
    let deleted = false
    const { w } = await mountLibrary({
      [LIB]: () => {
        const lib = library()
        if (deleted) lib.groups[0]!.tags = lib.groups[0]!.tags.filter((t) => t.id !== 't2')
        return json(200, lib)
      },
      '/api/admin/tags/t2': () => {
        deleted = true
        return new Response(null, { status: 204 })
      },
    })
    await group(w, 'g1').findAll('[data-test="tag-chip"]')[1]?.trigger('click')
    await w.findAll('[data-test="tag-actions"] .van-action-sheet__item')[1]?.trigger('click')
    await confirm(w)
    expect(group(w, 'g1').findAll('[data-test="tag-chip"]').map((c) => c.attributes('data-id'))).toEqual(['t1'])
  })
})

describe('AdminTagLibrary – reordering', () => {
  it('AdminTagLibrary – group dragged to the top – shown at once and PUT with every id in order', async () => {
    let release: () => void = () => {}
    const bodies: unknown[] = []
    const { w } = await mountLibrary({
      '/api/admin/tag-groups/order': async (_url, init) => {
        bodies.push(bodyOf(init))
        await new Promise<void>((r) => (release = r))
        return json(200, library())
      },
    })
    w.findComponent(VueDraggable).vm.$emit('update', { oldIndex: 2, newIndex: 0, oldDraggableIndex: 2, newDraggableIndex: 0 })
    await flushPromises()
    expect(w.findAll('[data-test="tag-group"]').map((g) => g.attributes('data-id'))).toEqual(['kl_g3', 'g1', 'g2'])
    expect(bodies).toEqual([{ ids: ['kl_g3', 'g1', 'g2'] }])
    release()
    await flushPromises()
  })

  it('AdminTagLibrary – tag dragged within its group – PUT …/order with the group’s tag ids', async () => {
    const bodies: unknown[] = []
    const { w } = await mountLibrary({
      '/api/admin/tag-groups/g1/order': (_url, init) => {
        bodies.push(bodyOf(init))
        return json(200, library().groups[0])
      },
    })
    group(w, 'g1').findComponent(VueDraggable).vm.$emit('update', { oldIndex: 1, newIndex: 0, oldDraggableIndex: 1, newDraggableIndex: 0 })
    await flushPromises()
    expect(bodies).toEqual([{ ids: ['t2', 't1'] }])
  })

  it('AdminTagLibrary – reorder refused – message shown and the server order restored', async () => {
    const { w } = await mountLibrary({
      '/api/admin/tag-groups/order': () => json(403, { error: { code: 'TAG_READ_ONLY', message: '该标签由企业微信后台创建，应用无权修改' } }),
    })
    w.findComponent(VueDraggable).vm.$emit('update', { oldIndex: 0, newIndex: 2 })
    await flushPromises()
    expect(w.get('[data-test="admin-dialog"] .van-dialog__message').text()).toContain('应用无权修改')
    expect(w.findAll('[data-test="tag-group"]').map((g) => g.attributes('data-id'))).toEqual(['g1', 'g2', 'kl_g3'])
  })
})

describe('AdminTagLibrary – sync', () => {
  it('AdminTagLibrary – 从企业微信同步 – polls until done, shows the counts and reloads the library', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    let last = makeSyncRun(1, { status: 'done', finishedAt: 1_700_000_000 })
    const running = makeSyncRun(2, { status: 'running', finishedAt: null, counts: null })
    const { w, fetchMock } = await mountLibrary({
      '/api/sync/last': () => json(200, { run: last }),
      '/api/sync': () => {
        last = running
        return json(202, { run: running })
      },
    })
    const loads = calls(fetchMock, LIB, 'GET').length
    await w.get('[data-test="sync-now"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-test="sync-panel"]').attributes('data-status')).toBe('running')

    await vi.advanceTimersByTimeAsync(2000)
    expect(calls(fetchMock, LIB, 'GET').length).toBe(loads)
    last = makeSyncRun(2, { counts: { departments: 2, staff: 5, tagGroups: 3, tags: 9, customers: 40, relations: 44 } })
    await vi.advanceTimersByTimeAsync(2000)
    await flushPromises()
    expect(w.get('[data-test="sync-panel"]').attributes('data-status')).toBe('done')
    expect(w.get('[data-test="sync-counts"]').text()).toContain('客户 40')
    expect(calls(fetchMock, LIB, 'GET').length).toBe(loads + 1)
  })

  it('AdminTagLibrary – a sync already running – says 同步正在进行中', async () => {
    const { w } = await mountLibrary({
      '/api/sync': () => json(409, { error: { code: 'SYNC_RUNNING', message: '同步正在进行中' } }),
    })
    await w.get('[data-test="sync-now"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-test="sync-notice"]').text()).toBe('同步正在进行中')
  })
})
