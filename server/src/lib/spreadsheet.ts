/**
 * Spreadsheet imports and downloads shared by every import (knowledge, special marks): the
 * template workbook, reading an uploaded xlsx or csv into stored rows, the per-row stored
 * shape, the per-item result file (batches' too), and xlsx downloads. Each feature keeps its own columns and row rules.
 */
import { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { z } from 'zod'
import { attachmentHeader } from './content-disposition'
import { AppError } from './errors'

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** A file to download: the xlsx bytes and the Content-Disposition naming it. */
export interface XlsxDownload {
  body: Uint8Array<ArrayBuffer>
  disposition: string
}

/** The response headers of an xlsx download. */
export const xlsxHeaders = (file: XlsxDownload) => ({ 'Content-Type': XLSX_MIME, 'Content-Disposition': file.disposition })

/** A workbook as a download named `name` (Chinese allowed), `ascii` for old browsers. */
export async function xlsxDownload(workbook: ExcelJS.Workbook, name: string, ascii: string): Promise<XlsxDownload> {
  const buffer = await workbook.xlsx.writeBuffer()
  return { body: new Uint8Array(buffer as ArrayBuffer), disposition: attachmentHeader(name, ascii) }
}

/** One column of an import template; `key` names the value in a stored row. */
export interface ImportColumn {
  key: string
  header: string
  width: number
  example: string
  /** The 说明 sheet's explanation. */
  note: string
}

const BOLD = { bold: true } as const

/**
 * An import template: a data sheet with the header row only, and a sheet 说明 explaining each
 * column with an example, then `notes` lines. The example is not a row of the data sheet: an
 * admin who uploads the template with one line added must not import the example too.
 */
export function templateWorkbook(sheetName: string, columns: readonly ImportColumn[], notes: readonly string[]): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet(sheetName)
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, style: { alignment: { wrapText: true, vertical: 'top' } } }))
  sheet.getRow(1).font = BOLD
  const help = workbook.addWorksheet('说明')
  help.columns = [
    { header: '列名', key: 'header', width: 16 },
    { header: '说明', key: 'note', width: 60 },
    { header: '示例', key: 'example', width: 40 },
  ]
  help.getRow(1).font = BOLD
  for (const c of columns) help.addRow({ header: c.header, note: c.note, example: c.example })
  help.addRow({})
  for (const note of notes) help.addRow({ header: '注意', note })
  return workbook
}

/** A data row of an import file as stored in its job item: the row number and each column's text. */
export const StoredImportRow = z.object({ row: z.number().int(), values: z.record(z.string(), z.string()) })
export type StoredImportRow = z.infer<typeof StoredImportRow>

/** A stored row, or undefined when the item cannot be read (it then fails). */
export function parseImportRow(subject: string): StoredImportRow | undefined {
  try {
    const parsed = StoredImportRow.safeParse(JSON.parse(subject))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

/** The 结果 column of a result file, per job item status. */
export const RESULT_LABELS = { pending: '待处理', done: '成功', failed: '失败', skipped: '跳过' } as const

/** A column of a result file before its 结果 and 说明; `key` names the value in a row. */
export interface ResultColumn {
  key: string
  header: string
  width: number
}

/** One job item in a result file: its own columns' values, then its status and message. */
export interface ResultRow {
  values: Record<string, string | number>
  status: keyof typeof RESULT_LABELS
  message: string
}

/**
 * A job's per-item result file (an import's 导入结果, a batch's): one sheet with `columns`,
 * then 结果 (the item's status in words, 待处理 while it waits) and 说明, the header in bold.
 */
export function resultWorkbook(
  sheet: { name: string; columns: readonly ResultColumn[]; messageWidth?: number },
  rows: Iterable<ResultRow>,
): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook()
  const ws = workbook.addWorksheet(sheet.name)
  ws.columns = [
    ...sheet.columns.map((c) => ({ header: c.header, key: c.key, width: c.width })),
    { header: '结果', key: 'result', width: 10 },
    { header: '说明', key: 'message', width: sheet.messageWidth ?? 60 },
  ]
  ws.getRow(1).font = BOLD
  for (const row of rows) ws.addRow({ ...row.values, result: RESULT_LABELS[row.status], message: row.message })
  return workbook
}

/** An xlsx file is a zip archive: anything else is refused before a parser sees it. */
export const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04

/** A cell as the text a person sees (rich text, hyperlinks and formulas give their text). */
export function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return String(value)
  return cell.text ?? ''
}

/** What to say when a file cannot be used, per import. */
export interface SheetRules {
  columns: readonly ImportColumn[]
  /** The data sheet's name in the template (the first sheet is read when it is missing). */
  sheetName: string
  maxRows: number
  /** e.g. 「文件无法读取，请上传用模板填写的 .xlsx 文件」 */
  unreadable: string
  /** e.g. 「表头与导入模板不一致，请下载模板后填写」 */
  wrongHeader: string
  /** Also take a csv (readImportFile); otherwise only an xlsx is readable. */
  csv?: boolean
}

/** Loads an xlsx file's workbook; anything else (or a broken zip) is `unreadable`. */
export async function loadXlsx(bytes: Uint8Array, unreadable: string): Promise<ExcelJS.Workbook> {
  const refuse = () => new AppError('VALIDATION_FAILED', 400, unreadable)
  if (!isZip(bytes)) throw refuse()
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
  } catch {
    throw refuse()
  }
  return workbook
}

/**
 * A csv file's text: UTF-8 (a BOM is dropped), or GB18030 when the bytes are not UTF-8 (Excel
 * on Chinese Windows saves csv that way).
 */
export function csvText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    return new TextDecoder('gb18030').decode(bytes)
  }
}

/** Loads a csv file as a one-sheet workbook, every cell kept as the text it holds. */
export async function loadCsv(bytes: Uint8Array, sheetName: string, unreadable: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook()
  try {
    // map keeps each cell a string: exceljs would turn 00123 into 123 and dates into Date.
    await workbook.csv.read(Readable.from([csvText(bytes)]), { sheetName, map: (datum: string) => datum } as never)
  } catch {
    throw new AppError('VALIDATION_FAILED', 400, unreadable)
  }
  return workbook
}

const tooManyRows = (maxRows: number) =>
  new AppError('VALIDATION_FAILED', 400, `每次最多导入 ${maxRows} 行，请分成多个文件`, { details: { limit: maxRows } })

/**
 * An xlsx with more distinct texts than its rows could hold. It may have few rows (other
 * sheets full of notes, leftover cells far away), so the row limit is only a hint here.
 */
const tooMuchContent = (maxRows: number) =>
  new AppError('VALIDATION_FAILED', 400, `文件内容过多，请只保留模板中的数据后重新上传（每次最多导入 ${maxRows} 行）`, {
    details: { reason: 'too_much_content', limit: maxRows },
  })

/** A row's values by column key, and whether they are all blank (such rows are skipped). */
function rowValues(row: ExcelJS.Row, columns: readonly ImportColumn[]): { values: Record<string, string>; blank: boolean } {
  const values = Object.fromEntries(columns.map((c, i) => [c.key, cellText(row.getCell(i + 1))]))
  return { values, blank: Object.values(values).every((v) => !v.trim()) }
}

/** The header row must name the columns in order. */
function checkHeader(header: ExcelJS.Row | undefined, rules: SheetRules): void {
  if (rules.columns.some((c, i) => (header ? cellText(header.getCell(i + 1)).trim() : '') !== c.header)) {
    throw new AppError('VALIDATION_FAILED', 400, rules.wrongHeader, { details: { expected: rules.columns.map((c) => c.header) } })
  }
}

/**
 * The data rows of an import workbook: the template's sheet (or the first one), its header
 * checked against the columns, blank rows skipped.
 *
 * @throws AppError VALIDATION_FAILED (400): no sheet, other columns, no row, too many rows
 */
export function readDataRows(workbook: ExcelJS.Workbook, rules: SheetRules): StoredImportRow[] {
  const sheet = workbook.getWorksheet(rules.sheetName) ?? workbook.worksheets[0]
  if (!sheet) throw new AppError('VALIDATION_FAILED', 400, rules.unreadable)
  checkHeader(sheet.getRow(1), rules)
  // Only the rows the file holds are visited: walking 2..rowCount with getRow() would create
  // every missing row, so one cell in A1000000 of a small file took seconds and a gigabyte.
  // eachRow cannot be stopped, so passing the limit throws out of it.
  const rows: StoredImportRow[] = []
  sheet.eachRow({ includeEmpty: false }, (row, r) => {
    if (r < 2) return
    const { values, blank } = rowValues(row, rules.columns)
    if (blank) return
    rows.push({ row: r, values })
    if (rows.length > rules.maxRows) throw tooManyRows(rules.maxRows)
  })
  if (!rows.length) throw new AppError('VALIDATION_FAILED', 400, '文件中没有数据行')
  return rows
}

/**
 * Reads an uploaded import file (xlsx when it is a zip archive, else csv when `rules.csv`) into its data rows
 * like `readDataRows`, but never reads much past `rules.maxRows`: a file of a million tiny
 * rows is refused after maxRows + 1 of them, where loading it whole took seconds and a
 * gigabyte. An xlsx is streamed (ExcelJS's WorkbookReader: its shared strings first, then the
 * sheet, reading stops at the limit); a csv's rows are counted before ExcelJS parses it.
 *
 * @throws AppError VALIDATION_FAILED (400): unreadable, other columns, no row, too many rows,
 *   an xlsx with far more distinct texts than its rows could hold (details.reason too_much_content)
 */
export async function readImportFile(bytes: Uint8Array, rules: SheetRules): Promise<StoredImportRow[]> {
  if (isZip(bytes)) return readXlsxRows(bytes, rules)
  if (!rules.csv) throw new AppError('VALIDATION_FAILED', 400, rules.unreadable)
  const text = csvText(bytes)
  // The header is one more line; blank lines are skipped like blank rows.
  if (countCsvRecords(text) > rules.maxRows + 1) throw tooManyRows(rules.maxRows)
  return readDataRows(await loadCsv(bytes, rules.sheetName, rules.unreadable), rules)
}

const QUOTE = 0x22

/** Spaces, tabs, line breaks and a byte-order mark: what leaves a record blank. */
const isBlankChar = (ch: number) => ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d || ch === 0xfeff

/**
 * How many csv records hold something other than separators and spaces, read the way Excel
 * writes csv (RFC 4180): a quote opens a quoted field only at the start of a field (the file's
 * or a line's start, or after a comma), where a newline does not end the record and a doubled
 * quote is one quote of the value; any other quote is a character of its field, so the 5"
 * of `5" screen` does not swallow the rest of the file. One pass, no allocation per line.
 */
export function countCsvRecords(text: string): number {
  let records = 0
  let quoted = false
  let fieldStart = true
  let filled = false
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    if (quoted) {
      if (ch !== QUOTE) filled ||= !isBlankChar(ch)
      else if (text.charCodeAt(i + 1) === QUOTE) {
        i++
        filled = true
      } else quoted = false
    } else if (ch === QUOTE && fieldStart) {
      quoted = true
      fieldStart = false
    } else if (ch === 0x0a || ch === 0x0d) {
      if (filled) records++
      filled = false
      fieldStart = true
    } else if (ch === 0x2c) fieldStart = true
    // Spaces before a field's opening quote, and a byte-order mark, leave the field at its
    // start: the csv parser behind loadCsv (fast-csv) reads ` "a\nb"` as one quoted value.
    else if (!isBlankChar(ch)) {
      fieldStart = false
      filled = true
    }
  }
  return filled ? records + 1 : records
}

/** The sheet an xlsx import reads: the one named `sheetName`, else the workbook's first. */
function targetSheetName(model: XlsxModel, sheetName: string): string | undefined {
  const sheets = model.model?.sheets ?? []
  return sheets.some((s) => s.name === sheetName) ? sheetName : sheets[0]?.name
}

/** What ExcelJS's WorkbookReader learns before the sheets (not in its typings). */
interface XlsxModel {
  sharedStrings?: unknown[]
  workbookRels?: unknown[]
  model?: { sheets?: { name: string }[] }
}

const xlsxStream = (bytes: Uint8Array) => Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)])

/**
 * An xlsx's shared strings, sheet list and relations, read without the sheets. Writers put
 * sharedStrings.xml after the sheets, and ExcelJS's reader then copies every sheet to a
 * temporary file (left on disk until the process ends when reading stops early); with the
 * strings known first, pass two streams the sheet itself. Refused past `maxStrings`.
 */
async function xlsxPrelude(bytes: Uint8Array, maxStrings: number, tooMany: () => AppError): Promise<XlsxModel> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(xlsxStream(bytes), {
    worksheets: 'ignore',
    sharedStrings: 'emit',
    styles: 'ignore',
    hyperlinks: 'ignore',
    entries: 'ignore',
  })
  const known = reader as unknown as XlsxModel
  // Marked as known so no sheet goes to a temporary file: this pass skips the sheets anyway.
  // (ExcelJS reads model.sheets for a sheet whenever the relations came before workbook.xml.)
  known.sharedStrings = []
  known.workbookRels = []
  known.model = { sheets: [] }
  const strings: unknown[] = []
  for await (const event of reader.parse() as unknown as AsyncIterable<{ index?: number; text?: unknown }>) {
    if (typeof event?.index !== 'number') continue
    strings.push(event.text)
    if (strings.length > maxStrings) throw tooMany()
  }
  return { sharedStrings: strings, workbookRels: known.workbookRels, model: { sheets: [], ...known.model } }
}

/** An xlsx import streamed: the target sheet's rows until the limit is passed (see readImportFile). */
async function readXlsxRows(bytes: Uint8Array, rules: SheetRules): Promise<StoredImportRow[]> {
  let rows: StoredImportRow[] | undefined
  try {
    // Every row of the data sheet holds at most a few strings of its own; the 说明 sheet a few more.
    const maxStrings = (rules.maxRows + 1) * Math.max(rules.columns.length, 20) + 10_000
    const prelude = await xlsxPrelude(bytes, maxStrings, () => tooMuchContent(rules.maxRows))
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(xlsxStream(bytes), {
      worksheets: 'emit',
      sharedStrings: 'ignore',
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    })
    Object.assign(reader, prelude)
    const target = targetSheetName(prelude, rules.sheetName)
    for await (const sheet of reader) {
      // Without a workbook part the first sheet is read.
      if (target !== undefined && (sheet as unknown as { name: string }).name !== target) continue
      rows = await sheetRows(sheet, rules)
      break
    }
  } catch (err) {
    if (err instanceof AppError) throw err
    throw new AppError('VALIDATION_FAILED', 400, rules.unreadable)
  }
  if (!rows) throw new AppError('VALIDATION_FAILED', 400, rules.unreadable)
  if (!rows.length) throw new AppError('VALIDATION_FAILED', 400, '文件中没有数据行')
  return rows
}

/** One streamed sheet's data rows: its header checked, blank rows skipped, stopping past the limit. */
async function sheetRows(sheet: ExcelJS.stream.xlsx.WorksheetReader, rules: SheetRules): Promise<StoredImportRow[]> {
  const rows: StoredImportRow[] = []
  let headerSeen = false
  for await (const row of sheet) {
    if (!headerSeen) {
      // A sheet whose first row is not row 1 has no header.
      checkHeader(row.number === 1 ? row : undefined, rules)
      headerSeen = true
      continue
    }
    const { values, blank } = rowValues(row, rules.columns)
    if (blank) continue
    rows.push({ row: row.number, values })
    if (rows.length > rules.maxRows) throw tooManyRows(rules.maxRows)
  }
  if (!headerSeen) checkHeader(undefined, rules)
  return rows
}
