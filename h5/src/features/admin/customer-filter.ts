import { ADD_WAY_LABELS, type BatchSelection, type CustomerFilter, type CustomerFilterQuery } from '@kelan/shared'

// The admin customer list's filter: the form's state, the query string it becomes (what GET
// /api/admin/customers and a batch's `{ filter }` selection both take), and row selection.

export type TagMode = CustomerFilter['tagMode']

export const TAG_MODE_LABELS: Record<TagMode, string> = { any: '任一', all: '全部', none: '不含' }

/** The filter bar's state, as typed by the admin (not yet applied). */
export interface CustomerFilterForm {
  /** Customer name or a follower's remark. */
  q: string
  tagIds: string[]
  tagMode: TagMode
  /** A follower's userid (no staff list route yet). */
  userid: string
  /** A department id, as typed. */
  departmentId: string
  /** Added between these days, both included (local time). */
  addedRange: [Date, Date] | null
  addWay: number | null
}

export const emptyFilterForm = (): CustomerFilterForm => ({
  q: '',
  tagIds: [],
  tagMode: 'any',
  userid: '',
  departmentId: '',
  addedRange: null,
  addWay: null,
})

/** First second of the day `d` falls on, local time, in unix seconds. */
export const dayStart = (d: Date): number => Math.floor(new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime() / 1000)

/** Last second of the day `d` falls on, local time, in unix seconds. */
export const dayEnd = (d: Date): number => Math.floor(new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime() / 1000) - 1

/** Messages for fields the server would refuse; empty when the form can be applied. */
export function filterFormErrors(form: CustomerFilterForm): Partial<Record<keyof CustomerFilterForm, string>> {
  const errors: Partial<Record<keyof CustomerFilterForm, string>> = {}
  if (form.departmentId.trim() && !/^[1-9]\d{0,9}$/.test(form.departmentId.trim())) errors.departmentId = '部门 ID 应为正整数'
  if (form.q.trim().length > 50) errors.q = '搜索内容不能超过 50 个字'
  if (form.userid.trim().length > 64) errors.userid = '成员账号过长'
  return errors
}

/**
 * The filter as a query string object, leaving out what is not set (the tag mode only
 * matters with tags). Dates become unix seconds: the whole first and last day.
 *
 * @example filterToQuery({ ...emptyFilterForm(), q: '王', tagIds: ['t1', 't2'], tagMode: 'all' })
 * // { q: '王', tagIds: 't1,t2', tagMode: 'all' }
 */
export function filterToQuery(form: CustomerFilterForm): CustomerFilterQuery {
  const query: CustomerFilterQuery = {}
  const q = form.q.trim()
  if (q) query.q = q
  if (form.tagIds.length > 0) {
    query.tagIds = form.tagIds.join(',')
    query.tagMode = form.tagMode
  }
  if (form.userid.trim()) query.userid = form.userid.trim()
  if (form.departmentId.trim()) query.departmentId = form.departmentId.trim()
  if (form.addedRange) {
    query.addedFrom = String(dayStart(form.addedRange[0]))
    query.addedTo = String(dayEnd(form.addedRange[1]))
  }
  if (form.addWay !== null) query.addWay = String(form.addWay)
  return query
}

/** One page of the list under `filter`. */
export function pageQuery(filter: CustomerFilterQuery, page: number, pageSize: number): Record<string, string | number> {
  const query: Record<string, string | number> = { page, pageSize }
  for (const [key, value] of Object.entries(filter)) if (value !== undefined) query[key] = value
  return query
}

/** Which rows the admin has picked: some ids, or every customer the applied filter matches. */
export interface RowSelection {
  allMatching: boolean
  ids: string[]
}

/**
 * What a batch is for: `{ filter }` (the filter the list was loaded with, so the server
 * re-runs it) when all matching customers are selected, else the picked ids; null for none.
 */
export function batchSelection(selection: RowSelection, applied: CustomerFilterQuery): BatchSelection | null {
  if (selection.allMatching) {
    const filter: Record<string, string> = {}
    for (const [key, value] of Object.entries(applied)) if (value !== undefined) filter[key] = value
    return { filter }
  }
  return selection.ids.length > 0 ? { ids: [...selection.ids] } : null
}

/** The 添加方式 options, by WeCom's code. */
export const ADD_WAY_OPTIONS: { value: number; label: string }[] = Object.entries(ADD_WAY_LABELS)
  .map(([value, label]) => ({ value: Number(value), label }))
  .sort((a, b) => a.value - b.value)
