/**
 * Kelan against the WeCom simulator, for the *.sim.test.ts files: nothing faked on Kelan's side.
 */
import { createApp } from '../app'
import type { WecomClientOptions } from '../wecom/client'
import { makeTestSim, simWecomClient } from '../wecom-sim/testing'
import { makeTestDeps } from './helpers'

/**
 * Kelan (demo env, in-memory db) wired to a fresh simulator with `customers` customers and a
 * fake clock: Kelan's real WeCom client talks to the simulator, and the simulator's callbacks
 * are delivered into Kelan's callback route in-process. Close `sim` after the test.
 *
 * @example const { sim, deps } = kelanOnSimulator({ customers: 20, wecom: { sleep: async () => undefined } })
 */
export function kelanOnSimulator(options: { customers: number; wecom?: Partial<WecomClientOptions> }) {
  let kelan: ReturnType<typeof createApp> | undefined
  const { sim, clock } = makeTestSim({
    customers: options.customers,
    callbackUrl: 'http://kelan.local/api/wecom/callback',
    deliver: async (req) => kelan!.fetch(req),
    callbackRetryDelayMs: 1,
  })
  const deps = makeTestDeps({ wecom: simWecomClient(sim, { clock, ...options.wecom }), clock })
  kelan = createApp(deps)
  return { sim, clock, deps, app: kelan }
}
