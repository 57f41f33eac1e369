/**
 * Knowledge import (导入) as plain functions: the template's columns and sheet rules per kind,
 * what a job stores, and a stored row (lib/spreadsheet) checked into an item to create (with
 * the category path it goes to) or the reasons it is refused, in Chinese.
 */
import { z } from 'zod'
import {
  CreateKnowledgeItemInput,
  KNOWLEDGE_IMPORT_MAX_ROWS,
  KNOWLEDGE_KIND_LABELS,
  KNOWLEDGE_LIMITS,
  KnowledgeCategoryName,
  KnowledgeKind,
  type KnowledgeImportJob,
} from '@kelan/shared'
import type { jobs } from '../../db/schema'
import { jobProgress } from '../../jobs/jobs.types'
import type { ImportColumn, SheetRules, StoredImportRow } from '../../lib/spreadsheet'

const CATEGORY: ImportColumn = {
  key: 'category',
  header: '分类',
  width: 24,
  example: '售前咨询/价格',
  note: `分类路径，各级用“/”分隔，最多 ${KNOWLEDGE_LIMITS.categoryDepth} 级；不存在的分类会自动创建；留空则放入“未分类”`,
}
const SEQ: ImportColumn = {
  key: 'seq',
  header: '序号',
  width: 10,
  example: '1',
  note: `选填，0 到 ${KNOWLEDGE_LIMITS.seq}，最多两位小数，列表按序号从小到大排列；留空为 0`,
}

/** The template's columns per kind, in order. */
export const IMPORT_COLUMNS: Record<KnowledgeKind, readonly ImportColumn[]> = {
  script: [
    CATEGORY,
    { key: 'question', header: '问题名称', width: 30, example: '这款产品多少钱？', note: `必填，最多 ${KNOWLEDGE_LIMITS.question} 个字` },
    {
      key: 'similar',
      header: '相似问',
      width: 30,
      example: '价格是多少\n怎么收费',
      note: `选填，每行一个（单元格内换行：Alt+Enter），最多 ${KNOWLEDGE_LIMITS.similarCount} 个，每个最多 ${KNOWLEDGE_LIMITS.similar} 个字`,
    },
    { key: 'answer', header: '答案', width: 40, example: '您好，这款产品的价格是 199 元。', note: `必填，文字答案，最多 ${KNOWLEDGE_LIMITS.answerText} 个字` },
    SEQ,
  ],
  phrase: [
    CATEGORY,
    { key: 'text', header: '内容', width: 48, example: '您好，很高兴为您服务！', note: `必填，最多 ${KNOWLEDGE_LIMITS.phrase} 个字` },
    SEQ,
  ],
  link: [
    CATEGORY,
    { key: 'title', header: '标题', width: 30, example: '产品介绍', note: `必填，最多 ${KNOWLEDGE_LIMITS.linkTitle} 个字` },
    { key: 'url', header: '链接', width: 40, example: 'https://example.com/product', note: '必填，以 http:// 或 https:// 开头' },
    { key: 'description', header: '描述', width: 40, example: '了解我们的产品', note: `选填，最多 ${KNOWLEDGE_LIMITS.linkDescription} 个字` },
    SEQ,
  ],
}

/** How an upload of `kind` is read (see lib/spreadsheet readDataRows). */
export function importRules(kind: KnowledgeKind): SheetRules {
  return {
    columns: IMPORT_COLUMNS[kind],
    sheetName: KNOWLEDGE_KIND_LABELS[kind],
    maxRows: KNOWLEDGE_IMPORT_MAX_ROWS,
    unreadable: '文件无法读取，请上传用模板填写的 .xlsx 文件',
    wrongHeader: `表头与${KNOWLEDGE_KIND_LABELS[kind]}导入模板不一致，请下载模板后填写`,
  }
}

/** What a knowledge import job's `input` holds. */
export const StoredImportInput = z.object({ kind: KnowledgeKind, fileName: z.string(), operator: z.string() })
export type StoredImportInput = z.infer<typeof StoredImportInput>

/** A checked row: the item to create (without category) and the category path below 全部. */
export type CheckedRow = { ok: true; item: CreateKnowledgeItemInput; path: string[] } | { ok: false; message: string }

const PATH_SEPARATOR = /[/／]/

/**
 * A category cell as a path of names below 全部: segments trimmed, empty ones dropped, a
 * leading 全部 ignored (people copy it from the tree). Empty: 未分类.
 */
export function categoryPath(cell: string): { path: string[] } | { errors: string[] } {
  const segments = cell.split(PATH_SEPARATOR).map((s) => s.trim()).filter(Boolean)
  if (segments[0] === '全部') segments.shift()
  if (segments.length > KNOWLEDGE_LIMITS.categoryDepth) return { errors: [`分类层级超过 ${KNOWLEDGE_LIMITS.categoryDepth} 级`] }
  const path: string[] = []
  const errors: string[] = []
  for (const segment of segments) {
    const parsed = KnowledgeCategoryName.safeParse(segment)
    if (parsed.success) path.push(parsed.data)
    else errors.push(...parsed.error.issues.map((i) => i.message))
  }
  return errors.length ? { errors } : { path }
}

/** 序号 from its cell: empty is none (the item gets 0); anything else must be a number. */
function seqOf(cell: string): { seq?: number } | { error: string } {
  const text = cell.trim()
  if (!text) return {}
  const seq = Number(text)
  return Number.isFinite(seq) ? { seq } : { error: '序号必须是数字' }
}

/** The item a row describes, before validation (the shared schema then checks it). */
function candidate(kind: KnowledgeKind, v: Record<string, string>, seq: number | undefined): unknown {
  const common = { library: 'public', kind, ...(seq === undefined ? {} : { seq }) }
  if (kind === 'script') {
    const similar = (v.similar ?? '').split(/\r?\n|\r/).map((s) => s.trim()).filter(Boolean)
    return { ...common, question: v.question ?? '', similar, answer: [{ type: 'text', text: v.answer ?? '' }] }
  }
  if (kind === 'phrase') return { ...common, text: v.text ?? '' }
  return { ...common, title: v.title ?? '', url: v.url ?? '', description: v.description ?? '' }
}

/**
 * Checks a stored row with the same schema as the create form, so an imported item obeys the
 * same rules; a refused row gets every reason at once, joined with "；".
 */
export function checkRow(kind: KnowledgeKind, row: StoredImportRow): CheckedRow {
  const errors: string[] = []
  const category = categoryPath(row.values.category ?? '')
  if ('errors' in category) errors.push(...category.errors)
  const seq = seqOf(row.values.seq ?? '')
  if ('error' in seq) errors.push(seq.error)
  const parsed = CreateKnowledgeItemInput.safeParse(candidate(kind, row.values, 'seq' in seq ? seq.seq : undefined))
  if (!parsed.success) errors.push(...parsed.error.issues.map((i) => i.message))
  if (errors.length || !parsed.success || 'errors' in category) return { ok: false, message: [...new Set(errors)].join('；') }
  return { ok: true, item: parsed.data, path: category.path }
}

/** The job's input, or undefined for one this version cannot read. */
export function parseImportInput(input: unknown): StoredImportInput | undefined {
  const parsed = StoredImportInput.safeParse(input)
  return parsed.success ? parsed.data : undefined
}

/** A jobs row as the API shows it. */
export function toImportJob(row: typeof jobs.$inferSelect): KnowledgeImportJob {
  const input = parseImportInput(row.input)
  return { ...jobProgress(row), kind: input?.kind ?? 'script', fileName: input?.fileName ?? '' }
}

/** The download name of a kind's template, e.g. 话术导入模板.xlsx. */
export const templateFileName = (kind: KnowledgeKind) => `${KNOWLEDGE_KIND_LABELS[kind]}导入模板.xlsx`
