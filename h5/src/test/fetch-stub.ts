import { vi } from 'vitest'

export type Route = (url: URL, init: RequestInit | undefined) => Response | Promise<Response>

/** A JSON reply as the server would send it. */
export const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

/** The server's error shape. */
export const apiErr = (status: number, code: string, message = code) => json(status, { error: { code, message } })

/**
 * Replaces global fetch with a router keyed by pathname; unknown paths answer 404.
 * Returns the mock so tests can inspect calls.
 */
export function stubFetch(routes: Record<string, Route>) {
  const mock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input instanceof Request ? input.url : input), 'http://localhost')
    const route = routes[url.pathname]
    return route ? route(url, init) : apiErr(404, 'NOT_FOUND')
  })
  vi.stubGlobal('fetch', mock)
  return mock
}
