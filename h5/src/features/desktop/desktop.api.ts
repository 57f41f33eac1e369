import * as z from 'zod/mini'
import { apiGet, apiPost } from '@/api/client'
import { isApiError } from '@/api/errors'

/** The simulator's control API (demo mode only): who is at the desk and what chats they have. */
export const SimStaff = z.object({
  userid: z.string(),
  name: z.string(),
  avatar: z.string(),
  departments: z.array(z.string()),
  role: z.nullish(z.string()),
})
export type SimStaff = z.infer<typeof SimStaff>

const SimCustomer = z.object({
  external_userid: z.string(),
  name: z.string(),
  avatar: z.string(),
  type: z.int(),
  corp_name: z.nullish(z.string()),
})

const SimGroupChat = z.object({ chat_id: z.string(), name: z.string(), member_count: z.int() })

/** GET /sim/_control/chats (server/src/wecom-sim/control.routes.ts `ControlChats`). */
export const SimChats = z.object({ customers: z.array(SimCustomer), groups: z.array(SimGroupChat) })
export type SimChats = z.infer<typeof SimChats>

/** What add-customer answers with: the simulator's record of the new customer. */
const SimAddedCustomer = z.object({ external_contact: z.object({ external_userid: z.string() }) })

const Anything = z.unknown()

export const fetchSimStaff = () => apiGet('/sim/_control/staff', z.array(SimStaff))

/** Who the simulator's fake OAuth page signs in as. */
export const setSimUser = (userid: string) => apiPost('/sim/_control/session', { userid }, Anything)

export const fetchSimChats = (userid: string) => apiGet('/sim/_control/chats', SimChats, { userid })

/** A new WeChat user adds `userid`; the simulator pushes the add_external_contact callback. */
export const simAddCustomer = (userid: string) => apiPost('/sim/_control/add-customer', { userid }, SimAddedCustomer)

/**
 * Ends the Kelan session so the sidebar signs in again as the newly picked staff member.
 * Having no session to end is fine, and must not send the desktop itself into OAuth.
 */
export async function signOut(): Promise<void> {
  try {
    await apiPost('/api/auth/logout', {}, Anything, { signInOn401: false })
  } catch (err) {
    if (!isApiError(err, 'UNAUTHENTICATED')) throw err
  }
}

/** GET /sim/_control/media/:media_id: an uploaded media's name and size (the chat's file bubble). */
export const SimMedia = z.object({ media_id: z.string(), type: z.string(), filename: z.string(), content_type: z.string(), size: z.int() })
export type SimMedia = z.infer<typeof SimMedia>

export const fetchSimMedia = (mediaId: string) => apiGet(`/sim/_control/media/${encodeURIComponent(mediaId)}`, SimMedia)

/** The bytes of an uploaded media, for an <img> or <video> in the simulated chat. */
export const simMediaUrl = (mediaId: string) => `/sim/_control/media/${encodeURIComponent(mediaId)}/raw`
