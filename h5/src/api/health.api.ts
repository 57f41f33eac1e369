import { Health } from '@kelan/shared'
import { loadRpc, parsed } from './client'

/** Liveness and mode; through the typed RPC client (the route is in AppType). */
export async function fetchHealth(): Promise<Health> {
  const rpc = await loadRpc()
  return parsed(await rpc.api.health.$get(), Health)
}
