import type { Entry } from '@kelan/shared'

export type PlatformKind = 'wecom' | 'demo' | 'outside'

/**
 * Why the WeCom client could not do what the sidebar asked. Each code has its own screen
 * with a hint for the corp admin (features/platform-errors).
 */
export type PlatformErrorCode =
  | 'no_context' // not opened from a chat toolbar / contact profile
  | 'no_permission' // app lacks 客户联系 permission or the member lacks the feature
  | 'out_of_range' // member outside the app's visible range
  | 'signature_failed' // agentConfig rejected: trusted domain, PUBLIC_URL, ticket
  | 'outside_wecom' // a plain browser: the JS-SDK cannot work here
  | 'timeout' // the client never answered
  | 'unknown'

/** A failure of the platform seam; `detail` keeps the raw errMsg for support. */
export class PlatformError extends Error {
  constructor(
    readonly code: PlatformErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(message)
    this.name = 'PlatformError'
  }
}

/** The messages the sidebar sends into the open chat (a subset of WeCom's sendChatMessage union). */
export type ChatMessage =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'news'; news: { link: string; title: string; desc: string; imgUrl: string } }
  | { msgtype: 'image'; image: { mediaid: string } }
  | { msgtype: 'video'; video: { mediaid: string } }
  | { msgtype: 'file'; file: { mediaid: string } }

/** 1 = a corp member, 2 = an external contact (WeCom's OpenUserProfileType). */
export type UserProfileType = 1 | 2

/** Everything the app asks of the WeCom client. Implementations: wecom, demo, outside. */
export interface Platform {
  readonly kind: PlatformKind
  /** Where the page was opened from (chat toolbar, contact profile, app menu...). */
  getContext(): Promise<{ entry: Entry }>
  /** external_userid of the customer in the current single chat / profile. */
  getCurExternalContact(): Promise<string>
  /** chat_id of the current customer group. */
  getCurExternalChat(): Promise<string>
  sendChatMessage(msg: ChatMessage): Promise<void>
  openUserProfile(type: UserProfileType, userid: string): Promise<void>
}
