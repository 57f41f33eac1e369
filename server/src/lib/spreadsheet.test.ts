import { readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { PassThrough } from 'node:stream'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { AppError } from './errors'
import { countCsvRecords, readImportFile, resultWorkbook, type SheetRules } from './spreadsheet'

const RULES: SheetRules = {
  columns: [
    { key: 'customer', header: '客户', width: 10, example: 'wmA', note: '' },
    { key: 'tag', header: '标签', width: 10, example: '风险客户', note: '' },
  ],
  sheetName: '数据',
  maxRows: 5000,
  unreadable: '文件无法读取',
  csv: true,
  wrongHeader: '表头不对',
}

/** The AppError `promise` rejects with (fails the test when it resolves). */
async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

const utf8 = (text: string) => new TextEncoder().encode(text)

/** An xlsx written by ExcelJS's streaming writer (fast for many rows), sheets in the order given. */
async function xlsx(sheets: { name: string; rows: (string | null)[][] }[]): Promise<Uint8Array> {
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (c: Buffer) => chunks.push(c))
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true })
  for (const s of sheets) {
    const sheet = writer.addWorksheet(s.name)
    for (const row of s.rows) sheet.addRow(row).commit()
    sheet.commit()
  }
  await writer.commit()
  return new Uint8Array(Buffer.concat(chunks))
}

describe('readImportFile – csv', () => {
  it('readImportFile – a 5 MB csv of tiny rows, far over the row limit – refused at once (the whole file is never parsed)', async () => {
    const line = 'wmA,风险客户\n'
    const text = `客户,标签\n${line.repeat(Math.ceil((5 * 1024 * 1024) / Buffer.byteLength(line)))}`
    const started = performance.now()

    const err = await refusal(readImportFile(utf8(text), RULES))

    // Parsing it whole took 15 s and 1.27 GB; counting its lines takes milliseconds.
    expect(performance.now() - started).toBeLessThan(1500)
    expect([err.status, err.code, err.message]).toEqual([400, 'VALIDATION_FAILED', '每次最多导入 5000 行，请分成多个文件'])
  })

  it('readImportFile – a 5 MB csv far over the row limit whose first row holds a lone quote (5" screen) – refused at once', async () => {
    const line = 'wmA,风险客户\n'
    const text = `客户,标签\nwmB,5" screen\n${line.repeat(Math.ceil((5 * 1024 * 1024) / Buffer.byteLength(line)))}`
    const started = performance.now()

    const err = await refusal(readImportFile(utf8(text), RULES))

    expect(performance.now() - started).toBeLessThan(1500)
    expect(err.message).toBe('每次最多导入 5000 行，请分成多个文件')
  })

  it('readImportFile – a csv of the limit with a lone quote, a quoted newline and doubled quotes – every row read', async () => {
    const text = `客户,标签\nwmA,5" screen\nwmB,"第一行\n第二行"\nwmC,"say ""hi"""\n`

    const rowsRead = await readImportFile(utf8(text), { ...RULES, maxRows: 3 })

    expect(rowsRead.map((r) => r.values.tag)).toEqual(['5" screen', '第一行\n第二行', 'say "hi"'])
  })

  it('readImportFile – a csv of exactly the limit, blank lines between – every row read with its number', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `wm${i},风险客户`)
    const rowsRead = await readImportFile(utf8(`客户,标签\r\n,\r\n${rows.join('\r\n')}\r\n\r\n`), RULES)

    expect(rowsRead).toHaveLength(5000)
    expect(rowsRead[0]).toEqual({ row: 3, values: { customer: 'wm0', tag: '风险客户' } })
  })
})

describe('countCsvRecords', () => {
  it('countCsvRecords – quoted newlines, doubled quotes, blank and separator-only lines – one per filled record', () => {
    expect(countCsvRecords('a,b\r\n"x\ny","say ""hi"""\n,,\n  \n\nlast')).toBe(3)
  })
  it('countCsvRecords – a BOM and no trailing newline – counted once', () => {
    expect(countCsvRecords('\ufeffa,b')).toBe(1)
  })
  it('countCsvRecords – a lone quote inside an unquoted field (5" screen) – a character of it, the next lines still counted', () => {
    expect(countCsvRecords('客户,标签\nwmA,5" screen\nwmB,x\r\nwmC,y\n')).toBe(4)
  })
  it('countCsvRecords – a quoted field with newlines and a comma after an unquoted one – one record', () => {
    expect(countCsvRecords('wmA,"第一行\r\n第二行,\n\n第三行"\nwmB,x')).toBe(2)
  })
  it('countCsvRecords – doubled quotes in quoted fields, one holding a newline – the quote stays inside', () => {
    expect(countCsvRecords('wmA,"a""\nb"\n"""",x\n"c""",d\n')).toBe(3)
  })
  it('countCsvRecords – a quoted field opened after a BOM or after spaces – its newline kept inside', () => {
    expect(countCsvRecords('\ufeff"a\nb",c\nd, "e\nf"\ng')).toBe(3)
  })
})

describe('readImportFile – xlsx', () => {
  it('readImportFile – an xlsx of 200 000 distinct rows over a limit of 100 – refused fast as too much content (its texts alone pass the cap)', async () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => [`wm${i}`, '风险客户'])
    const file = await xlsx([{ name: '数据', rows: [['客户', '标签'], ...rows] }])
    const started = performance.now()

    const err = await refusal(readImportFile(file, { ...RULES, maxRows: 100 }))

    // Loading this file whole takes about 2 s here; streaming stops after row 101 (the sheet
    // is still inflated to a temporary file first, as its shared strings come after it).
    expect(performance.now() - started).toBeLessThan(1100)
    expect([err.status, err.message]).toEqual([400, '文件内容过多，请只保留模板中的数据后重新上传（每次最多导入 100 行）'])
  })

  it('readImportFile – three data rows and a second sheet of 13 000 distinct notes, limit 100 – 400 too much content, not too many rows', async () => {
    const notes = Array.from({ length: 13_000 }, (_, i) => [`备注${i}`])
    const file = await xlsx([
      { name: '数据', rows: [['客户', '标签'], ['wmA', '风险客户'], ['wmB', '同行'], ['wmC', '风险客户']] },
      { name: '备注', rows: notes },
    ])

    const err = await refusal(readImportFile(file, { ...RULES, maxRows: 100 }))

    expect([err.status, err.code, err.message]).toEqual([400, 'VALIDATION_FAILED', '文件内容过多，请只保留模板中的数据后重新上传（每次最多导入 100 行）'])
    expect(err.extra).toMatchObject({ details: { reason: 'too_much_content', limit: 100 } })
  })

  it('readImportFile – three data rows and a second sheet of 11 000 distinct notes (under the cap), limit 100 – the rows read', async () => {
    const notes = Array.from({ length: 11_000 }, (_, i) => [`备注${i}`])
    const file = await xlsx([
      { name: '数据', rows: [['客户', '标签'], ['wmA', '风险客户'], ['wmB', '同行'], ['wmC', '风险客户']] },
      { name: '备注', rows: notes },
    ])

    expect(await readImportFile(file, { ...RULES, maxRows: 100 })).toHaveLength(3)
  })

  it('readImportFile – 200 000 rows repeating two strings (few shared strings) over a limit of 100 – refused fast, no temporary file left', async () => {
    const rows = Array.from({ length: 200_000 }, () => ['wmA', '风险客户'])
    const file = await xlsx([{ name: '数据', rows: [['客户', '标签'], ...rows] }])
    const tmpFiles = () => readdirSync(tmpdir()).filter((f) => f.startsWith('tmp-')).length
    const before = tmpFiles()
    const started = performance.now()

    const err = await refusal(readImportFile(file, { ...RULES, maxRows: 100 }))

    expect(performance.now() - started).toBeLessThan(1100)
    expect(err.message).toBe('每次最多导入 100 行，请分成多个文件')
    expect(tmpFiles()).toBe(before)
  })

  it('readImportFile – the named sheet after another one, blank rows, a number cell – that sheet’s rows as text', async () => {
    const file = await xlsx([
      { name: '说明', rows: [['列名', '说明']] },
      { name: '数据', rows: [['客户', '标签'], ['wmA', '风险客户'], [null, null], ['12345', null]] },
    ])
    const sheet = await readImportFile(file, RULES)

    expect(sheet).toEqual([
      { row: 2, values: { customer: 'wmA', tag: '风险客户' } },
      { row: 4, values: { customer: '12345', tag: '' } },
    ])
  })

  it('readImportFile – no sheet of the template’s name – the first sheet is read', async () => {
    const file = await xlsx([
      { name: 'Sheet1', rows: [['客户', '标签'], ['wmB', '同行']] },
      { name: 'Sheet2', rows: [['别的', '表']] },
    ])

    expect(await readImportFile(file, RULES)).toEqual([{ row: 2, values: { customer: 'wmB', tag: '同行' } }])
  })

  it('readImportFile – other columns, or a header only – 400 wrong header / no data row', async () => {
    const wrong = await refusal(readImportFile(await xlsx([{ name: '数据', rows: [['客户', '备注'], ['wmA', 'x']] }]), RULES))
    const empty = await refusal(readImportFile(await xlsx([{ name: '数据', rows: [['客户', '标签']] }]), RULES))

    expect([wrong.message, empty.message]).toEqual(['表头不对', '文件中没有数据行'])
  })

  it('readImportFile – a broken zip – 400 unreadable', async () => {
    const file = await xlsx([{ name: '数据', rows: [['客户', '标签'], ['wmA', '风险客户']] }])

    const err = await refusal(readImportFile(file.slice(0, 200), RULES))

    expect([err.status, err.message]).toEqual([400, '文件无法读取'])
  })
})

describe('resultWorkbook', () => {
  it('resultWorkbook – two items with their own column – the columns, then 结果 in words and 说明, header bold', () => {
    const rows = [
      { values: { row: 2 }, status: 'done' as const, message: '已导入' },
      { values: { row: 3 }, status: 'pending' as const, message: '' },
    ]

    const sheet = resultWorkbook({ name: '导入结果', columns: [{ key: 'row', header: '行号', width: 8 }], messageWidth: 48 }, rows).getWorksheet('导入结果')!

    const values = [1, 2, 3].map((r) => [1, 2, 3].map((c) => sheet.getRow(r).getCell(c).value))
    expect(values).toEqual([
      ['行号', '结果', '说明'],
      [2, '成功', '已导入'],
      [3, '待处理', ''],
    ])
    expect(sheet.getRow(1).font?.bold).toBe(true)
    expect(sheet.getColumn(3).width).toBe(48)
  })
})
