/**
 * Importing public knowledge from an xlsx file in the downloadable template: the template, the
 * upload (read and stored as a job, one item per row; the job runner imports the rows), the
 * job's progress and its per-row result file. Admins only (the routes check the role).
 */
import ExcelJS from 'exceljs'
import { KNOWLEDGE_IMPORT_MAX_ROWS, KNOWLEDGE_KIND_LABELS, type KnowledgeImportJob, type KnowledgeKind } from '@kelan/shared'
import type { Viewer } from '../../app-env'
import type { Deps } from '../../deps'
import { attachmentHeader } from '../../lib/content-disposition'
import { AppError, notFound } from '../../lib/errors'
import {
  IMPORT_COLUMNS,
  IMPORT_RESULT_LABELS,
  parseImportRow,
  templateFileName,
  toImportJob,
  type StoredImportRow,
} from './knowledge-import.domain'
import { findImportJob, findImportResults, insertImportJob } from './knowledge-import.repo'

/** A file to download: the xlsx bytes and the Content-Disposition naming it. */
export interface XlsxDownload {
  body: Uint8Array<ArrayBuffer>
  disposition: string
}

const BOLD = { bold: true } as const

async function toDownload(workbook: ExcelJS.Workbook, name: string, ascii: string): Promise<XlsxDownload> {
  const buffer = await workbook.xlsx.writeBuffer()
  return { body: new Uint8Array(buffer as ArrayBuffer), disposition: attachmentHeader(name, ascii) }
}

/**
 * The import template of `kind`: a sheet with the header row only, and a second sheet 说明
 * explaining each column with an example. The example is not a row of the data sheet: an
 * admin who uploads the template with one line added must not import the example too.
 */
export async function importTemplate(kind: KnowledgeKind): Promise<XlsxDownload> {
  const columns = IMPORT_COLUMNS[kind]
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet(KNOWLEDGE_KIND_LABELS[kind])
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, style: { alignment: { wrapText: true, vertical: 'top' } } }))
  sheet.getRow(1).font = BOLD
  const notes = workbook.addWorksheet('说明')
  notes.columns = [
    { header: '列名', key: 'header', width: 12 },
    { header: '说明', key: 'note', width: 60 },
    { header: '示例', key: 'example', width: 40 },
  ]
  notes.getRow(1).font = BOLD
  for (const c of columns) notes.addRow({ header: c.header, note: c.note, example: c.example })
  notes.addRow({})
  notes.addRow({ header: '注意', note: `从第 2 行起每行一条；表头不要修改；每个文件最多 ${KNOWLEDGE_IMPORT_MAX_ROWS} 行` })
  return toDownload(workbook, templateFileName(kind), `knowledge-${kind}-template.xlsx`)
}

const unreadable = () => new AppError('VALIDATION_FAILED', 400, '文件无法读取，请上传用模板填写的 .xlsx 文件')

/** An xlsx file is a zip archive: anything else is refused before a parser sees it. */
const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04

/** A cell as the text a person sees (rich text, hyperlinks and formulas give their text). */
function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return String(value)
  return cell.text ?? ''
}

/**
 * The data rows of an import file of `kind`: the template's sheet (or the first one), its
 * header checked against the template, blank rows skipped.
 *
 * @throws AppError VALIDATION_FAILED (400): not an xlsx file, other columns, no row, too many rows
 */
export async function readImportRows(kind: KnowledgeKind, bytes: Uint8Array): Promise<StoredImportRow[]> {
  if (!isZip(bytes)) throw unreadable()
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
  } catch {
    throw unreadable()
  }
  const sheet = workbook.getWorksheet(KNOWLEDGE_KIND_LABELS[kind]) ?? workbook.worksheets[0]
  if (!sheet) throw unreadable()
  const columns = IMPORT_COLUMNS[kind]
  const header = sheet.getRow(1)
  if (columns.some((c, i) => cellText(header.getCell(i + 1)).trim() !== c.header)) {
    throw new AppError('VALIDATION_FAILED', 400, `表头与${KNOWLEDGE_KIND_LABELS[kind]}导入模板不一致，请下载模板后填写`, {
      details: { expected: columns.map((c) => c.header) },
    })
  }
  // Only the rows the file holds are visited: walking 2..rowCount with getRow() would create
  // every missing row, so one cell in A1000000 of a small file took seconds and a gigabyte.
  // eachRow cannot be stopped, so passing the limit throws out of it.
  const rows: StoredImportRow[] = []
  sheet.eachRow({ includeEmpty: false }, (row, r) => {
    if (r < 2) return
    const values = Object.fromEntries(columns.map((c, i) => [c.key, cellText(row.getCell(i + 1))]))
    if (Object.values(values).every((v) => !v.trim())) return
    rows.push({ row: r, values })
    if (rows.length > KNOWLEDGE_IMPORT_MAX_ROWS) throw tooManyRows()
  })
  if (!rows.length) throw new AppError('VALIDATION_FAILED', 400, '文件中没有数据行')
  return rows
}

const tooManyRows = () =>
  new AppError('VALIDATION_FAILED', 400, `每次最多导入 ${KNOWLEDGE_IMPORT_MAX_ROWS} 行，请分成多个文件`, {
    details: { limit: KNOWLEDGE_IMPORT_MAX_ROWS },
  })

/**
 * Starts an import: the file is read now and its rows stored as the job's items, in one
 * transaction; the job runner checks and imports them in the background. Answers the queued job.
 *
 * @throws AppError VALIDATION_FAILED (400) from readImportRows
 */
export async function startImport(
  deps: Deps,
  viewer: Viewer,
  upload: { kind: KnowledgeKind; fileName: string; bytes: Uint8Array },
): Promise<KnowledgeImportJob> {
  const rows = await readImportRows(upload.kind, upload.bytes)
  const input = { kind: upload.kind, fileName: upload.fileName, operator: viewer.userid }
  const row = insertImportJob(deps.db, { corpId: viewer.corpId, input, createdBy: viewer.userid, now: deps.clock.now() }, rows)
  deps.wake?.('jobs')
  return toImportJob(row)
}

function requireImportJob(deps: Deps, viewer: Viewer, id: number) {
  const job = findImportJob(deps.db, viewer.corpId, id)
  if (!job) throw notFound('导入任务')
  return job
}

/** @throws AppError NOT_FOUND */
export function getImportJob(deps: Deps, viewer: Viewer, id: number): KnowledgeImportJob {
  return toImportJob(requireImportJob(deps, viewer, id))
}

/**
 * The per-row result of an import (行号, 结果, 说明) as an xlsx file. Rows not imported yet
 * read 待处理, so it can be downloaded while the job runs.
 *
 * @throws AppError NOT_FOUND
 */
export async function importResultFile(deps: Deps, viewer: Viewer, id: number): Promise<XlsxDownload> {
  const job = requireImportJob(deps, viewer, id)
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('导入结果')
  sheet.columns = [
    { header: '行号', key: 'row', width: 8 },
    { header: '结果', key: 'result', width: 10 },
    { header: '说明', key: 'message', width: 60 },
  ]
  sheet.getRow(1).font = BOLD
  for (const item of findImportResults(deps.db, job.id)) {
    sheet.addRow({ row: parseImportRow(item.subject)?.row ?? '', result: IMPORT_RESULT_LABELS[item.status], message: item.message })
  }
  return toDownload(workbook, `知识库导入结果-${job.id}.xlsx`, `knowledge-import-${job.id}.xlsx`)
}
