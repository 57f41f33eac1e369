import { computed, ref, shallowRef } from 'vue'
import { type ApiError, isApiError } from '@/api/errors'
import { createLastWinsQueue } from '@/lib/last-wins-queue'
import type { BridgeMethod } from '@/platform/demo-protocol'
import { answerBridge, bubbleOf, describeMessage, type BridgeAnswer, type ChatBubble, type DesktopChat } from './desktop-bridge'
import { fetchSimChats, fetchSimStaff, setSimUser, signOut, simAddCustomer, type SimChats, type SimStaff } from './desktop.api'

const STAFF_KEY = 'kelan.sim.staff'

export interface SentMessage {
  id: number
  /** The message in words ('[图片]' for a picture). */
  text: string
  bubble: ChatBubble
  at: number
}

function toChats(chats: SimChats): DesktopChat[] {
  return [
    ...chats.customers.map(
      (c): DesktopChat => ({
        kind: 'customer',
        id: c.external_userid,
        name: c.name,
        avatar: c.avatar,
        type: c.type === 2 ? 2 : 1,
        corpName: c.corp_name ?? '',
      }),
    ),
    ...chats.groups.map((g): DesktopChat => ({ kind: 'group', id: g.chat_id, name: g.name, memberCount: g.member_count })),
  ]
}

/**
 * State of the simulated WeCom desktop: who is at the desk, their chats, the open chat,
 * what the sidebar sent, and `frameKey`, bumped whenever the sidebar must reload (as WeCom
 * reopens the sidebar for every chat). `error` is a failed load (the desktop cannot show
 * anything); `actionError` a failed action (the desktop carries on).
 */
export function useSimDesktop() {
  const staff = ref<SimStaff[]>([])
  const userid = ref<string | null>(null)
  const chats = ref<DesktopChat[]>([])
  const current = shallowRef<DesktopChat | null>(null)
  const messages = ref<Record<string, SentMessage[]>>({})
  const frameKey = ref(0)
  const busy = ref(false)
  const switching = ref(false)
  const error = shallowRef<ApiError | null>(null)
  const actionError = shallowRef<ApiError | null>(null)
  let seq = 0

  const me = computed(() => staff.value.find((s) => s.userid === userid.value) ?? null)
  const currentMessages = computed(() => (current.value ? (messages.value[current.value.id] ?? []) : []))
  /**
   * Whether the sidebar frame may exist. Not while the member changes: a frame still signing
   * in would finish OAuth as the old member after the old session was ended, and the next
   * frame would open with it.
   */
  const frameOpen = computed(() => userid.value !== null && !switching.value)

  /** Runs a server round trip: `busy` meanwhile, an API failure in `into` (and `undefined` back). */
  async function guarded<T>(task: () => Promise<T>, into = error): Promise<T | undefined> {
    busy.value = true
    into.value = null
    try {
      return await task()
    } catch (err) {
      if (!isApiError(err)) throw err
      into.value = err
      return undefined
    } finally {
      busy.value = false
    }
  }

  async function switchTo(next: string): Promise<void> {
    switching.value = true
    try {
      // The fake OAuth page signs in whoever is set here; dropping our session makes the
      // sidebar go through OAuth again instead of showing the previous member's view.
      await setSimUser(next)
      await signOut()
      localStorage.setItem(STAFF_KEY, next)
      const list = toChats(await fetchSimChats(next))
      userid.value = next
      chats.value = list
      current.value = list[0] ?? null
      frameKey.value += 1
    } finally {
      switching.value = false
    }
  }

  // Member switches never interleave (the simulator could end up signed in as one member while
  // the desktop shows another), and a pick overtaken by a newer one is skipped.
  const enqueueSwitch = createLastWinsQueue()

  /** Sits `next` at the desk, after any switch under way; the last pick wins. */
  async function selectStaff(next: string): Promise<void> {
    await enqueueSwitch(() => guarded(() => switchTo(next)))
  }

  /** Loads staff and sits the remembered (or first) member at the desk. */
  async function start(): Promise<void> {
    const list = await guarded(fetchSimStaff)
    if (!list) return
    staff.value = list
    const saved = localStorage.getItem(STAFF_KEY)
    const pick = list.find((s) => s.userid === saved) ?? list[0]
    if (pick) await selectStaff(pick.userid)
  }

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
      const who = userid.value
      if (!who) return null
      const added = await simAddCustomer(who)
      const list = toChats(await fetchSimChats(who))
      // The member changed meanwhile: their chats are not these.
      if (userid.value !== who) return null
      chats.value = list
      const chat = list.find((c) => c.kind === 'customer' && c.id === added.external_contact.external_userid)
      if (chat) selectChat(chat)
      return chat ?? null
    }, actionError)) ?? null

  /** Answers the sidebar's JS-SDK calls for the open chat; records what it sends. */
  function answer(method: BridgeMethod, params: unknown): BridgeAnswer {
    const chat = current.value
    const result = answerBridge(chat, method)
    if (result.ok && method === 'sendChatMessage' && chat) {
      const list = messages.value[chat.id] ?? []
      messages.value = { ...messages.value, [chat.id]: [...list, { id: ++seq, text: describeMessage(params), bubble: bubbleOf(params), at: Date.now() }] }
    }
    return result
  }

  return {
    staff, userid, me, chats, current, currentMessages, frameKey, frameOpen, busy, error, actionError,
    start, selectStaff, selectChat, addCustomer, answer,
  }
}
