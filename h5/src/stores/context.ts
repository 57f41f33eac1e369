import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { Entry, JssdkConfig } from '@kelan/shared'
import { createPlatform, toPlatformError, type Platform, type PlatformError } from '@/platform'

/** Entries where WeCom can tell us the customer the sidebar is about. */
const CONTACT_ENTRIES: readonly Entry[] = ['single_chat_tools', 'contact_profile', 'single_kf_tools']

/** What the sidebar should show, decided from the entry WeCom reports. */
export type SidebarSubject =
  | { kind: 'customer'; externalUserId: string }
  | { kind: 'group'; chatId: string }
  | { kind: 'none' }

/** The WeCom context the sidebar was opened in: platform, entry and the chat's ids. */
export const useContextStore = defineStore('context', () => {
  /** The platform seam; shallow so Vue does not proxy SDK objects. */
  const platform = shallowRef<Platform | null>(null)
  const entry = ref<Entry | null>(null)
  /** external_userid of the current customer, when opened from a single chat or profile. */
  const externalUserId = ref<string | null>(null)
  /** chat_id of the current customer group, when opened from a group chat. */
  const chatId = ref<string | null>(null)
  /** The last platform failure, rendered as its own screen. */
  const error = shallowRef<PlatformError | null>(null)

  /** Picks and creates the platform once per page (wecom, demo bridge or outside). */
  function init(config: JssdkConfig, make: (c: JssdkConfig) => Platform = createPlatform): Platform {
    platform.value ??= make(config)
    return platform.value
  }

  /** Asks the platform where the sidebar was opened. Failures land in `error` and return null. */
  async function resolveSubject(): Promise<SidebarSubject | null> {
    error.value = null
    if (!platform.value) throw new Error('context.init() must run before resolveSubject()')
    try {
      const ctx = await platform.value.getContext()
      entry.value = ctx.entry
      if (CONTACT_ENTRIES.includes(ctx.entry)) {
        externalUserId.value = await platform.value.getCurExternalContact()
        return { kind: 'customer', externalUserId: externalUserId.value }
      }
      if (ctx.entry === 'group_chat_tools') {
        chatId.value = await platform.value.getCurExternalChat()
        return { kind: 'group', chatId: chatId.value }
      }
      return { kind: 'none' }
    } catch (err) {
      error.value = toPlatformError(err)
      return null
    }
  }

  return { platform, entry, externalUserId, chatId, error, init, resolveSubject }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useContextStore, import.meta.hot))
