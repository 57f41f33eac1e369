import type { BridgeInbox, BridgePeer } from '@/platform/demo-protocol'

/**
 * A pretend window for postMessage tests: jsdom's postMessage sets neither `source` nor
 * `origin`, which is exactly what the bridge checks.
 */
export interface FakeWindow extends BridgeInbox, BridgePeer {
  origin: string
  /** The window that holds a reference to this one: the `source` of what is posted here. */
  connect(peer: FakeWindow): void
  /** Delivers a message event as if `from` had posted it here (from `origin`, default its own). */
  receive(data: unknown, from: FakeWindow, origin?: string): void
}

export function fakeWindow(origin: string): FakeWindow {
  const events = new EventTarget()
  let peer: FakeWindow | undefined
  const self: FakeWindow = {
    origin,
    connect(p) {
      peer = p
    },
    addEventListener: (type, listener) => events.addEventListener(type, listener as EventListener),
    removeEventListener: (type, listener) => events.removeEventListener(type, listener as EventListener),
    // `w.postMessage(m)` delivers to `w` itself, sent by whoever holds `w` (its peer).
    postMessage(message, targetOrigin) {
      const from = peer
      // Like a browser: a message meant for another origin is silently dropped.
      if (!from || (targetOrigin !== '*' && targetOrigin !== origin)) return
      setTimeout(() => self.receive(message, from), 0)
    },
    receive(data, from, fromOrigin = from.origin) {
      events.dispatchEvent(Object.assign(new Event('message'), { data, origin: fromOrigin, source: from }))
    },
  }
  return self
}

/** Sidebar (child) and desktop (parent) windows wired to each other. */
export function fakeFramePair(origin = 'http://localhost') {
  const sidebar = fakeWindow(origin)
  const desktop = fakeWindow(origin)
  sidebar.connect(desktop)
  desktop.connect(sidebar)
  return { sidebar, desktop }
}
