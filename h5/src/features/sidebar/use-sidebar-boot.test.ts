import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Entry } from '@kelan/shared'
import { navigateTo } from '@/lib/navigate'
import { platformError } from '@/platform/errors'
import type { Platform, PlatformKind } from '@/platform/types'
import { apiErr, json, stubFetch } from '@/test/fetch-stub'
import { useSidebarBoot } from './use-sidebar-boot'

vi.mock('@/lib/navigate', () => ({ navigateTo: vi.fn() }))

const config = { corpId: 'wwdemo', agentId: '1000002', mode: 'demo' }
const me = { corpId: 'wwdemo', userid: 'zhangsan', name: '张三', avatar: '', role: 'staff', permissions: [], mode: 'demo' }

function fakePlatform(entry: Entry, kind: PlatformKind = 'demo', over: Partial<Platform> = {}): Platform {
  return {
    kind,
    getContext: vi.fn().mockResolvedValue({ entry }),
    getCurExternalContact: vi.fn().mockResolvedValue('wmCUST'),
    getCurExternalChat: vi.fn().mockResolvedValue('wrCHAT'),
    sendChatMessage: vi.fn(),
    openUserProfile: vi.fn(),
    ...over,
  }
}

const signedIn = () => stubFetch({ '/api/auth/config': () => json(200, config), '/api/me': () => json(200, me) })

async function boot(platform: Platform) {
  const { view, boot: run } = useSidebarBoot({ makePlatform: () => platform })
  await run()
  return view.value
}

beforeEach(() => {
  setActivePinia(createPinia())
  sessionStorage.clear()
})
afterEach(() => {
  vi.unstubAllGlobals()
  vi.mocked(navigateTo).mockReset()
  window.location.hash = ''
})

describe('useSidebarBoot', () => {
  it.each(['single_chat_tools', 'contact_profile', 'single_kf_tools'] as const)(
    'useSidebarBoot – entry %s – shows the current customer',
    async (entry) => {
      signedIn()
      expect(await boot(fakePlatform(entry))).toEqual({ kind: 'customer', externalUserId: 'wmCUST' })
    },
  )

  it('useSidebarBoot – group chat toolbar – shows the current group', async () => {
    signedIn()
    expect(await boot(fakePlatform('group_chat_tools'))).toEqual({ kind: 'group', chatId: 'wrCHAT' })
  })

  it('useSidebarBoot – opened from the app menu (normal) – shows the not-from-a-chat screen', async () => {
    signedIn()
    expect(await boot(fakePlatform('normal'))).toEqual({ kind: 'not_from_chat' })
  })

  it('useSidebarBoot – plain browser – says open in WeCom and never asks for a session', async () => {
    const fetchMock = signedIn()
    const view = await boot(fakePlatform('normal', 'outside'))
    expect(view).toMatchObject({ kind: 'platform_error', error: { code: 'outside_wecom' } })
    expect(fetchMock.mock.calls.map(([url]) => String(url))).not.toContain('/api/me')
  })

  it('useSidebarBoot – no session (401) – leaves for OAuth with the marked sidebar route as returnTo', async () => {
    stubFetch({ '/api/auth/config': () => json(200, config), '/api/me': () => apiErr(401, 'UNAUTHENTICATED') })
    expect(await boot(fakePlatform('single_chat_tools'))).toEqual({ kind: 'redirecting' })
    expect(navigateTo).toHaveBeenCalledWith(`/api/auth/login?returnTo=${encodeURIComponent('#/sidebar?signin=1')}`)
  })

  it('useSidebarBoot – still 401 right after coming back from OAuth – stops instead of looping', async () => {
    window.location.hash = '#/sidebar?signin=1'
    sessionStorage.setItem('kelan.signInAt', String(Date.now()))
    stubFetch({ '/api/auth/config': () => json(200, config), '/api/me': () => apiErr(401, 'UNAUTHENTICATED') })
    expect(await boot(fakePlatform('single_chat_tools'))).toEqual({ kind: 'sign_in_failed' })
    expect(navigateTo).not.toHaveBeenCalled()
  })

  it('useSidebarBoot – frame reloaded while an earlier sign-in was under way – signs in again instead of failing', async () => {
    window.location.hash = '#/sidebar'
    sessionStorage.setItem('kelan.signInAt', String(Date.now() - 50))
    stubFetch({ '/api/auth/config': () => json(200, config), '/api/me': () => apiErr(401, 'UNAUTHENTICATED') })
    expect(await boot(fakePlatform('single_chat_tools'))).toEqual({ kind: 'redirecting' })
    expect(navigateTo).toHaveBeenCalledOnce()
  })

  it('useSidebarBoot – WeCom refuses the contact (no permission) – shows that platform error', async () => {
    signedIn()
    const platform = fakePlatform('single_chat_tools', 'wecom', {
      getCurExternalContact: vi.fn().mockRejectedValue({ errMsg: 'getCurExternalContact:fail no permission' }),
    })
    expect(await boot(platform)).toMatchObject({ kind: 'platform_error', error: { code: 'no_permission' } })
  })

  it('useSidebarBoot – signature rejected – shows signature_failed', async () => {
    signedIn()
    const platform = fakePlatform('single_chat_tools', 'wecom', { getContext: vi.fn().mockRejectedValue(platformError('signature_failed')) })
    expect(await boot(platform)).toMatchObject({ kind: 'platform_error', error: { code: 'signature_failed' } })
  })

  it('useSidebarBoot – server unreachable – shows a retryable load error', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')))
    expect(await boot(fakePlatform('single_chat_tools'))).toMatchObject({ kind: 'load_error', error: { code: 'NETWORK' } })
  })

  it('useSidebarBoot – an unexpected exception while starting – leaves the skeleton for a retryable error', async () => {
    signedIn()
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const { view, boot: run } = useSidebarBoot({
      makePlatform: () => {
        throw new TypeError('boom')
      },
    })
    await run()
    expect(view.value).toMatchObject({ kind: 'load_error', error: { code: 'INTERNAL' } })
    expect(console.error).toHaveBeenCalled()
    vi.mocked(console.error).mockRestore()
  })
})
