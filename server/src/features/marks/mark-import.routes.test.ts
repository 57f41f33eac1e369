import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { MARK_IMPORT_MAX_BYTES, MARK_IMPORT_MAX_ROWS, type ErrorBody, type MarkImportJob, type MarkPage } from '@kelan/shared'
import { createApp } from '../../app'
import type { Deps } from '../../deps'
import { createJobRunner } from '../../jobs/job-runner'
import { relationTagIds } from '../../test/helpers'
import { SESSION_COOKIE } from '../auth/auth.domain'
import { createSession } from '../auth/auth.service'
import { runMarkImportChunk } from './mark-import.handler'
import { addCustomer, allMarks, call, grantMarks, PEER, RISK, setupMarksCorp } from './marks-admin.testing'

const silent = { info: () => {}, warn: () => {}, error: () => {} }
const HEADER = ['客户账号或UnionID', '标签', '备注（选填）', '原因（选填）']
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

async function xlsxFile(header: readonly string[], rows: readonly (string | null)[][]): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('Sheet1')
  sheet.addRow([...header])
  for (const row of rows) sheet.addRow(row)
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer)
}

const csvLines = (rows: readonly string[][]) => [HEADER, ...rows].map((r) => r.join(',')).join('\r\n')

function form(bytes: Uint8Array<ArrayBuffer>, name = '导入.xlsx', type = XLSX_TYPE): FormData {
  const data = new FormData()
  data.append('file', new File([bytes], name, { type }))
  return data
}

const upload = (deps: Deps, body: RequestInit['body'], opts: { as?: string; query?: string; headers?: Record<string, string> } = {}) =>
  call(deps, `/api/admin/marks/import${opts.query ?? ''}`, { as: opts.as ?? 'admin', method: 'POST', body, headers: opts.headers })

async function readSheet(res: Response): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(await res.arrayBuffer())
  const rows: string[][] = []
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))))
  return rows
}

const errorOf = async (res: Response) => ((await res.json()) as ErrorBody).error

/** Uploads, asserts 202, runs the job runner to the end and answers the finished job. */
async function importAndRun(deps: Deps, body: RequestInit['body'], query = ''): Promise<MarkImportJob> {
  const res = await upload(deps, body, { query })
  expect(res.status).toBe(202)
  const { id } = (await res.json()) as MarkImportJob
  await createJobRunner(deps, { pollMs: 10, logger: silent }).drain()
  return (await (await call(deps, `/api/admin/marks/import/${id}`, { as: 'admin' })).json()) as MarkImportJob
}

/** The corp with wmA (unionid oUA, followed by lisi) and wmB (followed by wangwu), wmB already marked. */
async function corpWithCustomers() {
  const deps = setupMarksCorp()
  addCustomer(deps.db, 'wmA', { name: '王小明', unionid: 'oUA', followers: ['lisi'] })
  addCustomer(deps.db, 'wmB', { name: '李小红', followers: ['wangwu'] })
  const res = await call(deps, '/api/admin/marks', { as: 'admin', method: 'POST', json: { customers: [{ externalUserId: 'wmB' }], tagId: RISK } })
  expect(res.status).toBe(201)
  return deps
}

describe('mark import – template', () => {
  it('template – admin – an xlsx whose first sheet is the header row only', async () => {
    const res = await call(setupMarksCorp(), '/api/admin/marks/import/template', { as: 'admin' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(XLSX_TYPE)
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''")
    expect(await readSheet(res)).toEqual([HEADER])
  })
})

describe('mark import – rows', () => {
  it('import xlsx – good and bad rows – good ones marked (source import), bad ones failed with the reason, result file per row', async () => {
    const deps = await corpWithCustomers()
    const job = await importAndRun(
      deps,
      form(
        await xlsxFile(HEADER, [
          ['wmA', '同行', '勿联系', '打探价格'],
          ['oNEW1', '风险客户', null, null],
          ['wmB', '风险客户', null, null],
          ['wmGHOST', '风险客户', null, null],
          ['oUX', 'A类', null, null],
          [null, null, null, null],
          ['', '风险客户', '字'.repeat(21), null],
        ]),
      ),
    )
    expect(job).toMatchObject({ status: 'done', total: 6, done: 2, failed: 4, fileName: '导入.xlsx' })
    const page = (await (await call(deps, '/api/admin/marks?source=import', { as: 'admin' })).json()) as MarkPage
    expect(page.items.map((m) => [m.externalUserId, m.unionid, m.tag.name, m.remark, m.reason])).toEqual([
      ['', 'oNEW1', '风险客户', '【风险客户】', ''],
      ['wmA', 'oUA', '同行', '勿联系', '打探价格'],
    ])
    expect(relationTagIds(deps.db, 'wmA', 'lisi')).toEqual([PEER])
    // Each mark keeps its tag's name (the default remark is made of it, whatever the tag is renamed to).
    expect(allMarks(deps.db).filter((m) => m.source === 'import').map((m) => m.tagName)).toEqual(['同行', '风险客户'])
    const result = await readSheet(await call(deps, `/api/admin/marks/import/${job.id}/result.xlsx`, { as: 'admin' }))
    expect(result).toEqual([
      ['行号', '客户', '结果', '说明'],
      ['2', '王小明（wmA）', '成功', '已标记'],
      ['3', 'oNEW1', '成功', '已标记（尚无员工添加该客户，添加后自动生效）'],
      ['4', '李小红（wmB）', '失败', '该客户已在标记名单中'],
      ['5', 'wmGHOST', '失败', '客户不存在'],
      ['6', 'oUX', '失败', '「A类」不是客户标记标签'],
      ['8', '', '失败', '请填写客户账号或UnionID；备注最多 20 个字'],
    ])
  })

  it('import csv – UTF-8 with BOM, a unionid of a known customer, the same customer twice – marked once, the repeat refused', async () => {
    const deps = await corpWithCustomers()
    const csv = `\uFEFF${csvLines([['oUA', '风险客户', '', '重复投诉'], ['wmA', '风险客户', '', '']])}`
    const job = await importAndRun(deps, form(new TextEncoder().encode(csv), '标记.csv', 'text/csv'))
    expect(job).toMatchObject({ status: 'done', total: 2, done: 1, failed: 1, fileName: '标记.csv' })
    expect(allMarks(deps.db).find((m) => m.externalUserid === 'wmA')).toMatchObject({ source: 'import', reason: '重复投诉', unionid: 'oUA' })
  })

  it('import csv – GBK encoded (Excel on Chinese Windows), sent as the raw body – read and marked', async () => {
    const deps = await corpWithCustomers()
    const bytes = encodeGb18030(csvLines([['wmA', '风险客户', '', '']]))
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow()
    const job = await importAndRun(deps, bytes, '?fileName=gbk.csv')
    expect(job).toMatchObject({ status: 'done', done: 1, failed: 0, fileName: 'gbk.csv' })
  })

  it('import – stopped after the first chunk (a restart) – resumes from the pending rows, each row marked once', async () => {
    const deps = await corpWithCustomers()
    addCustomer(deps.db, 'wmC', { followers: ['lisi'] })
    const res = await upload(deps, form(await xlsxFile(HEADER, [['wmA', '风险客户', null, null], ['wmC', '同行', null, null]])))
    const { id } = (await res.json()) as MarkImportJob
    expect(runMarkImportChunk(deps, { size: 1, budgetMs: 1000 }, silent)).toEqual({ jobId: id, processed: 1, finished: false })
    const midway = (await (await call(deps, `/api/admin/marks/import/${id}`, { as: 'admin' })).json()) as MarkImportJob
    expect(midway).toMatchObject({ status: 'running', done: 1, failed: 0 })
    await createJobRunner(deps, { pollMs: 10, logger: silent }).drain()
    const job = (await (await call(deps, `/api/admin/marks/import/${id}`, { as: 'admin' })).json()) as MarkImportJob
    expect(job).toMatchObject({ status: 'done', done: 2, failed: 0 })
    expect(allMarks(deps.db).map((m) => m.externalUserid).sort()).toEqual(['wmA', 'wmB', 'wmC'])
  })

  it('import – the uploader lost the grant before the job ran – job failed, every row failed with the reason', async () => {
    const deps = await corpWithCustomers()
    grantMarks(deps.db, 'lisi')
    const res = await upload(deps, form(await xlsxFile(HEADER, [['wmA', '风险客户', null, null]])), { as: 'lisi' })
    expect(res.status).toBe(202)
    deps.db.$client.prepare("delete from staff_grants where userid = 'lisi'").run()
    await createJobRunner(deps, { pollMs: 10, logger: silent }).drain()
    const { id } = (await res.json()) as MarkImportJob
    const job = (await (await call(deps, `/api/admin/marks/import/${id}`, { as: 'admin' })).json()) as MarkImportJob
    expect(job).toMatchObject({ status: 'failed', done: 0, failed: 1, error: '发起人已离职或不再有客户标记管理权限，任务已停止' })
    expect(allMarks(deps.db)).toHaveLength(1)
  })

  it('result file – before the runner ran – every row reads 待处理', async () => {
    const deps = await corpWithCustomers()
    const res = await upload(deps, form(await xlsxFile(HEADER, [['wmA', '风险客户', null, null]])))
    const { id } = (await res.json()) as MarkImportJob
    const rows = await readSheet(await call(deps, `/api/admin/marks/import/${id}/result.xlsx`, { as: 'admin' }))
    expect(rows).toEqual([['行号', '客户', '结果', '说明'], ['2', '王小明（wmA）', '待处理', '']])
  })
})

describe('mark import – refused uploads', () => {
  it('upload – larger than the limit, raw body – 413 PAYLOAD_TOO_LARGE, no job', async () => {
    const deps = setupMarksCorp()
    const res = await upload(deps, new Uint8Array(MARK_IMPORT_MAX_BYTES + 1), { headers: { 'content-type': 'text/csv' } })
    expect(res.status).toBe(413)
    expect((await errorOf(res)).code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('upload – larger than the limit, streamed without a length – 413 while reading', async () => {
    const deps = setupMarksCorp()
    const chunk = new Uint8Array(1024 * 1024)
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 10 * MARK_IMPORT_MAX_BYTES) return controller.close()
        sent += chunk.length
        controller.enqueue(chunk)
      },
    })
    const headers = { 'content-type': 'text/csv', cookie: `${SESSION_COOKIE}=${createSession(deps, 'admin')}` }
    const req = new Request('http://localhost/api/admin/marks/import', { method: 'POST', body, headers, duplex: 'half' } as RequestInit)
    const res = await createApp(deps).request(req)
    expect(res.status).toBe(413)
    // Reading stopped near the limit: the rest of the 50 MB stream was never pulled.
    expect(sent).toBeLessThan(2 * MARK_IMPORT_MAX_BYTES)
  })

  it('upload – a csv just under 5 MB of tiny rows, far over the row limit – 400 at once, no job', async () => {
    const deps = setupMarksCorp()
    const line = 'wmA,风险客户,,\n'
    const text = `${HEADER.join(',')}\n${line.repeat(Math.floor((MARK_IMPORT_MAX_BYTES - 1024) / Buffer.byteLength(line)))}`
    const started = performance.now()

    const res = await upload(deps, new TextEncoder().encode(text), { headers: { 'content-type': 'text/csv' } })

    // Parsed whole, this file took 15 s and 1.27 GB.
    expect(performance.now() - started).toBeLessThan(2000)
    expect(res.status).toBe(400)
    expect(await errorOf(res)).toMatchObject({ code: 'VALIDATION_FAILED', message: `每次最多导入 ${MARK_IMPORT_MAX_ROWS} 行，请分成多个文件` })
    expect(deps.db.$client.prepare("select count(*) from jobs where kind = 'mark_import'").pluck().get()).toBe(0)
  })

  it.each([
    ['an empty raw body', () => new Uint8Array(0), '请选择要导入的 .xlsx 或 .csv 文件（表单字段 file）'],
    ['a form without the file field', () => new FormData(), '请选择要导入的 .xlsx 或 .csv 文件（表单字段 file）'],
    ['other columns', async () => form(await xlsxFile(['客户', '标签'], [['wmA', '风险客户']])), '表头与客户标记导入模板不一致，请下载模板后填写'],
    ['only the header', async () => form(await xlsxFile(HEADER, [])), '文件中没有数据行'],
    ['a broken xlsx', () => form(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])), '文件无法读取，请上传用模板填写的 .xlsx 或 .csv 文件'],
    ['an old binary .xls', () => form(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])), '文件无法读取，请上传用模板填写的 .xlsx 或 .csv 文件'],
  ])('upload – %s – 400 with the reason', async (_name, body, message) => {
    const deps = setupMarksCorp()
    const res = await upload(deps, await body())
    expect(res.status).toBe(400)
    expect(await errorOf(res)).toMatchObject({ code: 'VALIDATION_FAILED', message })
  })

  it('job – unknown id – 404; bad id – 400', async () => {
    const deps = setupMarksCorp()
    expect((await call(deps, '/api/admin/marks/import/999', { as: 'admin' })).status).toBe(404)
    expect((await call(deps, '/api/admin/marks/import/999/result.xlsx', { as: 'admin' })).status).toBe(404)
    expect((await call(deps, '/api/admin/marks/import/abc', { as: 'admin' })).status).toBe(400)
  })
})

/** GB18030 bytes of `text` (Node has no GBK encoder: map each character through the decoder's table). */
function encodeGb18030(text: string): Uint8Array<ArrayBuffer> {
  const decoder = new TextDecoder('gb18030')
  const table = new Map<string, number[]>()
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue
      const ch = decoder.decode(new Uint8Array([hi, lo]))
      if (!table.has(ch)) table.set(ch, [hi, lo])
    }
  }
  const bytes: number[] = []
  for (const ch of text) {
    const code = ch.codePointAt(0)!
    if (code < 0x80) bytes.push(code)
    else bytes.push(...(table.get(ch) ?? [0x3f]))
  }
  return new Uint8Array(bytes)
}
