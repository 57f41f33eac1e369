import { hc } from 'hono/client'
import type { AppType } from '@kelan/server/app'
import { send } from './client'

/**
 * The typed RPC client for routes the server already exports through `AppType`. Apart from
 * client.ts so that hono/client is not in the entry chunk: import it through `loadRpc()`
 * (client.ts), which fetches this module on the first call.
 */
export const rpc = hc<AppType>('/', { fetch: (input: RequestInfo | URL, init?: RequestInit) => send(input, init ?? {}, {}) })

export type Rpc = typeof rpc
