/**
 * 批量导入 of special marks from an xlsx or csv file in the downloadable template: the
 * template, the upload (read now and stored as a job, one item per row; the job runner marks
 * the rows), the job's progress and its per-row result file (行号, 客户, 结果, 说明).
 */
import { MARK_IMPORT_MAX_ROWS, type MarkImportJob } from '@kelan/shared'
import type { Viewer } from '../../app-env'
import type { Deps } from '../../deps'
import { AppError, notFound } from '../../lib/errors'
import {
  parseImportRow,
  readImportFile,
  resultWorkbook,
  templateWorkbook,
  xlsxDownload,
  type StoredImportRow,
  type XlsxDownload,
} from '../../lib/spreadsheet'
import { findJobItems, findJobOfKind, insertRowsJob } from '../../jobs/import-jobs.repo'
import { MARK_IMPORT_COLUMNS, MARK_IMPORT_RULES, MARK_IMPORT_SHEET, toMarkImportJob } from './mark-import.domain'
import { findCustomersByIds, findCustomersByUnionids } from './marks-admin.repo'

/** The import template: the data sheet's header and a 说明 sheet. */
export async function markImportTemplate(): Promise<XlsxDownload> {
  const workbook = templateWorkbook(MARK_IMPORT_SHEET, MARK_IMPORT_COLUMNS, [
    `从第 2 行起每行一个客户；表头不要修改；每个文件最多 ${MARK_IMPORT_MAX_ROWS} 行`,
    '也可以上传同样表头的 .csv 文件（UTF-8 或 GBK 编码）',
    '已在标记名单中的客户会被跳过并注明原因',
  ])
  return xlsxDownload(workbook, '客户标记导入模板.xlsx', 'mark-import-template.xlsx')
}

/** An old binary .xls (OLE compound file) is neither xlsx nor text. */
const isOle = (bytes: Uint8Array) => bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0

/**
 * The data rows of an uploaded file: xlsx when it is a zip archive, else csv text (read by
 * lib/spreadsheet readImportFile, which stops past MARK_IMPORT_MAX_ROWS).
 *
 * @throws AppError VALIDATION_FAILED (400): unreadable, other columns, no row, too many rows
 */
export async function readMarkImportRows(bytes: Uint8Array): Promise<StoredImportRow[]> {
  const { unreadable } = MARK_IMPORT_RULES
  if (isOle(bytes)) throw new AppError('VALIDATION_FAILED', 400, unreadable)
  // Streamed and stopped past the row limit: a file of a million tiny rows is refused at once.
  return readImportFile(bytes, MARK_IMPORT_RULES)
}

/**
 * Starts an import: the file is read now and its rows stored as the job's items in one
 * transaction; the job runner checks and marks them. Answers the queued job.
 *
 * @throws AppError VALIDATION_FAILED (400) from readMarkImportRows
 */
export async function startMarkImport(deps: Deps, viewer: Viewer, upload: { fileName: string; bytes: Uint8Array }): Promise<MarkImportJob> {
  const rows = await readMarkImportRows(upload.bytes)
  const input = { fileName: upload.fileName, operator: viewer.userid }
  const job = insertRowsJob(deps.db, { kind: 'mark_import', corpId: deps.corpId, input, createdBy: viewer.userid, now: deps.clock.now() }, rows)
  deps.wake?.('jobs')
  return toMarkImportJob(job)
}

function requireJob(deps: Deps, id: number) {
  const job = findJobOfKind(deps.db, deps.corpId, 'mark_import', id)
  if (!job) throw notFound('导入任务')
  return job
}

/** @throws AppError NOT_FOUND */
export function getMarkImportJob(deps: Deps, id: number): MarkImportJob {
  return toMarkImportJob(requireJob(deps, id))
}

/** 客户 of the result file: the customer's name and the key from the file, when Kelan knows them. */
function customerLabels(deps: Deps, keys: readonly string[]): Map<string, string> {
  const byId = findCustomersByIds(deps.db, deps.corpId, keys)
  const byUnionid = findCustomersByUnionids(deps.db, deps.corpId, keys)
  return new Map(
    keys.map((k) => {
      const name = (byId.get(k) ?? byUnionid.get(k))?.name
      return [k, name ? `${name}（${k}）` : k]
    }),
  )
}

/**
 * The per-row result of an import (行号, 客户, 结果, 说明) as an xlsx file. Rows not imported yet
 * read 待处理, so it can be downloaded while the job runs.
 *
 * @throws AppError NOT_FOUND
 */
export async function markImportResultFile(deps: Deps, id: number): Promise<XlsxDownload> {
  const job = requireJob(deps, id)
  const items = findJobItems(deps.db, job.id).map((item) => ({ item, row: parseImportRow(item.subject) }))
  const labels = customerLabels(deps, [...new Set(items.flatMap(({ row }) => (row?.values.customer?.trim() ? [row.values.customer.trim()] : [])))])
  const columns = [
    { header: '行号', key: 'row', width: 8 },
    { header: '客户', key: 'customer', width: 40 },
  ]
  const rows = items.map(({ item, row }) => {
    const key = row?.values.customer?.trim() ?? ''
    return { values: { row: row?.row ?? '', customer: labels.get(key) ?? key }, status: item.status, message: item.message }
  })
  const workbook = resultWorkbook({ name: '导入结果', columns }, rows)
  return xlsxDownload(workbook, `客户标记导入结果-${job.id}.xlsx`, `mark-import-${job.id}.xlsx`)
}
