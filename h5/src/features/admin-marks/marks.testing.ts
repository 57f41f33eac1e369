import type { Mark, MarkCandidate, MarkEvent, MarkImportJob, MarkSettings, MarkTagRef } from '@kelan/shared'

// One-line factories for the 客户标记管理 tests; each test states only what it cares about.

export const MARKS = '/api/admin/marks'
export const CANDIDATES = `${MARKS}/candidates`
export const SETTINGS = `${MARKS}/settings`

export const makeMarkTag = (id: string, name: string): MarkTagRef => ({ id, name, groupName: '客户标记' })

export const RISK = makeMarkTag('tm1', '风险客户')
export const SPAM = makeMarkTag('tm2', '垃圾资源')
export const PEER = makeMarkTag('tm3', '同行')

export const makeMarkSettings = (over: Partial<MarkSettings> = {}): MarkSettings => ({
  tags: [RISK, SPAM, PEER],
  managers: [],
  ...over,
})

export const makeMark = (id: number, name: string, over: Partial<Mark> = {}): Mark => ({
  id,
  externalUserId: `wm${id}`,
  unionid: `oU${id}`,
  name,
  avatar: '',
  tag: RISK,
  remark: `【风险客户】${name}`,
  customRemark: false,
  tagMissing: false,
  reason: '',
  source: 'manual',
  status: 'active',
  customerStatus: 'normal',
  markedBy: { userid: 'admin01', name: '管理员' },
  markedAt: 1_700_000_000,
  removedBy: null,
  removedAt: null,
  followerCount: 1,
  ...over,
})

export const makeCandidate = (id: string, name: string, over: Partial<MarkCandidate> = {}): MarkCandidate => ({
  externalUserId: id,
  unionid: `oU-${id}`,
  name,
  avatar: '',
  marked: false,
  ...over,
})

export const makeMarkEvent = (id: number, over: Partial<MarkEvent> = {}): MarkEvent => ({
  id,
  kind: 'added',
  follower: null,
  operator: { userid: 'admin01', name: '管理员' },
  text: '添加到标记名单：风险客户',
  at: 1_700_000_000,
  ...over,
})

export const makeMarkImportJob = (id: number, over: Partial<MarkImportJob> = {}): MarkImportJob => ({
  id,
  status: 'queued',
  total: 3,
  done: 0,
  failed: 0,
  fileName: '标记.xlsx',
  createdAt: 1_700_000_000,
  finishedAt: null,
  error: null,
  ...over,
})
