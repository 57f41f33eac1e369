import * as z from 'zod/mini'
import { Mode, Role } from './primitives'

export const Me = z.object({
  corpId: z.string(),
  userid: z.string(),
  name: z.string(),
  avatar: z.string(),
  role: Role,
  /** Permissions granted beyond the role: 'marks' = 客户标记管理 (admins have it implicitly). */
  permissions: z.array(z.enum(['marks'])),
  mode: Mode,
})
export type Me = z.infer<typeof Me>

export const Health = z.object({ ok: z.literal(true), mode: Mode })
export type Health = z.infer<typeof Health>

/** Where to go after OAuth; only an in-app hash route is accepted. */
export const ReturnTo = z.string().check(z.maxLength(512), z.regex(/^#\/[\w\-/?=&%.]*$/, '跳转地址不合法'))

export const SignatureQuery = z.object({ url: z.url().check(z.maxLength(2048)) })
export const Signature = z.object({
  timestamp: z.int(),
  nonceStr: z.string(),
  signature: z.string(),
})
export type Signature = z.infer<typeof Signature>

/** What the H5 needs to register the JS-SDK. */
export const JssdkConfig = z.object({ corpId: z.string(), agentId: z.string(), mode: Mode })
export type JssdkConfig = z.infer<typeof JssdkConfig>
