import { computed, onScopeDispose, ref } from 'vue'

/**
 * Below this width the three desktop columns (260 + 360 + 361 px) no longer fit, so the
 * desktop behaves like the WeCom phone app instead: one pane at a time.
 */
export const NARROW_QUERY = '(max-width: 899px)'

/** A pane of the simulated desktop: the chat list, the open chat's messages, the Kelan sidebar. */
export type DesktopPane = 'list' | 'chat' | 'sidebar'

/** What the narrow layout shows once a chat is open: its messages or the sidebar. */
export type ChatTab = Exclude<DesktopPane, 'list'>

/** The slice of `window.matchMedia` this composable needs (tests pass a fake). */
export type MatchMedia = (query: string) => Pick<MediaQueryList, 'matches' | 'addEventListener' | 'removeEventListener'>

/**
 * Which panes of the simulated desktop are on screen. Wide screens show all three side by side,
 * as the WeCom desktop client does; narrow ones (a phone) show the chat list, then, once a
 * chat is opened, that chat's sidebar or, on the other tab, its messages. Follows the media query
 * live, so rotating a tablet or resizing the window switches layouts without a reload.
 * Call it in a component's setup (or an effect scope): the listener goes with the scope.
 */
export function useDesktopPanes(matchMedia: MatchMedia = (q) => window.matchMedia(q)) {
  const media = matchMedia(NARROW_QUERY)
  const narrow = ref(media.matches)
  const onChange = (event: Pick<MediaQueryListEvent, 'matches'>) => {
    narrow.value = event.matches
  }
  media.addEventListener('change', onChange)
  onScopeDispose(() => media.removeEventListener('change', onChange))

  const opened = ref(false)
  // WeCom users open a customer's chat to look at Kelan, so the sidebar is the default tab.
  const tab = ref<ChatTab>('sidebar')
  /** The one pane the narrow layout shows. */
  const shown = computed<DesktopPane>(() => (opened.value ? tab.value : 'list'))

  /** Whether a pane is on screen: always on wide screens, only the shown one on narrow ones. */
  const visible = (pane: DesktopPane) => !narrow.value || shown.value === pane

  /** A chat was opened (tapped, or a new customer's chat): show its sidebar. */
  function openChat(): void {
    opened.value = true
    tab.value = 'sidebar'
  }

  /** Back to the chat list. */
  function backToList(): void {
    opened.value = false
  }

  return { narrow, opened, tab, shown, visible, openChat, backToList }
}
