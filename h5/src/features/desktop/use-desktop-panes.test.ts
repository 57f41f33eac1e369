import { describe, expect, it } from 'vitest'
import { effectScope } from 'vue'
import { NARROW_QUERY, useDesktopPanes, type MatchMedia } from './use-desktop-panes'

/** A media query list whose width the test sets; jsdom has no matchMedia. */
function fakeMedia(narrow: boolean) {
  const events = new EventTarget()
  const queries: string[] = []
  const list = {
    matches: narrow,
    addEventListener: (type: string, fn: EventListener) => events.addEventListener(type, fn),
    removeEventListener: (type: string, fn: EventListener) => events.removeEventListener(type, fn),
  }
  const matchMedia = ((query: string) => {
    queries.push(query)
    return list
  }) as unknown as MatchMedia
  /** The viewport crosses the breakpoint. */
  function resize(toNarrow: boolean) {
    list.matches = toNarrow
    events.dispatchEvent(Object.assign(new Event('change'), { matches: toNarrow }))
  }
  return { matchMedia, queries, resize }
}

function panesIn(narrow: boolean) {
  const media = fakeMedia(narrow)
  const scope = effectScope()
  const panes = scope.run(() => useDesktopPanes(media.matchMedia))
  if (!panes) throw new Error('scope ran')
  return { panes, media, scope }
}

const onScreen = (visible: (p: 'list' | 'chat' | 'sidebar') => boolean) =>
  (['list', 'chat', 'sidebar'] as const).filter(visible)

describe('useDesktopPanes', () => {
  it('visible – wide screen – shows all three panes side by side', () => {
    const { panes, media } = panesIn(false)
    expect(media.queries).toEqual([NARROW_QUERY])
    expect(panes.narrow.value).toBe(false)
    expect(onScreen(panes.visible)).toEqual(['list', 'chat', 'sidebar'])
  })

  it('visible – narrow screen, no chat opened – shows only the chat list', () => {
    const { panes } = panesIn(true)
    expect(onScreen(panes.visible)).toEqual(['list'])
  })

  it('openChat – narrow screen – shows the sidebar tab, then the messages tab when picked', () => {
    const { panes } = panesIn(true)
    panes.openChat()
    expect(onScreen(panes.visible)).toEqual(['sidebar'])
    panes.tab.value = 'chat'
    expect(onScreen(panes.visible)).toEqual(['chat'])
  })

  it('openChat – messages tab was picked for the previous chat – opens the next one on the sidebar', () => {
    const { panes } = panesIn(true)
    panes.openChat()
    panes.tab.value = 'chat'
    panes.backToList()
    expect(onScreen(panes.visible)).toEqual(['list'])
    panes.openChat()
    expect(panes.shown.value).toBe('sidebar')
  })

  it('narrow – viewport crosses the breakpoint – switches layouts live', () => {
    const { panes, media } = panesIn(false)
    panes.openChat()
    media.resize(true)
    expect(panes.narrow.value).toBe(true)
    expect(onScreen(panes.visible)).toEqual(['sidebar'])
    media.resize(false)
    expect(onScreen(panes.visible)).toEqual(['list', 'chat', 'sidebar'])
  })

  it('narrow – scope disposed – stops following the media query', () => {
    const { panes, media, scope } = panesIn(false)
    scope.stop()
    media.resize(true)
    expect(panes.narrow.value).toBe(false)
  })
})
