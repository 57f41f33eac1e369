import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { KNOWLEDGE_IMPORT_MAX_BYTES, KNOWLEDGE_IMPORT_MAX_ROWS, type ErrorBody, type KnowledgeCategoryNode, type KnowledgeImportJob } from '@kelan/shared'
import type { Deps } from '../../deps'
import { createJobRunner } from '../../jobs/job-runner'
import { request } from '../../test/http'
import { startBatch } from '../tag-batches/tag-batches.service'
import { searchKnowledge } from './knowledge.search'
import { getCategoryTree, listItems } from './knowledge.service'
import { ADMIN, setupCorp } from './knowledge.testing'

const silent = { info: () => {}, warn: () => {}, error: () => {} }
const SCRIPT_HEADER = ['分类', '问题名称', '相似问', '答案', '序号']
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** Calls the app as `as`; a FormData body brings its own Content-Type. */
const call = (deps: Deps, path: string, init: { as?: string; method?: string; body?: FormData | string } = {}) => request(deps, path, init)

/** An xlsx file with `header` and `rows` on a sheet named `sheetName`. */
async function xlsxFile(header: readonly string[], rows: readonly (string | number | null)[][], sheetName = 'Sheet1'): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet(sheetName)
  sheet.addRow([...header])
  for (const row of rows) sheet.addRow(row)
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer)
}

function form(bytes: Uint8Array<ArrayBuffer>, name = '导入.xlsx', field = 'file'): FormData {
  const data = new FormData()
  data.append(field, new File([bytes], name, { type: XLSX_TYPE }))
  return data
}

const upload = (deps: Deps, kind: string, body: FormData | string, as = 'boss') => call(deps, `/api/knowledge/import?kind=${kind}`, { as, method: 'POST', body })

async function readSheet(res: Response, index = 0): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(await res.arrayBuffer())
  const sheet = workbook.worksheets[index]!
  const rows: string[][] = []
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))))
  return rows
}

const errorOf = async (res: Response) => ((await res.json()) as ErrorBody).error

/** Names of the tree's categories as paths, e.g. 售前咨询/价格. */
function paths(node: KnowledgeCategoryNode, prefix = ''): string[] {
  return node.children.flatMap((c) => [`${prefix}${c.name}`, ...paths(c, `${prefix}${c.name}/`)])
}

async function importAndRun(deps: Deps, kind: string, rows: (string | number | null)[][], header = SCRIPT_HEADER) {
  const res = await upload(deps, kind, form(await xlsxFile(header, rows)))
  expect(res.status).toBe(202)
  const job = (await res.json()) as KnowledgeImportJob
  await createJobRunner(deps, { pollMs: 10, logger: silent }).drain()
  return job
}

describe('knowledge import – permissions', () => {
  it.each([
    ['GET', '/api/knowledge/import/template?kind=script'],
    ['POST', '/api/knowledge/import?kind=script'],
    ['GET', '/api/knowledge/import/1'],
    ['GET', '/api/knowledge/import/1/result.xlsx'],
  ])('%s %s – staff or manager – 403 before anything is read', async (method, path) => {
    const deps = setupCorp()
    for (const as of ['lisi', 'zhao']) {
      const res = await call(deps, path, { as, method, body: method === 'POST' ? form(await xlsxFile(SCRIPT_HEADER, [['', '问', '', '答', '']])) : undefined })
      expect(res.status).toBe(403)
      expect((await errorOf(res)).code).toBe('FORBIDDEN')
    }
  })

  it('import – anonymous – 401', async () => {
    const res = await call(setupCorp(), '/api/knowledge/import/template?kind=script')
    expect(res.status).toBe(401)
  })
})

describe('GET /api/knowledge/import/template', () => {
  it('template – 话术 – the header row only, examples on a 说明 sheet, downloaded under a Chinese name', async () => {
    const res = await call(setupCorp(), '/api/knowledge/import/template?kind=script', { as: 'boss' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(XLSX_TYPE)
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="knowledge-script-template.xlsx"; filename*=UTF-8''${encodeURIComponent('话术导入模板.xlsx')}`,
    )
    const bytes = await res.arrayBuffer()
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(bytes)
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['话术', '说明'])
    const rows = await readSheet(new Response(bytes))
    expect(rows).toEqual([SCRIPT_HEADER])
    const notes = await readSheet(new Response(bytes), 1)
    expect(notes.map((r) => r[0])).toEqual(expect.arrayContaining(SCRIPT_HEADER))
    expect(notes.find((r) => r[0] === '分类')?.[2]).toBe('售前咨询/价格')
  })

  it.each([
    ['phrase', ['分类', '内容', '序号']],
    ['link', ['分类', '标题', '链接', '描述', '序号']],
  ])('template – %s – its own columns', async (kind, header) => {
    const res = await call(setupCorp(), `/api/knowledge/import/template?kind=${kind}`, { as: 'boss' })
    expect((await readSheet(res))[0]).toEqual(header)
  })

  it('template – downloaded, one row typed in, uploaded – that row and only that row is imported', async () => {
    const deps = setupCorp()
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await (await call(deps, '/api/knowledge/import/template?kind=link', { as: 'boss' })).arrayBuffer())
    workbook.worksheets[0]!.addRow(['产品介绍', '云帆 CRM 介绍', 'https://example.com/crm', '一页看懂', 3])
    const res = await upload(deps, 'link', form(new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer)))
    expect(res.status).toBe(202)
    await createJobRunner(deps, { pollMs: 10, logger: silent }).drain()
    const page = listItems(deps, ADMIN, { library: 'public', kind: 'link', sort: 'seq', page: 1, pageSize: 20 })
    expect(page.items).toMatchObject([{ kind: 'link', title: '云帆 CRM 介绍', url: 'https://example.com/crm', seq: 3 }])
  })

  it('template – uploaded untouched – 400, nothing to import', async () => {
    const deps = setupCorp()
    const template = new Uint8Array(await (await call(deps, '/api/knowledge/import/template?kind=link', { as: 'boss' })).arrayBuffer())
    expect((await upload(deps, 'link', form(template))).status).toBe(400)
  })

  it.each(['', 'kind=faq'])('template – query %j – 400', async (query) => {
    const res = await call(setupCorp(), `/api/knowledge/import/template?${query}`, { as: 'boss' })
    expect(res.status).toBe(400)
    expect((await errorOf(res)).code).toBe('VALIDATION_FAILED')
  })
})

describe('POST /api/knowledge/import – refusals', () => {
  it('upload – file of the size limit plus one byte – 413', async () => {
    const res = await upload(setupCorp(), 'script', form(new Uint8Array(KNOWLEDGE_IMPORT_MAX_BYTES + 1)))
    expect(res.status).toBe(413)
    expect(await errorOf(res)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: '文件不能超过 5 MB' })
  })

  it('upload – body far past the limit – 413 from the body limit while reading', async () => {
    const res = await upload(setupCorp(), 'script', form(new Uint8Array(KNOWLEDGE_IMPORT_MAX_BYTES + 512 * 1024)))
    expect(res.status).toBe(413)
    expect((await errorOf(res)).code).toBe('PAYLOAD_TOO_LARGE')
  })

  it.each([
    ['a text file', () => form(new TextEncoder().encode('分类,问题名称\n,问') as Uint8Array<ArrayBuffer>, 'a.csv')],
    ['a zip that is no workbook', () => form(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]))],
    ['no file field', () => form(new Uint8Array([1]), 'a.xlsx', 'upload')],
    ['a JSON body', () => JSON.stringify({ file: 'x' })],
  ])('upload – %s – 400', async (_label, body) => {
    const res = await upload(setupCorp(), 'script', body())
    expect(res.status).toBe(400)
    expect((await errorOf(res)).code).toBe('VALIDATION_FAILED')
  })

  it('upload – unknown kind – 400', async () => {
    const res = await upload(setupCorp(), 'faq', form(await xlsxFile(SCRIPT_HEADER, [['', '问', '', '答', '']])))
    expect(res.status).toBe(400)
  })

  it('upload – 常用语 template uploaded as 话术 – 400 naming the columns', async () => {
    const res = await upload(setupCorp(), 'script', form(await xlsxFile(['分类', '内容', '序号'], [['', '你好', '']])))
    expect(res.status).toBe(400)
    expect(await errorOf(res)).toMatchObject({ message: '表头与话术导入模板不一致，请下载模板后填写', details: { expected: SCRIPT_HEADER } })
  })

  it('upload – header only, blank rows below – 400 no data rows', async () => {
    const res = await upload(setupCorp(), 'script', form(await xlsxFile(SCRIPT_HEADER, [['', '', '', '', ''], [' ', null, null, null, null]])))
    expect(res.status).toBe(400)
    expect((await errorOf(res)).message).toBe('文件中没有数据行')
  })

  it('upload – one row more than allowed – 400 and no job', async () => {
    const deps = setupCorp()
    const rows = Array.from({ length: KNOWLEDGE_IMPORT_MAX_ROWS + 1 }, (_, i) => ['', `问题${i}`, '', '答', ''])
    const res = await upload(deps, 'script', form(await xlsxFile(SCRIPT_HEADER, rows)))
    expect(res.status).toBe(400)
    expect(await errorOf(res)).toMatchObject({ details: { limit: KNOWLEDGE_IMPORT_MAX_ROWS } })
    expect((await call(deps, '/api/knowledge/import/1', { as: 'boss' })).status).toBe(404)
  })

  it('job – unknown id, a batch-tagging job id, a bad id – 404, 404, 400', async () => {
    const deps = setupCorp()
    const batch = startBatch(deps, ADMIN, { selection: { ids: ['wmX'] }, add: [], remove: [] })
    expect((await call(deps, '/api/knowledge/import/99', { as: 'boss' })).status).toBe(404)
    expect((await call(deps, `/api/knowledge/import/${batch.id}`, { as: 'boss' })).status).toBe(404)
    expect((await call(deps, `/api/knowledge/import/${batch.id}/result.xlsx`, { as: 'boss' })).status).toBe(404)
    expect((await call(deps, '/api/knowledge/import/abc', { as: 'boss' })).status).toBe(400)
  })
})

describe('POST /api/knowledge/import – the job', () => {
  it('import – good rows among bad ones – 202 queued; the runner imports the good ones and explains the rest', async () => {
    const deps = setupCorp()
    const rows = [
      ['售前咨询/价格', '多少钱', '价格\n怎么收费', '199 元', 2],
      ['售前咨询/价格', '', '', '没有问题名称', ''],
      ['a/b/c/d/e', '太深', '', '答', ''],
      ['', '没有答案', '', '', ''],
      [null, null, null, null, null],
      ['', '无分类', '', '答一下', '1.5'],
      ['', '序号不对', '', '答', 'abc'],
    ]
    const res = await upload(deps, 'script', form(await xlsxFile(SCRIPT_HEADER, rows), '话术.xlsx'))
    expect(res.status).toBe(202)
    const queued = (await res.json()) as KnowledgeImportJob
    expect(queued).toMatchObject({ kind: 'script', status: 'queued', total: 6, done: 0, failed: 0, fileName: '话术.xlsx', finishedAt: null })

    await createJobRunner(deps, { pollMs: 10, logger: silent }).drain()

    const job = (await (await call(deps, `/api/knowledge/import/${queued.id}`, { as: 'boss' })).json()) as KnowledgeImportJob
    expect(job).toMatchObject({ status: 'done', total: 6, done: 2, failed: 4, error: null })
    expect(job.finishedAt).toBe(deps.clock.now())

    const result = await call(deps, `/api/knowledge/import/${queued.id}/result.xlsx`, { as: 'boss' })
    expect(result.status).toBe(200)
    expect(result.headers.get('content-disposition')).toContain(`filename="knowledge-import-${queued.id}.xlsx"`)
    expect(await readSheet(result)).toEqual([
      ['行号', '结果', '说明'],
      ['2', '成功', '已导入'],
      ['3', '失败', '问题名称不能为空'],
      ['4', '失败', '分类层级超过 4 级'],
      ['5', '失败', '答案不能为空'],
      ['7', '成功', '已导入'],
      ['8', '失败', '序号必须是数字'],
    ])

    const page = listItems(deps, ADMIN, { library: 'public', kind: 'script', sort: 'seq', page: 1, pageSize: 20 })
    expect(page.items).toMatchObject([
      { question: '无分类', seq: 1.5, answer: [{ type: 'text', text: '答一下' }] },
      { question: '多少钱', seq: 2, similar: ['价格', '怎么收费'], answer: [{ type: 'text', text: '199 元' }] },
    ])
    // Written through the create path: the search index has them.
    const hits = searchKnowledge(deps, ADMIN, { q: '收费', library: 'all', limit: 20 }).hits
    expect(hits.map((h) => h.item.id)).toEqual([page.items[1]!.id])
  })

  it('import – category paths – missing levels created once, existing ones reused, 未分类 for none', async () => {
    const deps = setupCorp()
    await importAndRun(deps, 'phrase', [
      ['售前咨询/价格', '一', ''],
      ['全部/售前咨询/价格', '二', ''],
      ['售前咨询 / 优惠／满减', '三', ''],
      ['未分类', '四', ''],
      ['', '五', ''],
    ], ['分类', '内容', '序号'])
    const tree = getCategoryTree(deps, ADMIN, { library: 'public', kind: 'phrase' })
    expect(paths(tree.root)).toEqual(['未分类', '售前咨询', '售前咨询/价格', '售前咨询/优惠', '售前咨询/优惠/满减'])
    const count = (name: string) => {
      const find = (n: KnowledgeCategoryNode): KnowledgeCategoryNode | undefined => (n.name === name ? n : n.children.map(find).find(Boolean))
      return find(tree.root)!.itemCount
    }
    expect([count('价格'), count('满减'), count('未分类'), count('售前咨询')]).toEqual([2, 1, 2, 3])
  })

  it('import – a path the tree rules refuse – the row fails with the rule, leaving no category behind', async () => {
    const deps = setupCorp()
    const job = await importAndRun(deps, 'phrase', [
      ['未分类/子分类', '一', ''],
      ['新分类/未分类/x', '二', ''],
      ['长'.repeat(31), '三', ''],
      ['新分类/x', '四', ''],
    ], ['分类', '内容', '序号'])
    const result = await readSheet(await call(deps, `/api/knowledge/import/${job.id}/result.xlsx`, { as: 'boss' }))
    expect(result.slice(1)).toEqual([
      ['2', '失败', '「未分类」下不能添加子分类'],
      ['3', '失败', '「全部」和「未分类」是系统分类的名称，请换一个名称'],
      ['4', '失败', '分类名称不能超过 30 个字'],
      ['5', '成功', '已导入'],
    ])
    const tree = getCategoryTree(deps, ADMIN, { library: 'public', kind: 'phrase' })
    expect(paths(tree.root)).toEqual(['未分类', '新分类', '新分类/x'])
  })

  it('import – 常用链接 rows four levels deep – the good one imported, a non-http link failed with the form message', async () => {
    const deps = setupCorp()
    const job = await importAndRun(deps, 'link', [
      ['一/二/三/四', '标题', 'https://a.example/x', '', ''],
      ['一/二/三/四', '坏链接', 'ftp://a.example', '', ''],
    ], ['分类', '标题', '链接', '描述', '序号'])
    const result = await readSheet(await call(deps, `/api/knowledge/import/${job.id}/result.xlsx`, { as: 'boss' }))
    expect(result.slice(1)).toEqual([
      ['2', '成功', '已导入'],
      ['3', '失败', '请输入以 http:// 或 https:// 开头的链接'],
    ])
  })

  it('import – the uploader is no longer an admin when the job runs – job failed, every row failed with the reason', async () => {
    const deps = setupCorp()
    const res = await upload(deps, 'phrase', form(await xlsxFile(['分类', '内容', '序号'], [['', '一', ''], ['', '二', '']])))
    const { id } = (await res.json()) as KnowledgeImportJob
    deps.db.$client.prepare("update staff set role = 'staff' where userid = 'boss'").run()
    await createJobRunner(deps, { pollMs: 10, logger: silent }).drain()
    deps.db.$client.prepare("update staff set role = 'admin' where userid = 'boss'").run()
    const job = (await (await call(deps, `/api/knowledge/import/${id}`, { as: 'boss' })).json()) as KnowledgeImportJob
    expect(job).toMatchObject({ status: 'failed', done: 0, failed: 2, error: '发起人已离职或不再是管理员，任务已停止' })
    expect(listItems(deps, ADMIN, { library: 'public', kind: 'phrase', sort: 'seq', page: 1, pageSize: 20 }).total).toBe(0)
  })

  it('result file – before the runner ran – every row reads 待处理', async () => {
    const deps = setupCorp()
    const res = await upload(deps, 'phrase', form(await xlsxFile(['分类', '内容', '序号'], [['', '一', '']])))
    const { id } = (await res.json()) as KnowledgeImportJob
    const rows = await readSheet(await call(deps, `/api/knowledge/import/${id}/result.xlsx`, { as: 'boss' }))
    expect(rows).toEqual([['行号', '结果', '说明'], ['2', '待处理', '']])
  })
})
