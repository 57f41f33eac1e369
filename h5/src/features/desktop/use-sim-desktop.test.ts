import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setUnauthenticatedHandler } from '@/api/client'
import { apiErr, json, stubFetch } from '@/test/fetch-stub'
import { useSimDesktop } from './use-sim-desktop'

const staff = [
  { userid: 'zhangsan', name: '张三', avatar: '', departments: ['销售部'], role: 'staff' },
  { userid: 'lisi', name: '李四', avatar: '', departments: ['销售部'] },
]
// Shaped like server/src/wecom-sim/control.routes.ts answers.
const chatsOf = (userid: string) => ({
  customers: [{ external_userid: `wm-${userid}`, name: '王小明', avatar: '', type: 1, corp_name: '' }],
  groups: [{ chat_id: `wr-${userid}`, name: '客户群', member_count: 5 }],
})

function simServer(over: Record<string, () => Response> = {}) {
  return stubFetch({
    '/sim/_control/staff': () => json(200, staff),
    '/sim/_control/session': () => json(200, { ok: true }),
    '/api/auth/logout': () => json(200, { ok: true }),
    '/sim/_control/chats': (url) => json(200, chatsOf(url.searchParams.get('userid') ?? '')),
    ...over,
  })
}

beforeEach(() => {
  localStorage.clear()
})
afterEach(() => {
  vi.unstubAllGlobals()
  setUnauthenticatedHandler(undefined)
})

describe('useSimDesktop', () => {
  it('start – remembered member – sets the simulator user, ends the old session and opens their first chat', async () => {
    localStorage.setItem('kelan.sim.staff', 'lisi')
    const fetchMock = simServer()
    const desk = useSimDesktop()
    await desk.start()
    expect(desk.userid.value).toBe('lisi')
    expect(desk.current.value).toMatchObject({ kind: 'customer', id: 'wm-lisi' })
    const session = fetchMock.mock.calls.find(([url]) => String(url) === '/sim/_control/session')
    expect(JSON.parse(String(session?.[1]?.body))).toEqual({ userid: 'lisi' })
    expect(fetchMock.mock.calls.map(([url]) => String(url))).toContain('/api/auth/logout')
  })

  it('start – no session to end (logout 401) – carries on without sending the desktop to sign-in', async () => {
    const signIn = vi.fn()
    setUnauthenticatedHandler(signIn)
    simServer({ '/api/auth/logout': () => apiErr(401, 'UNAUTHENTICATED') })
    const desk = useSimDesktop()
    await desk.start()
    expect(desk.userid.value).toBe('zhangsan')
    expect(desk.error.value).toBeNull()
    expect(signIn).not.toHaveBeenCalled()
  })

  it('selectChat – another chat – reloads the sidebar frame', async () => {
    simServer()
    const desk = useSimDesktop()
    await desk.start()
    const before = desk.frameKey.value
    const group = desk.chats.value.find((c) => c.kind === 'group')
    if (!group) throw new Error('fixture has a group')
    desk.selectChat(group)
    expect(desk.frameKey.value).toBe(before + 1)
    expect(desk.answer('getContext', undefined)).toEqual({ ok: true, result: { entry: 'group_chat_tools' } })
  })

  it('answer – sidebar sends a text – the open chat shows it', async () => {
    simServer()
    const desk = useSimDesktop()
    await desk.start()
    desk.answer('sendChatMessage', { msgtype: 'text', text: { content: '您好，这是产品手册' } })
    expect(desk.currentMessages.value.map((m) => m.text)).toEqual(['您好，这是产品手册'])
  })

  it('addCustomer – simulator adds a customer – refreshes the chats and opens the new one', async () => {
    let added = false
    simServer({
      '/sim/_control/add-customer': () => {
        added = true
        return json(200, { index: 9, external_contact: { external_userid: 'wmNEW', name: '新客户', type: 1 }, follow_info: [] })
      },
      '/sim/_control/chats': () => {
        const base = chatsOf('zhangsan')
        if (added) base.customers.push({ external_userid: 'wmNEW', name: '新客户', avatar: '', type: 1, corp_name: '' })
        return json(200, base)
      },
    })
    const desk = useSimDesktop()
    await desk.start()
    const opened = await desk.addCustomer()
    expect(desk.current.value).toMatchObject({ kind: 'customer', id: 'wmNEW' })
    expect(opened).toBe(desk.current.value)
  })

  it('addCustomer – simulator refuses – opens nothing and shows the error', async () => {
    simServer({ '/sim/_control/add-customer': () => apiErr(500, 'INTERNAL') })
    const desk = useSimDesktop()
    await desk.start()
    const before = desk.current.value
    expect(await desk.addCustomer()).toBeNull()
    expect(desk.current.value).toBe(before)
    expect(desk.error.value).not.toBeNull()
  })
})
