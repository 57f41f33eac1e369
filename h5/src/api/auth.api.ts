import { Health, JssdkConfig, Me } from '@kelan/shared'
import { apiGet, parsed, rpc } from './client'

/** Liveness and mode; through the typed RPC client (the route is in AppType). */
export async function fetchHealth(): Promise<Health> {
  return parsed(await rpc.api.health.$get(), Health)
}

/** corpId / agentId / mode for the JS-SDK; no session needed. */
export const fetchAuthConfig = () => apiGet('/api/auth/config', JssdkConfig)

/** The signed-in staff member; 401 without a session. */
export const fetchMe = () => apiGet('/api/me', Me)
