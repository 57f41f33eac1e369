import { KNOWLEDGE_IMPORT_MAX_BYTES, type KnowledgeImportJob } from '@kelan/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { apiErr, json, stubFetch, type Route } from '@/test/fetch-stub'
import AdminKnowledge from './AdminKnowledge.vue'
import { makeImportJob, makePage, makeScript, makeTree } from './knowledge.testing'

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const CATS = '/api/knowledge/categories'
const ITEMS = '/api/knowledge/items'
const IMPORT = '/api/knowledge/import'
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const method = (init: RequestInit | undefined) => init?.method ?? 'GET'

/** The page with an empty tree and list per kind, plus `routes` (the import ones). */
async function mountPage(routes: Record<string, Route> = {}) {
  const fetchMock = stubFetch({
    [CATS]: (url) => json(200, makeTree(url.searchParams.get('kind') as 'script')),
    [ITEMS]: () => json(200, makePage([makeScript(11, '金典哪里好')])),
    ...routes,
  })
  const w = mount(AdminKnowledge, { attachTo: document.body })
  await flushPromises()
  return { w, fetchMock }
}

const calls = (fetchMock: ReturnType<typeof stubFetch>, path: string, verb: string) =>
  fetchMock.mock.calls.filter(([url, init]) => new URL(String(url), 'http://x').pathname === path && method(init) === verb)

async function openImport(w: VueWrapper): Promise<void> {
  await w.get('[data-test="kn-import"]').trigger('click')
  await flushPromises()
}

/** Chooses `file` in the dialog's picker as the browser would. */
async function pick(w: VueWrapper, file: File): Promise<void> {
  const input = w.get('[data-test="kn-import-file"]')
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
  await input.trigger('change')
}

const xlsx = (name = '话术.xlsx', bytes = 64) => new File([new Uint8Array(bytes)], name, { type: XLSX })
const startButton = (w: VueWrapper) => w.get<HTMLButtonElement>('[data-test="kn-import-start"]')
const progress = (w: VueWrapper) => w.get('[data-test="kn-import-progress"]')

describe('AdminKnowledge 导入 – choosing the file', () => {
  it('导入 – opened on the 常用语 tab – dialog titled for the kind, template link for that kind', async () => {
    const { w } = await mountPage()
    await w.get('[data-test="kn-kind-tab"][data-kind="phrase"]').trigger('click')
    await flushPromises()
    await openImport(w)
    const dialog = w.get('[data-test="kn-import-dialog"]')
    expect(dialog.isVisible()).toBe(true)
    expect(dialog.get('.title').text()).toBe('导入常用语')
    expect(w.get('[data-test="kn-import-template"]').attributes('href')).toBe(`${IMPORT}/template?kind=phrase`)
    expect(startButton(w).element.disabled).toBe(true)
  })

  it('导入 – an .xls file – refused in the browser with the reason, 开始导入 stays off, nothing uploaded', async () => {
    const { w, fetchMock } = await mountPage()
    await openImport(w)
    await pick(w, new File(['x'], '话术.xls', { type: 'application/vnd.ms-excel' }))
    expect(w.get('[data-test="kn-import-file-error"]').text()).toBe('只支持 .xlsx 格式的 Excel 文件，请使用下载的模板')
    expect(w.find('[data-test="kn-import-chosen"]').exists()).toBe(false)
    expect(startButton(w).element.disabled).toBe(true)
    await startButton(w).trigger('click')
    await flushPromises()
    expect(calls(fetchMock, IMPORT, 'POST')).toHaveLength(0)
  })

  it('导入 – an xlsx over the size limit – refused before uploading; a good file then clears the error', async () => {
    const { w, fetchMock } = await mountPage()
    await openImport(w)
    await pick(w, xlsx('大文件.xlsx', KNOWLEDGE_IMPORT_MAX_BYTES + 1))
    expect(w.get('[data-test="kn-import-file-error"]').text()).toBe('文件不能超过 5 MB，请分成多个文件导入')
    expect(startButton(w).element.disabled).toBe(true)
    await pick(w, xlsx('话术.xlsx', 2048))
    expect(w.find('[data-test="kn-import-file-error"]').exists()).toBe(false)
    expect(w.get('[data-test="kn-import-chosen"]').text()).toBe('话术.xlsx（2 KB）')
    expect(startButton(w).element.disabled).toBe(false)
    expect(calls(fetchMock, IMPORT, 'POST')).toHaveLength(0)
  })
})

describe('AdminKnowledge 导入 – upload and progress', () => {
  it('开始导入 – accepted – uploads the file, shows progress each second until done, then 下载结果 and reloads list and tree', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const states: KnowledgeImportJob[] = [
      makeImportJob(5, { status: 'running', total: 10, done: 3 }),
      makeImportJob(5, { status: 'running', total: 10, done: 7, failed: 1 }),
      makeImportJob(5, { status: 'done', total: 10, done: 8, failed: 2, finishedAt: 1_700_000_100 }),
    ]
    let polls = 0
    const { w, fetchMock } = await mountPage({
      [IMPORT]: () => json(202, makeImportJob(5)),
      [`${IMPORT}/5`]: () => json(200, states[Math.min(polls++, states.length - 1)]),
    })
    await openImport(w)
    const file = xlsx()
    await pick(w, file)
    await startButton(w).trigger('click')
    await flushPromises()

    const [url, init] = calls(fetchMock, IMPORT, 'POST')[0] ?? []
    expect(new URL(String(url), 'http://x').searchParams.get('kind')).toBe('script')
    expect((init?.body as FormData).get('file')).toBe(file)
    expect(progress(w).attributes('data-status')).toBe('queued')
    expect(w.find('[data-test="kn-import-result"]').exists()).toBe(false)

    await vi.advanceTimersByTimeAsync(1000)
    expect(progress(w).attributes('data-status')).toBe('running')
    expect(w.get('[data-test="kn-import-counts"]').text()).toBe('成功 3 · 失败 0 · 共 10')
    expect(progress(w).get('.van-progress__pivot').text()).toBe('30%')

    const listLoads = calls(fetchMock, ITEMS, 'GET').length
    const treeLoads = calls(fetchMock, CATS, 'GET').length
    await vi.advanceTimersByTimeAsync(2000)
    expect(progress(w).attributes('data-status')).toBe('done')
    expect(w.get('[data-test="kn-import-counts"]').text()).toBe('成功 8 · 失败 2 · 共 10')
    expect(w.get('[data-test="kn-import-result"]').attributes('href')).toBe(`${IMPORT}/5/result.xlsx`)
    expect(calls(fetchMock, ITEMS, 'GET').length).toBe(listLoads + 1)
    expect(calls(fetchMock, CATS, 'GET').length).toBe(treeLoads + 1)

    await vi.advanceTimersByTimeAsync(3000)
    expect(polls).toBe(3)
  })

  it('开始导入 – job ends failed – its reason shown with the result link, polling stops', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const poll = vi.fn(() => json(200, makeImportJob(6, { status: 'failed', error: '表头与模板不一致' })))
    const { w } = await mountPage({ [IMPORT]: () => json(202, makeImportJob(6)), [`${IMPORT}/6`]: poll })
    await openImport(w)
    await pick(w, xlsx())
    await startButton(w).trigger('click')
    await flushPromises()
    await vi.advanceTimersByTimeAsync(3000)
    expect(progress(w).attributes('data-status')).toBe('failed')
    expect(w.get('[data-test="kn-import-job-error"]').text()).toBe('表头与模板不一致')
    expect(w.find('[data-test="kn-import-result"]').exists()).toBe(true)
    expect(poll).toHaveBeenCalledOnce()
  })

  it('开始导入 – server answers 400 – its message inline, the chosen file kept, retry possible', async () => {
    const upload = vi.fn(() => apiErr(400, 'VALIDATION_FAILED', '每次最多导入 5000 行，请分成多个文件'))
    const { w } = await mountPage({ [IMPORT]: upload })
    await openImport(w)
    await pick(w, xlsx('很多行.xlsx'))
    await startButton(w).trigger('click')
    await flushPromises()
    expect(w.get('[data-test="kn-import-error"]').text()).toBe('每次最多导入 5000 行，请分成多个文件')
    expect(w.get('[data-test="kn-import-chosen"]').text()).toContain('很多行.xlsx')
    expect(w.find('[data-test="kn-import-progress"]').exists()).toBe(false)
    expect(startButton(w).element.disabled).toBe(false)
    await startButton(w).trigger('click')
    await flushPromises()
    expect(upload).toHaveBeenCalledTimes(2)
  })

  it('开始导入 – server answers 413 – the size message inline', async () => {
    const { w } = await mountPage({ [IMPORT]: () => apiErr(413, 'PAYLOAD_TOO_LARGE', '文件不能超过 5 MB') })
    await openImport(w)
    await pick(w, xlsx())
    await startButton(w).trigger('click')
    await flushPromises()
    expect(w.get('[data-test="kn-import-error"]').text()).toBe('文件不能超过 5 MB')
  })

  it('导入 – dialog closed while running – job still followed; list reloaded when it is done', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const states = [makeImportJob(7, { status: 'running', total: 2 }), makeImportJob(7, { status: 'done', total: 2, done: 2 })]
    let polls = 0
    const { w, fetchMock } = await mountPage({
      [IMPORT]: () => json(202, makeImportJob(7)),
      [`${IMPORT}/7`]: () => json(200, states[Math.min(polls++, states.length - 1)]),
    })
    await openImport(w)
    await pick(w, xlsx())
    await startButton(w).trigger('click')
    await flushPromises()
    await vi.advanceTimersByTimeAsync(1000)
    await w.get('[data-test="kn-import-close"]').trigger('click')
    await flushPromises()
    await openImport(w)
    expect(progress(w).attributes('data-status')).toBe('running')
    await w.get('[data-test="kn-import-close"]').trigger('click')
    const listLoads = calls(fetchMock, ITEMS, 'GET').length
    await vi.advanceTimersByTimeAsync(1000)
    expect(calls(fetchMock, ITEMS, 'GET').length).toBe(listLoads + 1)
    await openImport(w)
    expect(w.find('[data-test="kn-import-progress"]').exists()).toBe(false)
    expect(w.find('[data-test="kn-import-chosen"]').exists()).toBe(false)
  })
})
