import type { PlatformErrorCode } from '@/platform/types'

/** What the sidebar shows for one platform failure. */
export interface PlatformErrorScreen {
  title: string
  /** What happened, for the member. */
  description: string
  /** What the corp admin should check or change. */
  hint: string
  /** Vant icon name. */
  icon: string
  tone: 'info' | 'warning' | 'error'
  /** Trying again can help (the cause may be passing). */
  retry: boolean
  /** Show the raw SDK message under the hint, for whoever debugs the setup. */
  showDetail: boolean
}

const UPGRADE_HINT = '如果一直出现，请管理员确认该成员的企业微信已升级到最新版本（侧边栏需要 3.0.24 及以上）。'

const SCREENS: Record<Exclude<PlatformErrorCode, 'outside_wecom'>, PlatformErrorScreen> = {
  no_context: {
    title: '请从聊天工具栏打开',
    description: '客栏要在与客户的单聊、客户群或客户资料页里打开，才能知道你在看哪位客户。',
    hint: '管理员：在企业微信管理后台「应用管理 → 客栏 → 配置到聊天工具栏」中添加侧边栏页面。',
    icon: 'chat-o',
    tone: 'info',
    retry: false,
    showDetail: false,
  },
  no_permission: {
    title: '应用没有客户联系权限',
    description: '企业微信拒绝了读取当前客户的请求。',
    hint: '请提示管理员在「客户联系 → 可调用应用」中添加本应用，并为该成员开启客户联系功能。',
    icon: 'lock',
    tone: 'warning',
    retry: false,
    showDetail: false,
  },
  out_of_range: {
    title: '你不在应用的可见范围内',
    description: '只有在客栏可见范围内的成员才能查看客户信息。',
    hint: '请提示管理员把该成员加入应用可见范围（「应用管理 → 客栏 → 可见范围」）。',
    icon: 'manager-o',
    tone: 'warning',
    retry: false,
    showDetail: false,
  },
  signature_failed: {
    title: 'JS-SDK 签名校验失败',
    description: '企业微信没有通过本页面的身份校验，暂时无法读取聊天信息。',
    hint: '管理员请检查：应用的「可信域名」是否就是本页面的域名；服务器的 PUBLIC_URL 是否与侧边栏地址的协议、域名、端口完全一致。',
    icon: 'shield-o',
    tone: 'error',
    retry: true,
    showDetail: true,
  },
  timeout: {
    title: '企业微信没有响应',
    description: '请稍后重试。',
    hint: UPGRADE_HINT,
    icon: 'clock-o',
    tone: 'error',
    retry: true,
    showDetail: true,
  },
  unknown: {
    title: '企业微信返回了错误',
    description: '请稍后重试。',
    hint: `${UPGRADE_HINT}仍有问题时，请把下方的错误信息发给管理员。`,
    icon: 'warning-o',
    tone: 'error',
    retry: true,
    showDetail: true,
  },
}

/**
 * The screen for a platform failure. Outside WeCom the hint depends on the mode: in the demo
 * the simulated desktop plays WeCom, in a real corp the admin must put the page in the toolbar.
 *
 * @example platformErrorScreen('no_permission', false).title // '应用没有客户联系权限'
 */
export function platformErrorScreen(code: PlatformErrorCode, demo: boolean): PlatformErrorScreen {
  if (code !== 'outside_wecom') return SCREENS[code]
  return {
    title: '请在企业微信中打开',
    description: '普通浏览器无法获取聊天上下文，请从企业微信的聊天工具栏打开客栏。',
    hint: demo
      ? '当前是演示模式：可以在模拟的企业微信桌面中体验侧边栏。'
      : '管理员：在「应用管理 → 客栏 → 配置到聊天工具栏」中添加侧边栏页面，成员在与客户的聊天中从工具栏打开。',
    icon: 'phone-o',
    tone: 'info',
    retry: false,
    showDetail: false,
  }
}
