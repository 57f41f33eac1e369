import type {
  AdminCustomerItem,
  BatchJob,
  BatchPrecheck,
  Me,
  OutboxFailure,
  Role,
  SyncRun,
} from '@kelan/shared'

// One-line factories for the admin desktop's tests; each test states only what it cares about.
// Library tags and groups come from ./factories (makeLibraryTag, makeLibraryGroup), shared with the sidebar's tests.

export const makeMe = (role: Role, over: Partial<Me> = {}): Me => ({
  corpId: 'wwDEMO',
  userid: role === 'admin' ? 'admin01' : 'zhangsan',
  name: role === 'admin' ? '管理员' : '张三',
  avatar: '',
  role,
  permissions: role === 'admin' ? ['marks'] : [],
  mode: 'demo',
  ...over,
})

export const makeAdminCustomer = (id: string, name: string, over: Partial<AdminCustomerItem> = {}): AdminCustomerItem => ({
  externalUserId: id,
  name,
  avatar: '',
  type: 1,
  corpName: '',
  followers: [{ userid: 'zhangsan', name: '张三', remark: '' }],
  tags: [],
  addedAt: 1_700_000_000,
  ...over,
})

export const makePrecheck = (over: Partial<BatchPrecheck> = {}): BatchPrecheck => ({
  customers: 2,
  relations: 3,
  conflicts: [],
  conflictCount: 0,
  ...over,
})

export const makeBatchJob = (id: number, over: Partial<BatchJob> = {}): BatchJob => ({
  id,
  status: 'queued',
  total: 2,
  done: 0,
  failed: 0,
  addNames: ['高意向'],
  removeNames: [],
  createdBy: '管理员',
  createdAt: 1_700_000_000,
  finishedAt: null,
  error: null,
  ...over,
})

export const makeSyncRun = (id: number, over: Partial<SyncRun> = {}): SyncRun => ({
  id,
  status: 'done',
  startedAt: 1_700_000_000,
  finishedAt: 1_700_000_060,
  counts: { departments: 3, staff: 8, tagGroups: 4, tags: 20, customers: 120, relations: 150 },
  error: null,
  ...over,
})

export const makeOutboxFailure = (id: number, over: Partial<OutboxFailure> = {}): OutboxFailure => ({
  id,
  kind: 'mark_tag',
  summary: '为 王小明（李四的客户）打标签',
  errcode: 84061,
  error: '客户与成员之间没有好友关系',
  attempts: 1,
  updatedAt: 1_700_000_000,
  customer: { externalUserId: 'wmCUSTOMER01', name: '王小明' },
  ...over,
})
