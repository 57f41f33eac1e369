import type { Attachment, BusinessField, BusinessRecord, Followup, ReminderItem, StaffBrief, UsableBusinessTemplate } from '@kelan/shared'
import { flushPromises, type VueWrapper } from '@vue/test-utils'

// One-line factories and helpers for the followups tests; each test states what it cares about.

export const CUSTOMER = 'wmCUSTOMER01'
/** 2026-11-21 12:00 local: the clock the form tests run at. */
export const NOW = Math.floor(new Date(2026, 10, 21, 12, 0).getTime() / 1000)

export const makeStaff = (userid: string, name: string): StaffBrief => ({ userid, name, avatar: '' })

export const makeAttachment = (id: string, over: Partial<Attachment> = {}): Attachment => ({
  id,
  kind: 'image',
  mime: 'image/png',
  size: 2048,
  filename: `${id}.png`,
  url: `/api/attachments/${id}`,
  ...over,
})

export const makeFollowup = (id: number, over: Partial<Followup> = {}): Followup => ({
  id,
  externalUserId: CUSTOMER,
  type: { id: 1, name: '笔记' },
  author: makeStaff('zhangsan', '张三'),
  text: `跟进 ${id}`,
  attachments: [],
  mentions: [],
  reminder: null,
  source: 'sidebar',
  createdAt: NOW - id * 60,
  ...over,
})

export const makeReminder = (id: number, over: Partial<ReminderItem> = {}): ReminderItem => ({
  id,
  customer: { externalUserId: `wm${id}`, name: `客户${id}`, avatar: '' },
  followup: { id: id * 10, typeName: '电话回访', excerpt: '确认报价', author: makeStaff('zhangsan', '张三') },
  dueAt: NOW + 3600,
  status: 'scheduled',
  sentAt: null,
  late: false,
  doneAt: null,
  ...over,
})

export const makeField = (id: string, type: BusinessField['type'], over: Partial<BusinessField> = {}): BusinessField => ({
  id,
  name: id,
  type,
  required: false,
  ...(type === 'select' || type === 'multiselect' ? { options: ['年卡', '季卡', '月卡'] } : {}),
  ...over,
})

export const makeTemplate = (id: number, fields: BusinessField[], over: Partial<UsableBusinessTemplate> = {}): UsableBusinessTemplate => ({
  id,
  name: `模板${id}`,
  description: '',
  fields,
  ...over,
})

export const makeRecord = (id: number, over: Partial<BusinessRecord> = {}): BusinessRecord => ({
  id,
  externalUserId: CUSTOMER,
  templateId: 1,
  templateName: '模板1',
  fields: [makeField('f1', 'text', { name: '意向产品' })],
  values: { f1: '年卡' },
  summary: '意向产品：年卡',
  author: makeStaff('zhangsan', '张三'),
  source: 'sidebar',
  createdAt: NOW - id * 60,
  ...over,
})

/** The `load` a van-list emits when its end scrolls into view (jsdom has no layout to scroll). */
export async function scrollToEnd(w: VueWrapper, index = 0): Promise<void> {
  w.findAllComponents({ name: 'van-list' })[index]!.vm.$emit('load')
  await flushPromises()
}

/** Calls made to `path` by a stubFetch mock, with their URL and JSON body. */
export function callsTo(mock: { mock: { calls: unknown[][] } }, path: string, method = 'GET') {
  return mock.mock.calls
    .map(([input, init]) => ({ url: new URL(String(input), 'http://localhost'), init: init as RequestInit | undefined }))
    .filter((c) => c.url.pathname === path && (c.init?.method ?? 'GET') === method)
    .map((c) => ({ url: c.url, body: c.init?.body ? (JSON.parse(String(c.init.body)) as Record<string, unknown>) : undefined }))
}
