import * as z from 'zod/mini'
import { ExternalUserId } from './primitives'

/**
 * The colours an admin can give a group or tag. Red is kept for special marks (客户标记),
 * which must stand out from every other tag.
 */
export const TagColor = z.enum(['blue', 'green', 'cyan', 'orange', 'purple', 'pink', 'gold', 'gray'])
export type TagColor = z.infer<typeof TagColor>

/** Where a change of a customer's tags came from (history, relation tags). */
export const TagSource = z.enum(['sidebar', 'admin', 'batch', 'wecom', 'mark', 'smart'])
export type TagSource = z.infer<typeof TagSource>

export const TAG_SOURCE_LABELS: Record<TagSource, string> = {
  sidebar: '侧边栏',
  admin: '管理后台',
  batch: '批量打标签',
  wecom: '企业微信',
  mark: '客户标记',
  smart: '智能标签',
}

/**
 * 'app': Kelan may edit and delete it. 'console': made in the WeCom admin console or by
 * another app, so WeCom refuses edits from Kelan: usable, read-only. 'unknown': not found
 * out yet (editing is tried and WeCom's answer settles it).
 */
export const TagOrigin = z.enum(['app', 'console', 'unknown'])
export type TagOrigin = z.infer<typeof TagOrigin>

/** A tag or group name: 1–30 characters after trimming, as WeCom allows. */
export const TagName = z.string().check(
  z.trim(),
  z.minLength(1, '名称不能为空'),
  z.refine((s) => [...s].length <= 30, '名称不能超过 30 个字'),
)

const Description = z.string().check(z.trim(), z.maxLength(200, '描述不能超过 200 个字'))
const TagId = z.string().check(z.minLength(1), z.maxLength(64))

export const LibraryTag = z.object({
  id: z.string(),
  groupId: z.string(),
  name: z.string(),
  order: z.int(),
  /** The colour to draw it in: its own, else its group's. */
  color: TagColor,
  /** Its own colour; null when it follows the group. */
  ownColor: z.nullable(TagColor),
  description: z.string(),
  origin: TagOrigin,
  /** Created or changed in Kelan and not confirmed by WeCom yet. */
  pending: z.boolean(),
  /** Customers carrying it; only in the admin's view of the library. */
  customerCount: z.optional(z.int()),
  /** Chosen as a special-mark tag (客户标记管理): drawn red, first. */
  mark: z.boolean(),
})
export type LibraryTag = z.infer<typeof LibraryTag>

export const LibraryGroup = z.object({
  id: z.string(),
  name: z.string(),
  order: z.int(),
  color: TagColor,
  exclusive: z.boolean(),
  description: z.string(),
  origin: TagOrigin,
  pending: z.boolean(),
  /** In display order (WeCom's: larger `order` first). */
  tags: z.array(LibraryTag),
})
export type LibraryGroup = z.infer<typeof LibraryGroup>

/** GET /api/tags: every group in display order. */
export const TagLibrary = z.object({ groups: z.array(LibraryGroup) })
export type TagLibrary = z.infer<typeof TagLibrary>

const TagIds = z.array(TagId).check(
  z.maxLength(100),
  z.refine((ids) => new Set(ids).size === ids.length, '标签重复'),
)

/** PUT /api/customers/:id/tags: the difference to apply to one follow relation. */
export const TagChangeInput = z
  .object({
    /** The follower whose relation to change; the signed-in staff member when left out. */
    userid: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
    add: z._default(TagIds, []),
    remove: z._default(TagIds, []),
  })
  .check(
    z.refine((v) => v.add.length + v.remove.length > 0, '没有要修改的标签'),
    z.refine((v) => !v.add.some((id) => v.remove.includes(id)), '同一个标签不能既添加又移除'),
  )
export type TagChangeInput = z.infer<typeof TagChangeInput>

/** How the viewer's relation's tags stand with WeCom. */
export const TagSyncState = z.object({
  status: z.enum(['synced', 'pending', 'failed']),
  /** Why WeCom refused, for 'failed'. */
  error: z.nullable(z.string()),
})
export type TagSyncState = z.infer<typeof TagSyncState>

export const TagHistoryItem = z.object({
  id: z.int(),
  action: z.enum(['add', 'remove']),
  tagId: z.string(),
  tagName: z.string(),
  groupName: z.string(),
  source: TagSource,
  /** The follower whose relation changed. */
  follower: z.object({ userid: z.string(), name: z.string() }),
  /** Who made the change in Kelan; null when it was made in WeCom. */
  operator: z.nullable(z.object({ userid: z.string(), name: z.string() })),
  at: z.int(),
})
export type TagHistoryItem = z.infer<typeof TagHistoryItem>

export const TagHistoryQuery = z.object({
  /** The `nextCursor` of the previous page. */
  cursor: z.optional(z.coerce.number().check(z.int(), z.gte(1))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 30),
})

export const TagHistoryPage = z.object({
  items: z.array(TagHistoryItem),
  nextCursor: z.nullable(z.int()),
})
export type TagHistoryPage = z.infer<typeof TagHistoryPage>

// ---------------------------------------------------------------------------------------
// The tag library (admin)

const NewTag = z.object({ name: TagName, color: z.optional(z.nullable(TagColor)), description: z.optional(Description) })

const uniqueNames = (tags: { name: string }[]) => new Set(tags.map((t) => t.name)).size === tags.length

export const CreateGroupInput = z.object({
  name: TagName,
  color: z._default(TagColor, 'blue'),
  exclusive: z._default(z.boolean(), false),
  description: z._default(Description, ''),
  /** WeCom has no empty groups: at least one tag. */
  tags: z.array(NewTag).check(z.minLength(1, '标签组至少要有一个标签'), z.maxLength(100), z.refine(uniqueNames, '同组标签不能重名')),
})
export type CreateGroupInput = z.infer<typeof CreateGroupInput>

export const UpdateGroupInput = z.object({
  name: z.optional(TagName),
  color: z.optional(TagColor),
  description: z.optional(Description),
  exclusive: z.optional(z.boolean()),
  /**
   * With `exclusive: true` while customers carry several tags of the group: keep each
   * customer's most recently added one and take the others off. Without it such a change is
   * refused with MUTEX_CONFLICT listing the customers.
   */
  resolve: z.optional(z.literal('keep_latest')),
})
export type UpdateGroupInput = z.infer<typeof UpdateGroupInput>

export const AddTagsInput = z.object({
  tags: z.array(NewTag).check(z.minLength(1), z.maxLength(100), z.refine(uniqueNames, '同组标签不能重名')),
})
export type AddTagsInput = z.infer<typeof AddTagsInput>

export const UpdateTagInput = z.object({
  name: z.optional(TagName),
  color: z.optional(z.nullable(TagColor)),
  description: z.optional(Description),
})
export type UpdateTagInput = z.infer<typeof UpdateTagInput>

/** PUT …/order: every id of the list (groups, or the tags of one group) in the new display order. */
export const ReorderInput = z.object({
  ids: z.array(TagId).check(z.minLength(1), z.maxLength(3000), z.refine((ids) => new Set(ids).size === ids.length, 'ID 重复')),
})
export type ReorderInput = z.infer<typeof ReorderInput>

/** One customer in a MUTEX_CONFLICT refusal (`details.customers`). */
export const MutexConflict = z.object({
  externalUserId: z.string(),
  name: z.string(),
  tagNames: z.array(z.string()),
})
export type MutexConflict = z.infer<typeof MutexConflict>

// ---------------------------------------------------------------------------------------
// Changes on their way to WeCom that it refused (admin)

export const OutboxFailure = z.object({
  id: z.int(),
  kind: z.enum(['mark_tag', 'create_tags', 'edit_tag', 'delete_tags', 'remark', 'app_message']),
  /** What was being done, in words: "为 王小明（李四的客户）打标签". */
  summary: z.string(),
  errcode: z.nullable(z.int()),
  error: z.string(),
  attempts: z.int(),
  updatedAt: z.int(),
  customer: z.nullable(z.object({ externalUserId: z.string(), name: z.string() })),
})
export type OutboxFailure = z.infer<typeof OutboxFailure>

export const OutboxFailureList = z.object({ items: z.array(OutboxFailure) })
export type OutboxFailureList = z.infer<typeof OutboxFailureList>

// ---------------------------------------------------------------------------------------
// Customers (admin) and batch tagging

const CsvIds = z.pipe(
  z.string().check(z.maxLength(4000)),
  z.transform((s: string) => s.split(',').filter(Boolean)),
)

/** GET /api/admin/customers: filters, all optional; tag ids comma-separated. */
export const CustomerFilter = z.object({
  q: z.optional(z.string().check(z.trim(), z.maxLength(50))),
  tagIds: z.optional(CsvIds),
  tagMode: z._default(z.enum(['any', 'all', 'none']), 'any'),
  userid: z.optional(z.string().check(z.maxLength(64))),
  departmentId: z.optional(z.coerce.number().check(z.int(), z.gte(1))),
  /** Added-time range in unix seconds, both ends included. */
  addedFrom: z.optional(z.coerce.number().check(z.int(), z.gte(0))),
  addedTo: z.optional(z.coerce.number().check(z.int(), z.gte(0))),
  addWay: z.optional(z.coerce.number().check(z.int(), z.gte(0))),
})
export type CustomerFilter = z.infer<typeof CustomerFilter>

export const AdminCustomerItem = z.object({
  externalUserId: z.string(),
  name: z.string(),
  avatar: z.string(),
  type: z.union([z.literal(1), z.literal(2)]),
  corpName: z.string(),
  followers: z.array(z.object({ userid: z.string(), name: z.string(), remark: z.string() })),
  /** The customer's active special-mark tag, if any, comes first with `mark: true`. */
  tags: z.array(z.object({ id: z.string(), name: z.string(), color: TagColor, mark: z.boolean() })),
  /** The latest time a current follower added them. */
  addedAt: z.int(),
})
export type AdminCustomerItem = z.infer<typeof AdminCustomerItem>

export const AdminCustomerPage = z.object({ items: z.array(AdminCustomerItem), total: z.int() })
export type AdminCustomerPage = z.infer<typeof AdminCustomerPage>

/** Raw query-string form of the filter (what the URL carries); see {@link CustomerFilter}. */
export type CustomerFilterQuery = Partial<Record<keyof CustomerFilter, string>>

/** Which customers a batch is for: chosen ones, or all that match a filter. */
export const BatchSelection = z.union([
  z.object({ ids: z.array(ExternalUserId).check(z.minLength(1), z.maxLength(10_000)) }),
  z.object({ filter: z.record(z.string(), z.string()) }),
])
export type BatchSelection = z.infer<typeof BatchSelection>

export const BatchTagInput = z
  .object({ selection: BatchSelection, add: z._default(TagIds, []), remove: z._default(TagIds, []) })
  .check(
    z.refine((v) => v.add.length + v.remove.length > 0, '请选择要添加或移除的标签'),
    z.refine((v) => !v.add.some((id) => v.remove.includes(id)), '同一个标签不能既添加又移除'),
  )
export type BatchTagInput = z.infer<typeof BatchTagInput>

export const BatchConflict = z.object({
  externalUserId: z.string(),
  name: z.string(),
  kind: z.enum(['mutex', 'locked', 'no_relation']),
  /** In words, e.g. "已有「意向程度：高」，将被「低」替换". */
  detail: z.string(),
})
export type BatchConflict = z.infer<typeof BatchConflict>

/** POST /api/admin/tag-batches/precheck: what a batch would do, before anything is applied. */
export const BatchPrecheck = z.object({
  customers: z.int(),
  relations: z.int(),
  conflicts: z.array(BatchConflict),
  /** All conflicts, when `conflicts` lists only the first few hundred. */
  conflictCount: z.int(),
})
export type BatchPrecheck = z.infer<typeof BatchPrecheck>

export const BatchJob = z.object({
  id: z.int(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  total: z.int(),
  done: z.int(),
  failed: z.int(),
  addNames: z.array(z.string()),
  removeNames: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.int(),
  finishedAt: z.nullable(z.int()),
  error: z.nullable(z.string()),
})
export type BatchJob = z.infer<typeof BatchJob>

export const BatchJobList = z.object({ items: z.array(BatchJob) })
export type BatchJobList = z.infer<typeof BatchJobList>
