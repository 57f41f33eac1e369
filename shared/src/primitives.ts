import { z } from 'zod'

/** WeCom ids are opaque strings; bound their length so bad input fails early. */
export const ExternalUserId = z.string().min(1).max(64).regex(/^[\w-]+$/, '客户 ID 格式不正确')
export const ChatId = z.string().min(1).max(64).regex(/^[\w-]+$/, '群 ID 格式不正确')

export const Role = z.enum(['admin', 'manager', 'staff'])
export type Role = z.infer<typeof Role>

export const Mode = z.enum(['demo', 'wecom'])
export type Mode = z.infer<typeof Mode>

/** Sidebar entries WeCom reports through `getContext`. */
export const Entry = z.enum([
  'contact_profile',
  'single_chat_tools',
  'group_chat_tools',
  'chat_attachment',
  'single_kf_tools',
  'chain_single_chat_tools',
  'chain_group_chat_tools',
  'internal_group_chat_board',
  'normal',
])
export type Entry = z.infer<typeof Entry>

export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
})
export type PageQuery = z.infer<typeof PageQuery>
