import { computed, ref, shallowRef } from 'vue'
import { type ApiError, isApiError } from '@/api/errors'
import type { BridgeMethod } from '@/platform/demo-protocol'
import { answerBridge, describeMessage, type BridgeAnswer, type DesktopChat } from './desktop-bridge'
import { fetchSimChats, fetchSimStaff, setSimUser, signOut, simAddCustomer, type SimChats, type SimStaff } from './desktop.api'

const STAFF_KEY = 'kelan.sim.staff'

export interface SentMessage {
  id: number
  text: string
  at: number
}

function toChats(chats: SimChats): DesktopChat[] {
  return [
    ...chats.customers.map((c): DesktopChat => ({ kind: 'customer', id: c.external_userid, name: c.name, avatar: c.avatar })),
    ...chats.groupChats.map((g): DesktopChat => ({ kind: 'group', id: g.chat_id, name: g.name, memberCount: g.member_count })),
  ]
}

/**
 * State of the simulated WeCom desktop: who is at the desk, their chats, the open chat,
 * what the sidebar sent, and `frameKey`, bumped whenever the sidebar must reload (as WeCom
 * reopens the sidebar for every chat).
 */
export function useSimDesktop() {
  const staff = ref<SimStaff[]>([])
  const userid = ref<string | null>(null)
  const chats = ref<DesktopChat[]>([])
  const current = shallowRef<DesktopChat | null>(null)
  const messages = ref<Record<string, SentMessage[]>>({})
  const frameKey = ref(0)
  const busy = ref(false)
  const error = shallowRef<ApiError | null>(null)
  let seq = 0

  const me = computed(() => staff.value.find((s) => s.userid === userid.value) ?? null)
  const currentMessages = computed(() => (current.value ? (messages.value[current.value.id] ?? []) : []))

  /** Runs a server round trip: `busy` meanwhile, an API failure in `error` (and `undefined` back). */
  async function guarded<T>(task: () => Promise<T>): Promise<T | undefined> {
    busy.value = true
    error.value = null
    try {
      return await task()
    } catch (err) {
      if (!isApiError(err)) throw err
      error.value = err
      return undefined
    } finally {
      busy.value = false
    }
  }

  /** Loads staff and sits the remembered (or first) member at the desk. */
  const start = () =>
    guarded(async () => {
      staff.value = await fetchSimStaff()
      const saved = localStorage.getItem(STAFF_KEY)
      const pick = staff.value.find((s) => s.userid === saved) ?? staff.value[0]
      if (pick) await switchTo(pick.userid)
    })

  async function switchTo(next: string): Promise<void> {
    // The fake OAuth page signs in whoever is set here; dropping our session makes the
    // sidebar go through OAuth again instead of showing the previous member's view.
    await setSimUser(next)
    await signOut()
    localStorage.setItem(STAFF_KEY, next)
    userid.value = next
    chats.value = toChats(await fetchSimChats(next))
    current.value = chats.value[0] ?? null
    frameKey.value += 1
  }

  const selectStaff = (next: string) => guarded(() => switchTo(next))

  function selectChat(chat: DesktopChat): void {
    current.value = chat
    frameKey.value += 1
  }

  /**
   * A new WeChat user adds the current member: refresh the chats and open the new one.
   * Resolves to the chat it opened (null if none), so a phone layout can bring it on screen.
   */
  const addCustomer = async (): Promise<DesktopChat | null> =>
    (await guarded(async () => {
      if (!userid.value) return null
      const added = await simAddCustomer(userid.value)
      chats.value = toChats(await fetchSimChats(userid.value))
      const chat = chats.value.find((c) => c.kind === 'customer' && c.id === added.external_userid)
      if (chat) selectChat(chat)
      return chat ?? null
    })) ?? null

  /** Answers the sidebar's JS-SDK calls for the open chat; records what it sends. */
  function answer(method: BridgeMethod, params: unknown): BridgeAnswer {
    const chat = current.value
    const result = answerBridge(chat, method)
    if (result.ok && method === 'sendChatMessage' && chat) {
      const list = messages.value[chat.id] ?? []
      messages.value = { ...messages.value, [chat.id]: [...list, { id: ++seq, text: describeMessage(params), at: Date.now() }] }
    }
    return result
  }

  return {
    staff, userid, me, chats, current, currentMessages, frameKey, busy, error,
    start, selectStaff, selectChat, addCustomer, answer,
  }
}
