import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { json, stubFetch, type Route } from '@/test/fetch-stub'
import AdminMarkImportDialog from './AdminMarkImportDialog.vue'
import { makeMarkImportJob, MARKS } from './marks.testing'

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const IMPORT = `${MARKS}/import`
const method = (init: RequestInit | undefined) => init?.method ?? 'GET'

async function mountDialog(routes: Record<string, Route> = {}) {
  const fetchMock = stubFetch(routes)
  const w = mount(AdminMarkImportDialog, { props: { show: false }, attachTo: document.body })
  await w.setProps({ show: true })
  await flushPromises()
  return { w, fetchMock }
}

async function pick(w: VueWrapper, file: File): Promise<void> {
  const input = w.get('[data-test="mark-import-file"]')
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
  await input.trigger('change')
}

const progress = (w: VueWrapper) => w.get('[data-test="mark-import-progress"]')

describe('AdminMarkImportDialog', () => {
  it('导入 – opened – the template link and the start button disabled until a file is chosen', async () => {
    const { w } = await mountDialog()
    expect(w.get('[data-test="mark-import-template"]').attributes('href')).toBe(`${IMPORT}/template`)
    expect(w.get('[data-test="mark-import-start"]').attributes('disabled')).toBeDefined()
  })

  it('导入 – an .xls file – refused with the reason, nothing uploaded', async () => {
    const { w, fetchMock } = await mountDialog()
    await pick(w, new File(['x'], '标记.xls'))
    expect(w.get('[data-test="mark-import-file-error"]').text()).toBe('只支持 .xlsx 或 .csv 文件，请使用下载的模板')
    expect(w.get('[data-test="mark-import-start"]').attributes('disabled')).toBeDefined()
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('导入 – a csv accepted – uploads it, shows progress each second until done, then 下载结果 and finished', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const states = [
      makeMarkImportJob(4, { status: 'running', done: 1, fileName: '标记.csv' }),
      makeMarkImportJob(4, { status: 'done', done: 2, failed: 1, fileName: '标记.csv', finishedAt: 1_700_000_100 }),
    ]
    let polls = 0
    const { w, fetchMock } = await mountDialog({
      [IMPORT]: () => json(202, makeMarkImportJob(4, { fileName: '标记.csv' })),
      [`${IMPORT}/4`]: () => json(200, states[Math.min(polls++, states.length - 1)]),
    })
    await pick(w, new File(['客户账号或UnionID,标签\nwm1,风险客户\n'], '标记.csv', { type: 'text/csv' }))
    expect(w.get('[data-test="mark-import-chosen"]').text()).toBe('标记.csv')
    await w.get('[data-test="mark-import-start"]').trigger('click')
    await flushPromises()

    const upload = fetchMock.mock.calls.find(([url, init]) => String(url) === IMPORT && method(init) === 'POST')
    expect((upload?.[1]?.body as FormData).get('file')).toBeInstanceOf(File)
    expect(progress(w).attributes('data-status')).toBe('queued')

    await vi.advanceTimersByTimeAsync(1000)
    expect(progress(w).attributes('data-status')).toBe('running')
    expect(w.get('[data-test="mark-import-counts"]').text()).toBe('成功 1 · 失败 0 · 共 3')
    expect(w.find('[data-test="mark-import-result"]').exists()).toBe(false)

    await vi.advanceTimersByTimeAsync(1000)
    expect(progress(w).attributes('data-status')).toBe('done')
    expect(w.get('[data-test="mark-import-counts"]').text()).toBe('成功 2 · 失败 1 · 共 3')
    expect(w.get('[data-test="mark-import-result"]').attributes('href')).toBe(`${IMPORT}/4/result.xlsx`)
    expect(w.emitted('finished')).toHaveLength(1)

    await vi.advanceTimersByTimeAsync(3000)
    expect(polls).toBe(2)
  })

  it('导入 – the server refuses the file – its message shows and no progress appears', async () => {
    const { w } = await mountDialog({
      [IMPORT]: () => json(400, { error: { code: 'VALIDATION_FAILED', message: '第 1 行缺少表头「标签」' } }),
    })
    await pick(w, new File(['x'], '标记.xlsx'))
    await w.get('[data-test="mark-import-start"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-test="mark-import-error"]').text()).toBe('第 1 行缺少表头「标签」')
    expect(w.find('[data-test="mark-import-progress"]').exists()).toBe(false)
  })
})
