import {
  forcedRemark,
  MARK_IMPORT_MAX_BYTES,
  MARK_IMPORT_MAX_ROWS,
  MARK_REMARK_MAX,
  type MarkCustomerStatus,
  type MarkEventKind,
  type MarkListQuery,
  type MarkSource,
  Unionid,
} from '@kelan/shared'
import * as z from 'zod/mini'
import { isApiError } from '@/api/errors'

// Pure rules of the 客户标记管理 page: labels, the filter form → query, the default remark,
// the unionids textarea, refusal wording and the import file check. Tested in marks.format.test.ts.

export const SOURCE_LABELS: Record<MarkSource, string> = { manual: '手动添加', import: '批量导入' }

export const CUSTOMER_STATUS_LABELS: Record<MarkCustomerStatus, string> = { normal: '正常', lost: '已流失', not_added: '未添加' }

export const EVENT_KIND_LABELS: Record<MarkEventKind, string> = {
  added: '添加',
  edited: '编辑',
  removed: '移除',
  applied: '已应用',
  reapplied: '已恢复',
  notified: '已通知',
}

/** What the filter bar edits; '' means 全部 / no filter. */
export interface MarkFilterForm {
  name: string
  unionid: string
  externalUserId: string
  tagId: string
  source: MarkSource | ''
}

export const emptyMarkFilter = (): MarkFilterForm => ({ name: '', unionid: '', externalUserId: '', tagId: '', source: '' })

/**
 * The list query for a filter form and page: values trimmed, empty ones left out.
 *
 * @example toMarkQuery({ ...emptyMarkFilter(), name: ' 天马 ' }, 2, 20) // { name: '天马', page: 2, pageSize: 20 }
 */
export function toMarkQuery(form: MarkFilterForm, page: number, pageSize: number): Partial<MarkListQuery> {
  const query: Partial<MarkListQuery> = { page, pageSize }
  const name = form.name.trim()
  const unionid = form.unionid.trim()
  const externalUserId = form.externalUserId.trim()
  if (name) query.name = name
  if (unionid) query.unionid = unionid
  if (externalUserId) query.externalUserId = externalUserId
  if (form.tagId) query.tagId = form.tagId
  if (form.source) query.source = form.source
  return query
}

/** Length in characters as WeCom counts them (code points: an emoji is one). */
export const charCount = (text: string): number => Array.from(text).length

/**
 * The remark forced when the admin types none: the tag in brackets before the customer's
 * name, cut to WeCom's 20 characters (the server's own rule, from @kelan/shared).
 *
 * @example defaultRemark('风险客户', '天马湖') // '【风险客户】天马湖'
 */
export const defaultRemark = (tagName: string, customerName: string): string => forcedRemark({ remark: '', tagName, name: customerName })

/** Why a typed remark cannot be sent, or null. */
export function remarkProblem(remark: string): string | null {
  return charCount(remark.trim()) > MARK_REMARK_MAX ? `备注最多 ${MARK_REMARK_MAX} 个字` : null
}

/**
 * The unionids typed into 按 UnionID 添加: one per line (commas and spaces also split),
 * duplicates dropped; `invalid` lists what is not a unionid.
 *
 * @example parseUnionids('oAb1\n oAb1, o-x') // { ids: ['oAb1', 'o-x'], invalid: [] }
 */
export function parseUnionids(text: string): { ids: string[]; invalid: string[] } {
  const ids: string[] = []
  const invalid: string[] = []
  for (const part of text.split(/[\s,，;；]+/)) {
    if (!part) continue
    const target = Unionid.safeParse(part).success ? ids : invalid
    if (!target.includes(part)) target.push(part)
  }
  return { ids, invalid }
}

const AlreadyMarked = z.object({ customers: z.array(z.object({ key: z.string(), name: z.string() })) })

/**
 * What to tell the admin when 添加 is refused: who is already on the list (ALREADY_MARKED),
 * otherwise the server's message.
 */
export function createRefusalMessage(err: unknown): string {
  if (isApiError(err, 'ALREADY_MARKED')) {
    const details = AlreadyMarked.safeParse(err.details)
    if (details.success && details.data.customers.length) {
      const names = details.data.customers.map((c) => c.name || c.key)
      return `以下客户已在标记名单中，未添加任何客户：${names.join('、')}`
    }
  }
  return err instanceof Error ? err.message : '添加失败'
}

/** The import picker accepts the template's xlsx and plain csv. */
export const MARK_IMPORT_ACCEPT = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv'

export const MARK_IMPORT_RULES = `支持 .xlsx 或 .csv 文件，不超过 ${MARK_IMPORT_MAX_BYTES / 1024 / 1024} MB，最多 ${MARK_IMPORT_MAX_ROWS} 行`

/** Why a chosen file cannot be imported, or null when it may be uploaded. */
export function markImportFileProblem(file: Pick<File, 'name' | 'size'>, maxBytes = MARK_IMPORT_MAX_BYTES): string | null {
  if (!/\.(xlsx|csv)$/i.test(file.name.trim())) return '只支持 .xlsx 或 .csv 文件，请使用下载的模板'
  if (file.size === 0) return '文件是空的，请选择填好的模板'
  if (file.size > maxBytes) return `文件不能超过 ${maxBytes / 1024 / 1024} MB，请分成多个文件导入`
  return null
}
