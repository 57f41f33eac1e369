import { shallowRef } from 'vue'
import type { JssdkConfig } from '@kelan/shared'
import { ApiError, isApiError } from '@/api/errors'
import { type Platform, type PlatformError } from '@/platform'
import { platformError } from '@/platform/errors'
import { useContextStore } from '@/stores/context'
import { useSessionStore } from '@/stores/session'

/** What the sidebar shows; one variant per screen. */
export type SidebarView =
  | { kind: 'loading' }
  | { kind: 'redirecting' }
  | { kind: 'sign_in_failed' }
  | { kind: 'load_error'; error: ApiError }
  | { kind: 'platform_error'; error: PlatformError }
  | { kind: 'not_from_chat' }
  | { kind: 'customer'; externalUserId: string }
  | { kind: 'group'; chatId: string }

export interface SidebarBootOptions {
  /** Replaces the platform picker (tests). */
  makePlatform?: (config: JssdkConfig) => Platform
}

/**
 * The sidebar's start-up: server config → platform → session → where WeCom opened us.
 * The platform is picked before signing in so a plain browser gets "open in WeCom" instead
 * of an OAuth page that cannot work there. Returns `{ view, boot }`.
 */
export function useSidebarBoot(options: SidebarBootOptions = {}) {
  const session = useSessionStore()
  const context = useContextStore()
  const view = shallowRef<SidebarView>({ kind: 'loading' })

  async function boot(): Promise<void> {
    view.value = { kind: 'loading' }
    try {
      const config = await session.loadConfig()
      const platform = context.init(config, options.makePlatform)
      if (platform.kind === 'outside') {
        view.value = { kind: 'platform_error', error: platformError('outside_wecom') }
        return
      }
      if (!(await session.ensureSession())) {
        view.value = { kind: session.status === 'sign_in_failed' ? 'sign_in_failed' : 'redirecting' }
        return
      }
      view.value = await resolveView()
    } catch (err) {
      if (isApiError(err)) {
        view.value = { kind: 'load_error', error: err }
        return
      }
      // A bug rather than a state: a retryable screen beats a skeleton that never ends.
      console.error(err)
      view.value = { kind: 'load_error', error: new ApiError(0, 'INTERNAL', '页面出错了，请重试') }
    }
  }

  async function resolveView(): Promise<SidebarView> {
    const subject = await context.resolveSubject()
    if (!subject) return { kind: 'platform_error', error: context.error ?? platformError('unknown') }
    if (subject.kind === 'none') return { kind: 'not_from_chat' }
    return subject
  }

  return { view, boot }
}
