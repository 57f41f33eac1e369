import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setUnauthenticatedHandler } from '@/api/client'
import { apiErr, json, type Route, stubFetch } from '@/test/fetch-stub'
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

function simServer(over: Record<string, Route> = {}) {
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

  it('start – a WeCom (type 2) customer – the chat keeps its type and company for the title', async () => {
    simServer({
      '/sim/_control/chats': () =>
        json(200, { customers: [{ external_userid: 'wmCORP', name: '李总', avatar: '', type: 2, corp_name: '金桥商贸' }], groups: [] }),
    })
    const desk = useSimDesktop()
    await desk.start()
    expect(desk.current.value).toMatchObject({ kind: 'customer', id: 'wmCORP', type: 2, corpName: '金桥商贸' })
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

  it('addCustomer – simulator refuses – opens nothing, reports the action error and keeps the desktop up', async () => {
    simServer({ '/sim/_control/add-customer': () => apiErr(500, 'INTERNAL', '模拟器出错') })
    const desk = useSimDesktop()
    await desk.start()
    const before = desk.current.value
    expect(await desk.addCustomer()).toBeNull()
    expect(desk.current.value).toBe(before)
    expect(desk.actionError.value).toMatchObject({ message: '模拟器出错' })
    expect(desk.error.value).toBeNull()
  })

  it('selectStaff – a second pick while the first is under way – switches one after the other and the last pick wins', async () => {
    const order: string[] = []
    let releaseFirst: () => void = () => {}
    simServer({
      '/sim/_control/session': (_url, init) => {
        const { userid } = JSON.parse(String(init?.body)) as { userid: string }
        order.push(`session:${userid}`)
        if (userid === 'lisi') return new Promise<Response>((r) => (releaseFirst = () => r(json(200, { userid }))))
        return json(200, { userid })
      },
      '/api/auth/logout': () => {
        order.push('logout')
        return json(200, { ok: true })
      },
    })
    const desk = useSimDesktop()
    await desk.start()
    order.length = 0
    const first = desk.selectStaff('lisi')
    await vi.waitFor(() => expect(order).toEqual(['session:lisi']))
    const second = desk.selectStaff('zhangsan')
    await new Promise((r) => setTimeout(r, 10))
    expect(order).toEqual(['session:lisi'])
    releaseFirst()
    await Promise.all([first, second])
    expect(order).toEqual(['session:lisi', 'logout', 'session:zhangsan', 'logout'])
    expect(desk.userid.value).toBe('zhangsan')
    expect(desk.current.value).toMatchObject({ id: 'wm-zhangsan' })
  })

  it('selectStaff – picks overtaken before their turn – are skipped', async () => {
    const sessions: string[] = []
    simServer({
      '/sim/_control/session': (_url, init) => {
        sessions.push((JSON.parse(String(init?.body)) as { userid: string }).userid)
        return json(200, {})
      },
    })
    const desk = useSimDesktop()
    await desk.start()
    sessions.length = 0
    await Promise.all([desk.selectStaff('lisi'), desk.selectStaff('zhangsan'), desk.selectStaff('lisi')])
    expect(sessions.at(-1)).toBe('lisi')
    expect(desk.userid.value).toBe('lisi')
  })

  it('frameOpen – while the member is switching – is false, so no sidebar signs in as the old member', async () => {
    let release: () => void = () => {}
    simServer({
      '/sim/_control/session': (_url, init) => {
        const { userid } = JSON.parse(String(init?.body)) as { userid: string }
        return userid === 'lisi' ? new Promise<Response>((r) => (release = () => r(json(200, {})))) : json(200, {})
      },
    })
    const desk = useSimDesktop()
    await desk.start()
    expect(desk.frameOpen.value).toBe(true)
    const switching = desk.selectStaff('lisi')
    await vi.waitFor(() => expect(desk.frameOpen.value).toBe(false))
    release()
    await switching
    expect(desk.frameOpen.value).toBe(true)
    expect(desk.userid.value).toBe('lisi')
  })
})
