import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Entry } from '@kelan/shared'
import { fakePlatform, makePhrase, makeTree } from '@/features/knowledge/knowledge.testing'
import { createPlatform } from '@/platform'
import { createOutsidePlatform } from '@/platform/outside'
import { json, stubFetch } from '@/test/fetch-stub'
import SidebarKnowledgePage from './SidebarKnowledgePage.vue'

vi.mock('@/platform', async (importOriginal) => ({ ...(await importOriginal<typeof import('@/platform')>()), createPlatform: vi.fn() }))

enableAutoUnmount(afterEach)
afterEach(() => {
  vi.unstubAllGlobals()
  vi.mocked(createPlatform).mockReset()
})

const me = { corpId: 'wwdemo', userid: 'zhangsan', name: '张三', avatar: '', role: 'staff', permissions: [], mode: 'demo' }

async function open(entry: Entry | 'outside') {
  vi.mocked(createPlatform).mockReturnValue(entry === 'outside' ? createOutsidePlatform() : fakePlatform({ getContext: vi.fn().mockResolvedValue({ entry }) }))
  stubFetch({
    '/api/auth/config': () => json(200, { corpId: 'wwdemo', agentId: '1000002', mode: 'demo' }),
    '/api/me': () => json(200, me),
    '/api/knowledge/categories': () => json(200, makeTree()),
    '/api/knowledge/items': () => json(200, { items: [makePhrase(1, '您好')], total: 1, page: 1, pageSize: 20 }),
  })
  const w = mount(SidebarKnowledgePage, { global: { plugins: [createPinia()] } })
  await flushPromises()
  return w
}

describe('SidebarKnowledgePage', () => {
  it('SidebarKnowledgePage – opened from a single chat – the panel with 发送', async () => {
    const w = await open('single_chat_tools')
    expect(w.get('[data-test="knowledge-panel"]').attributes('data-in-chat')).toBe('true')
    expect(w.find('[data-test="knowledge-send"]').exists()).toBe(true)
  })

  it('SidebarKnowledgePage – opened from a group chat – the panel with 发送', async () => {
    const w = await open('group_chat_tools')
    expect(w.find('[data-test="knowledge-send"]').exists()).toBe(true)
  })

  it('SidebarKnowledgePage – opened from the app menu – the panel with 复制', async () => {
    const w = await open('normal')
    expect(w.get('[data-test="knowledge-panel"]').attributes('data-in-chat')).toBe('false')
    expect(w.find('[data-test="knowledge-copy"]').exists()).toBe(true)
  })

  it('SidebarKnowledgePage – plain browser – the open-in-WeCom screen, no panel', async () => {
    const w = await open('outside')
    expect(w.get('[data-test="platform-error"]').attributes('data-code')).toBe('outside_wecom')
    expect(w.find('[data-test="knowledge-panel"]').exists()).toBe(false)
  })
})
