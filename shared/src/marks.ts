import * as z from 'zod/mini'
import { ExternalUserId } from './primitives'

// 客户特殊标记 (special marks): customers on this list carry a forced tag and remark on every
// follow relation, now and later, until they are taken off the list.

/** WeCom's remark limit (externalcontact/remark): 20 characters. */
export const MARK_REMARK_MAX = 20
export const MARK_REASON_MAX = 200
/** Customers per 添加 submit. */
export const MARK_CREATE_MAX = 200

/**
 * `text` cut to `max` characters. WeCom counts characters (code points), not UTF-16 units: an
 * emoji in a nickname is one character, and cutting between its two halves would send WeCom
 * a broken string.
 *
 * @example cutToChars('😀😀😀', 2) // '😀😀'
 */
export function cutToChars(text: string, max: number): string {
  const chars = [...text]
  return chars.length <= max ? text : chars.slice(0, max).join('')
}

/**
 * The remark a mark forces on every relation: the admin's own text, else 【tag name】 before
 * the customer's name, cut to WeCom's 20 characters (MARK_REMARK_MAX) with trailing spaces
 * dropped (WeCom trims them, and would then never match). The names are the mark's own copies
 * (taken when marked, or when a unionid-only mark first matched; the tag's at create and
 * edit): a nickname change or a tag rename must not change the remark, or every follower's
 * remark would differ and read as tampering.
 *
 * @example forcedRemark({ remark: '', tagName: '风险客户', name: '王小明' }) // '【风险客户】王小明'
 * @example forcedRemark({ remark: '勿联系', tagName: '风险客户', name: '王小明' }) // '勿联系'
 */
export function forcedRemark(mark: { remark: string; tagName: string; name: string }): string {
  return cutToChars(mark.remark || `【${mark.tagName}】${mark.name}`, MARK_REMARK_MAX).trimEnd()
}

export const MarkSource = z.enum(['manual', 'import'])
export type MarkSource = z.infer<typeof MarkSource>

/** 正常: followed by someone; 已流失: every relation has ended; 未添加: known by unionid only, nobody has added them. */
export const MarkCustomerStatus = z.enum(['normal', 'lost', 'not_added'])
export type MarkCustomerStatus = z.infer<typeof MarkCustomerStatus>

export const StaffRef = z.object({ userid: z.string(), name: z.string() })
export type StaffRef = z.infer<typeof StaffRef>

export const MarkTagRef = z.object({ id: z.string(), name: z.string(), groupName: z.string() })
export type MarkTagRef = z.infer<typeof MarkTagRef>

/** One row of the list (and what create / edit answer with). */
export const Mark = z.object({
  id: z.int(),
  /** '' for a customer known only by unionid. */
  externalUserId: z.string(),
  unionid: z.string(),
  name: z.string(),
  avatar: z.string(),
  tag: MarkTagRef,
  /** The mark tag was deleted (in WeCom): only the remark is forced; tag.name is the name the mark kept. Edit to choose another tag. */
  tagMissing: z.boolean(),
  /** The remark forced on every relation (the default one filled in). */
  remark: z.string(),
  /** True when the admin typed the remark; false when it is the default 【标签】+昵称. */
  customRemark: z.boolean(),
  reason: z.string(),
  source: MarkSource,
  status: z.enum(['active', 'removed']),
  customerStatus: MarkCustomerStatus,
  markedBy: StaffRef,
  markedAt: z.int(),
  removedBy: z.nullable(StaffRef),
  removedAt: z.nullable(z.int()),
  /** Active relations that carry the mark. */
  followerCount: z.int(),
})
export type Mark = z.infer<typeof Mark>

const Filter = z.optional(z.string().check(z.trim(), z.maxLength(64)))

export const MarkListQuery = z.object({
  name: Filter,
  unionid: Filter,
  externalUserId: Filter,
  tagId: z.optional(z.string().check(z.maxLength(64))),
  source: z.optional(MarkSource),
  status: z._default(z.enum(['active', 'removed']), 'active'),
  page: z._default(z.coerce.number().check(z.int(), z.gte(1)), 1),
  pageSize: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20),
})
export type MarkListQuery = z.infer<typeof MarkListQuery>

export const MarkPage = z.object({ items: z.array(Mark), total: z.int() })
export type MarkPage = z.infer<typeof MarkPage>

/** The 选择客户 picker: customers by 客户昵称, unionID or 客户账号. */
export const MarkCandidateQuery = z.object({
  name: Filter,
  unionid: Filter,
  externalUserId: Filter,
  page: z._default(z.coerce.number().check(z.int(), z.gte(1)), 1),
  pageSize: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(50)), 10),
})
export type MarkCandidateQuery = z.infer<typeof MarkCandidateQuery>

export const MarkCandidate = z.object({
  externalUserId: z.string(),
  unionid: z.string(),
  name: z.string(),
  avatar: z.string(),
  /** Already on the list (cannot be selected again). */
  marked: z.boolean(),
})
export type MarkCandidate = z.infer<typeof MarkCandidate>

export const MarkCandidatePage = z.object({ items: z.array(MarkCandidate), total: z.int() })
export type MarkCandidatePage = z.infer<typeof MarkCandidatePage>

export const Unionid = z.string().check(z.trim(), z.minLength(1), z.maxLength(64), z.regex(/^[\w-]+$/, 'UnionID 格式不正确'))

/** A customer to mark: by external_userid, or by unionid for one nobody has added yet. */
export const MarkTarget = z.union([
  z.object({ externalUserId: ExternalUserId }),
  z.object({ unionid: Unionid }),
])
export type MarkTarget = z.infer<typeof MarkTarget>

/** Counts characters as WeCom does (an emoji is one), not UTF-16 units. */
const maxChars = (max: number, message: string) => z.string().check(z.trim(), z.refine((s) => [...s].length <= max, message))
const Remark = maxChars(MARK_REMARK_MAX, `备注最多 ${MARK_REMARK_MAX} 个字`)
const Reason = maxChars(MARK_REASON_MAX, `原因最多 ${MARK_REASON_MAX} 个字`)

export const CreateMarksInput = z.object({
  customers: z.array(MarkTarget).check(z.minLength(1, '请选择客户'), z.maxLength(MARK_CREATE_MAX, `一次最多添加 ${MARK_CREATE_MAX} 个客户`)),
  tagId: z.string().check(z.minLength(1, '请选择标签'), z.maxLength(64)),
  /** '' or absent: the default 【标签】+昵称. */
  remark: z.optional(Remark),
  reason: z.optional(Reason),
})
export type CreateMarksInput = z.infer<typeof CreateMarksInput>

export const CreateMarksResult = z.object({ items: z.array(Mark) })
export type CreateMarksResult = z.infer<typeof CreateMarksResult>

/** 编辑: at least one field. `remark: ''` goes back to the default. */
export const UpdateMarkInput = z
  .object({ tagId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))), remark: z.optional(Remark), reason: z.optional(Reason) })
  .check(z.refine((v) => v.tagId !== undefined || v.remark !== undefined || v.reason !== undefined, '没有要修改的内容'))
export type UpdateMarkInput = z.infer<typeof UpdateMarkInput>

export const MarkEventKind = z.enum(['added', 'edited', 'removed', 'applied', 'reapplied', 'notified'])
export type MarkEventKind = z.infer<typeof MarkEventKind>

export const MarkEvent = z.object({
  id: z.int(),
  kind: MarkEventKind,
  /** The follower whose relation it concerns; null for list-level events. */
  follower: z.nullable(StaffRef),
  /** Who did it; null when Kelan did it itself (enforcement). */
  operator: z.nullable(StaffRef),
  /** One readable Chinese line, e.g. 「标签由 风险客户 改为 同行」, 「张三 在企业微信中移除了标签，已恢复」. */
  text: z.string(),
  at: z.int(),
})
export type MarkEvent = z.infer<typeof MarkEvent>

export const MarkHistoryQuery = z.object({
  cursor: z.optional(z.coerce.number().check(z.int(), z.gte(1))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 30),
})
export const MarkHistoryPage = z.object({ items: z.array(MarkEvent), nextCursor: z.nullable(z.int()) })
export type MarkHistoryPage = z.infer<typeof MarkHistoryPage>

/** Which corp tags may be used as marks, and who besides admins may manage the list. */
export const MarkSettings = z.object({
  tags: z.array(MarkTagRef),
  /** Staff granted 客户标记管理. */
  managers: z.array(StaffRef),
})
export type MarkSettings = z.infer<typeof MarkSettings>

export const UpdateMarkSettingsInput = z
  .object({
    tagIds: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.maxLength(50))),
    managerUserids: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.maxLength(200))),
  })
  .check(z.refine((v) => v.tagIds !== undefined || v.managerUserids !== undefined, '没有要修改的内容'))
export type UpdateMarkSettingsInput = z.infer<typeof UpdateMarkSettingsInput>

/** The banner on a marked customer's card. */
export const CardMark = z.object({
  tagName: z.string(),
  reason: z.string(),
  remark: z.string(),
  markedBy: StaffRef,
  markedAt: z.int(),
})
export type CardMark = z.infer<typeof CardMark>

/** 批量导入 of marks: an xlsx or csv, one customer per row. */
export const MARK_IMPORT_MAX_BYTES = 5 * 1024 * 1024
export const MARK_IMPORT_MAX_ROWS = 5000

export const MarkImportJob = z.object({
  id: z.int(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  total: z.int(),
  done: z.int(),
  failed: z.int(),
  fileName: z.string(),
  createdAt: z.int(),
  finishedAt: z.nullable(z.int()),
  error: z.nullable(z.string()),
})
export type MarkImportJob = z.infer<typeof MarkImportJob>

/** Editing a relation's remark from Kelan (refused with 409 REMARK_LOCKED while a mark stands). */
export const RemarkChangeInput = z.object({
  userid: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  remark: Remark,
})
export type RemarkChangeInput = z.infer<typeof RemarkChangeInput>
