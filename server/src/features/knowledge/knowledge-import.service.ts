/**
 * Importing public knowledge from an xlsx file in the downloadable template: the template, the
 * upload (read and stored as a job, one item per row; the job runner imports the rows), the
 * job's progress and its per-row result file. Admins only (the routes check the role). The
 * spreadsheet work is lib/spreadsheet's, the job storage jobs/import-jobs.repo's.
 */
import { KNOWLEDGE_IMPORT_MAX_ROWS, KNOWLEDGE_KIND_LABELS, type KnowledgeImportJob, type KnowledgeKind } from '@kelan/shared'
import type { Viewer } from '../../app-env'
import type { Deps } from '../../deps'
import { notFound } from '../../lib/errors'
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
import { IMPORT_COLUMNS, importRules, templateFileName, toImportJob, type StoredImportInput } from './knowledge-import.domain'

/** The import template of `kind`: the data sheet's header and a 说明 sheet. */
export async function importTemplate(kind: KnowledgeKind): Promise<XlsxDownload> {
  const workbook = templateWorkbook(KNOWLEDGE_KIND_LABELS[kind], IMPORT_COLUMNS[kind], [
    `从第 2 行起每行一条；表头不要修改；每个文件最多 ${KNOWLEDGE_IMPORT_MAX_ROWS} 行`,
  ])
  return xlsxDownload(workbook, templateFileName(kind), `knowledge-${kind}-template.xlsx`)
}

/**
 * The data rows of an import file of `kind`.
 *
 * @throws AppError VALIDATION_FAILED (400): not an xlsx file, other columns, no row, too many rows
 */
export async function readImportRows(kind: KnowledgeKind, bytes: Uint8Array): Promise<StoredImportRow[]> {
  return readImportFile(bytes, importRules(kind))
}

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
  const input: StoredImportInput = { kind: upload.kind, fileName: upload.fileName, operator: viewer.userid }
  const job = { kind: 'knowledge_import' as const, corpId: viewer.corpId, input, createdBy: viewer.userid, now: deps.clock.now() }
  const row = insertRowsJob(deps.db, job, rows)
  deps.wake?.('jobs')
  return toImportJob(row)
}

function requireImportJob(deps: Deps, viewer: Viewer, id: number) {
  const job = findJobOfKind(deps.db, viewer.corpId, 'knowledge_import', id)
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
  const rows = findJobItems(deps.db, job.id).map((item) => ({
    values: { row: parseImportRow(item.subject)?.row ?? '' },
    status: item.status,
    message: item.message,
  }))
  const workbook = resultWorkbook({ name: '导入结果', columns: [{ header: '行号', key: 'row', width: 8 }] }, rows)
  return xlsxDownload(workbook, `知识库导入结果-${job.id}.xlsx`, `knowledge-import-${job.id}.xlsx`)
}
