import * as z from 'zod/mini'

/** WeCom ids are opaque strings; bound their length so bad input fails early. */
export const ExternalUserId = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[\w-]+$/, '客户 ID 格式不正确'))
export const ChatId = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[\w-]+$/, '群 ID 格式不正确'))

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
  page: z._default(z.coerce.number().check(z.int(), z.gte(1)), 1),
  pageSize: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20),
})
export type PageQuery = z.infer<typeof PageQuery>
