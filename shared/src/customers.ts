import * as z from 'zod/mini'
import { CardMark } from './marks'
import { TagColor, TagSyncState } from './tags'

export const CustomerType = z.union([z.literal(1), z.literal(2)])

export const CardTag = z.object({
  id: z.string(),
  name: z.string(),
  color: TagColor,
  /** userids of the staff whose relation carries this tag. */
  addedBy: z.array(z.string()),
  /** Held by a special mark: it cannot be taken off while the mark stands. */
  locked: z.boolean(),
  /** The customer's special-mark tag: drawn red, in the first group shown. */
  mark: z.boolean(),
})
export type CardTag = z.infer<typeof CardTag>

export const CardTagGroup = z.object({
  id: z.string(),
  name: z.string(),
  color: TagColor,
  exclusive: z.boolean(),
  tags: z.array(CardTag),
})
export type CardTagGroup = z.infer<typeof CardTagGroup>

export const Follower = z.object({
  userid: z.string(),
  name: z.string(),
  avatar: z.string(),
  createtime: z.int(),
})
export type Follower = z.infer<typeof Follower>

/** Everything the sidebar's first screen shows, in one reply. */
export const CustomerCard = z.object({
  externalUserId: z.string(),
  name: z.string(),
  avatar: z.string(),
  type: CustomerType,
  corpName: z.string(),
  gender: z.int(),
  /** The signed-in staff member's relation; null when they do not follow this customer. */
  mine: z.nullable(
    z.object({
      remark: z.string(),
      description: z.string(),
      createtime: z.int(),
      addWay: z.int(),
      addWayLabel: z.string(),
      state: z.string(),
      /** The ids of the tags on this relation (what the tag editor starts from). */
      tagIds: z.array(z.string()),
      tagSync: TagSyncState,
    }),
  ),
  /** Followers ordered by when they added the customer, first first. */
  followers: z.array(Follower),
  tagGroups: z.array(CardTagGroup),
  /** The special mark standing on this customer (the sidebar's red banner); null when none. */
  mark: z.nullable(CardMark),
})
export type CustomerCard = z.infer<typeof CustomerCard>

export const GroupChatCard = z.object({
  chatId: z.string(),
  name: z.string(),
  ownerName: z.string(),
  memberCount: z.int(),
  customerCount: z.int(),
})
export type GroupChatCard = z.infer<typeof GroupChatCard>

/** One row of the data-scoped customer list (GET /api/customers). */
export const CustomerListItem = z.object({
  externalUserId: z.string(),
  name: z.string(),
  avatar: z.string(),
  type: CustomerType,
  corpName: z.string(),
  followerNames: z.array(z.string()),
  addedAt: z.number(),
})
export type CustomerListItem = z.infer<typeof CustomerListItem>

export const CustomerListPage = z.object({ items: z.array(CustomerListItem), total: z.int() })
export type CustomerListPage = z.infer<typeof CustomerListPage>

/** WeCom's add_way codes in the words a Chinese sales user knows. */
export const ADD_WAY_LABELS: Record<number, string> = {
  0: '未知来源',
  1: '扫描二维码',
  2: '搜索手机号',
  3: '名片分享',
  4: '群聊',
  5: '手机通讯录',
  6: '微信联系人',
  7: '来自微信的添加好友申请',
  8: '安装第三方应用时自动添加的客服人员',
  9: '搜索邮箱',
  10: '视频号添加',
  201: '内部成员共享',
  202: '管理员/负责人分配',
}

export function addWayLabel(addWay: number): string {
  return ADD_WAY_LABELS[addWay] ?? `其他方式（${addWay}）`
}
