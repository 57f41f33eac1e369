import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { platformError } from '@/platform/errors'
import type { PlatformErrorCode } from '@/platform/types'
import PlatformErrorView from './PlatformErrorView.vue'

const render = (code: PlatformErrorCode, demo = false, detail?: string) =>
  mount(PlatformErrorView, { props: { error: platformError(code, detail), demo } })

describe('PlatformErrorView', () => {
  it.each([
    ['no_context', '请从聊天工具栏打开', '配置到聊天工具栏'],
    ['no_permission', '应用没有客户联系权限', '「客户联系 → 可调用应用」中添加本应用，并为该成员开启客户联系功能'],
    ['out_of_range', '你不在应用的可见范围内', '把该成员加入应用可见范围'],
    ['signature_failed', 'JS-SDK 签名校验失败', 'PUBLIC_URL'],
    ['timeout', '企业微信没有响应', '3.0.24'],
    ['unknown', '企业微信返回了错误', '错误信息发给管理员'],
    ['outside_wecom', '请在企业微信中打开', '配置到聊天工具栏'],
  ] as const)('PlatformErrorView – %s – shows its own title and an admin hint in Chinese', (code, title, hint) => {
    const w = render(code)
    expect(w.get('[data-test="platform-error"]').attributes('data-code')).toBe(code)
    expect(w.get('[data-test="state-title"]').text()).toBe(title)
    expect(w.get('[data-test="state-hint"]').text()).toContain(hint)
  })

  it.each(['no_context', 'no_permission', 'out_of_range', 'outside_wecom'] as const)(
    'PlatformErrorView – %s (retrying cannot help) – offers no 重试 and no empty action row',
    (code) => {
      const w = render(code)
      expect(w.find('[data-test="retry"]').exists()).toBe(false)
      expect(w.find('.app-state__actions').exists()).toBe(false)
    },
  )

  it('PlatformErrorView – outside WeCom in demo mode – links to the simulated desktop', () => {
    const w = render('outside_wecom', true)
    expect(w.get('[data-test="state-hint"]').text()).toContain('演示模式')
    expect(w.get('[data-test="open-desktop"]').attributes('href')).toBe('/#/')
  })

  it('PlatformErrorView – outside WeCom in wecom mode – offers no simulator link', () => {
    const w = render('outside_wecom', false)
    expect(w.find('[data-test="open-desktop"]').exists()).toBe(false)
  })

  it('PlatformErrorView – timeout – offers 重试 and emits retry', async () => {
    const w = render('timeout')
    await w.get('[data-test="retry"]').trigger('click')
    expect(w.emitted('retry')).toHaveLength(1)
  })

  it('PlatformErrorView – signature failure with an SDK message – shows it under the hint', () => {
    const w = render('signature_failed', false, 'agentConfig:fail invalid signature (40093)')
    expect(w.get('[data-test="error-detail"]').text()).toBe('agentConfig:fail invalid signature (40093)')
  })
})
