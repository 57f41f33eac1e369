/**
 * 批量导入 of special marks as plain functions: the template's columns, what a job stores, and
 * a stored row checked into the mark to create (customer key, tag, remark, reason) or the
 * reasons it is refused, in Chinese.
 */
import { z } from 'zod'
import { CreateMarksInput, ExternalUserId, MARK_IMPORT_MAX_ROWS, MARK_REASON_MAX, MARK_REMARK_MAX, Unionid, type MarkImportJob } from '@kelan/shared'
import type { jobs } from '../../db/schema'
import { jobProgress } from '../../jobs/jobs.types'
import type { ImportColumn, SheetRules, StoredImportRow } from '../../lib/spreadsheet'

/** The data sheet's name in the template. */
export const MARK_IMPORT_SHEET = '客户标记'

/** The template's columns, in order. */
export const MARK_IMPORT_COLUMNS: readonly ImportColumn[] = [
  {
    key: 'customer',
    header: '客户账号或UnionID',
    width: 36,
    example: 'wmK2FaCwAAybn5Xss6RXcoqinSelw0w',
    note: '必填。客户账号（external_userid，wm 或 wo 开头）或微信 UnionID；还没有员工添加的客户请填 UnionID',
  },
  { key: 'tag', header: '标签', width: 16, example: '风险客户', note: '必填，客户标记标签的名称（在 设置 中选择的标签）' },
  {
    key: 'remark',
    header: '备注（选填）',
    width: 24,
    example: '勿联系',
    note: `选填，强制备注，最多 ${MARK_REMARK_MAX} 个字；留空为【标签】+客户昵称`,
  },
  { key: 'reason', header: '原因（选填）', width: 40, example: '多次恶意投诉', note: `选填，标记原因，最多 ${MARK_REASON_MAX} 个字` },
]

/** How an upload is read (see lib/spreadsheet readDataRows). */
export const MARK_IMPORT_RULES: SheetRules = {
  columns: MARK_IMPORT_COLUMNS,
  sheetName: MARK_IMPORT_SHEET,
  maxRows: MARK_IMPORT_MAX_ROWS,
  unreadable: '文件无法读取，请上传用模板填写的 .xlsx 或 .csv 文件',
  wrongHeader: '表头与客户标记导入模板不一致，请下载模板后填写',
  csv: true,
}

/** What a mark import job's `input` holds. */
export const StoredMarkImportInput = z.object({ fileName: z.string(), operator: z.string() })
export type StoredMarkImportInput = z.infer<typeof StoredMarkImportInput>

/** The job's input, or undefined for one this version cannot read. */
export function parseMarkImportInput(input: unknown): StoredMarkImportInput | undefined {
  const parsed = StoredMarkImportInput.safeParse(input)
  return parsed.success ? parsed.data : undefined
}

/** A jobs row as the API shows it. */
export function toMarkImportJob(row: typeof jobs.$inferSelect): MarkImportJob {
  return { ...jobProgress(row), fileName: parseMarkImportInput(row.input)?.fileName ?? '' }
}

/**
 * Whether a key is a WeCom external_userid rather than a unionid: WeCom's start with wm
 * (WeChat users) or wo (WeCom users); unionids start with o. An unknown external_userid is
 * refused, where an unknown unionid is a customer nobody has added yet.
 */
export const isExternalUseridKey = (key: string) => /^w[mo]/.test(key)

/** A mark tag the file may name. */
export interface ImportTag {
  id: string
  name: string
}

/** A checked row: who, with which tag, remark and reason; or every reason it is refused. */
export type CheckedMarkRow =
  | { ok: true; key: string; byExternalUserid: boolean; tag: ImportTag; remark: string; reason: string }
  | { ok: false; message: string }

const issues = (r: { success: boolean; error?: { issues: { message: string }[] } }) => (r.success ? [] : (r.error?.issues.map((i) => i.message) ?? []))

/** The tag a row names, by name among the mark tags (trimmed; two mark tags of one name are ambiguous). */
function tagByName(name: string, markTags: readonly ImportTag[]): { tag: ImportTag } | { error: string } {
  if (!name) return { error: '请填写标签' }
  const found = markTags.filter((t) => t.name === name)
  if (found.length === 1) return { tag: found[0]! }
  if (found.length > 1) return { error: `有多个名为「${name}」的标记标签，请在设置中只保留一个` }
  return { error: `「${name}」不是客户标记标签` }
}

/** The customer key of a row: an external_userid or a unionid, checked for format. */
function customerKey(raw: string): { key: string; byExternalUserid: boolean } | { error: string } {
  const key = raw.trim()
  if (!key) return { error: '请填写客户账号或UnionID' }
  const byExternalUserid = isExternalUseridKey(key)
  const parsed = (byExternalUserid ? ExternalUserId : Unionid).safeParse(key)
  return parsed.success ? { key, byExternalUserid } : { error: issues(parsed)[0] ?? '客户账号或UnionID格式不正确' }
}

/**
 * Checks a stored row with the create form's rules (remark and reason lengths), so an imported
 * mark obeys the same rules; a refused row gets every reason at once, joined with "；".
 */
export function checkMarkRow(row: StoredImportRow, markTags: readonly ImportTag[]): CheckedMarkRow {
  const v = row.values
  const customer = customerKey(v.customer ?? '')
  const tag = tagByName((v.tag ?? '').trim(), markTags)
  const remark = CreateMarksInput.shape.remark.safeParse(v.remark ?? '')
  const reason = CreateMarksInput.shape.reason.safeParse(v.reason ?? '')
  const errors = [
    ...('error' in customer ? [customer.error] : []),
    ...('error' in tag ? [tag.error] : []),
    ...issues(remark),
    ...issues(reason),
  ]
  if (errors.length || 'error' in customer || 'error' in tag) return { ok: false, message: [...new Set(errors)].join('；') }
  return { ok: true, ...customer, tag: tag.tag, remark: remark.data ?? '', reason: reason.data ?? '' }
}
