import { KNOWLEDGE_IMPORT_MAX_BYTES, KNOWLEDGE_IMPORT_MAX_ROWS } from '@kelan/shared'

// Browser-side checks of an import file, so an obviously wrong file is refused before it is
// uploaded; the server checks again (and alone can count rows).

/** The xlsx MIME type; some systems report none, so the file name decides as well. */
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** What the file picker offers. */
export const IMPORT_ACCEPT = `.xlsx,${XLSX_MIME}`

/** "5 MB" */
export const maxSizeText = (bytes = KNOWLEDGE_IMPORT_MAX_BYTES): string => `${+(bytes / 1024 / 1024).toFixed(1)} MB`

/** The rules shown above the picker. */
export const IMPORT_RULES = `仅支持 .xlsx 文件，不超过 ${maxSizeText()}，最多 ${KNOWLEDGE_IMPORT_MAX_ROWS} 行`

/**
 * Why a chosen file cannot be imported, or null when it may be uploaded. Old .xls and
 * .csv files are refused too: the template is xlsx.
 *
 * @example importFileProblem({ name: '话术.xls', size: 10 }) // '只支持 .xlsx 格式的 Excel 文件，请使用下载的模板'
 */
export function importFileProblem(file: Pick<File, 'name' | 'size'>, maxBytes = KNOWLEDGE_IMPORT_MAX_BYTES): string | null {
  if (!/\.xlsx$/i.test(file.name.trim())) return '只支持 .xlsx 格式的 Excel 文件，请使用下载的模板'
  if (file.size === 0) return '文件是空的，请选择填好的模板'
  if (file.size > maxBytes) return `文件不能超过 ${maxSizeText(maxBytes)}，请分成多个文件导入`
  return null
}

/** "1.2 MB" / "35 KB" for the chosen file's line. */
export function fileSizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / 1024 / 1024).toFixed(1)} MB`
  return `${Math.max(1, Math.round(bytes / 1024))} KB`
}
