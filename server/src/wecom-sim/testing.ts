/**
 * Test helpers for the simulator (and for Kelan tests that run against it): a small, fresh
 * simulator on an in-memory database with a fake clock, and a caller that fetches a token
 * and speaks the WeCom API the way Kelan's client does (token in the query, JSON bodies).
 */
import { fakeClock } from '../lib/clock'
import { createWecomClient, type WecomClient, type WecomClientOptions } from '../wecom/client'
import { DEMO_CORP } from './demo-config'
import { createSimulator, type Simulator, type SimulatorOptions } from './index'

/** Reply of any WeCom call: the envelope plus whatever the endpoint returns. */
export type WecomReply = { errcode: number; errmsg: string } & Record<string, any>

/**
 * A simulator with 40 customers on ':memory:', a fake clock and no retry pause.
 *
 * @example const { sim, clock } = makeTestSim({ callbackUrl: 'http://kelan/cb', deliver })
 */
export function makeTestSim(opts: Partial<SimulatorOptions> = {}) {
  const clock = fakeClock(1_750_000_000)
  const sim = createSimulator({ dbPath: ':memory:', customers: 40, clock, callbackRetryDelayMs: 0, ...opts })
  return { sim, clock }
}

/**
 * Kelan's real WeCom client talking to `sim` in-process, with the demo app's credentials.
 * The simulator's routes are rooted at '/cgi-bin/...', so a base without a path maps onto them.
 *
 * @example const wecom = simWecomClient(sim, { clock, sleep: async () => undefined })
 */
export function simWecomClient(sim: Simulator, options: Partial<WecomClientOptions> = {}): WecomClient {
  return createWecomClient({
    apiBase: 'http://sim.test',
    corpId: sim.corp.corpId,
    agentId: sim.corp.agentId,
    secret: sim.corp.agentSecret,
    fetch: async (input, init) => sim.app.request(input instanceof Request ? input : String(input), init),
    ...options,
  })
}

/** A fresh access token from gettoken. */
export async function getToken(sim: Simulator): Promise<string> {
  const res = await sim.app.request(`/cgi-bin/gettoken?corpid=${sim.corp.corpId}&corpsecret=${sim.corp.agentSecret}`)
  const body = (await res.json()) as WecomReply
  if (body.errcode !== 0) throw new Error(`gettoken failed: ${body.errcode}`)
  return body.access_token as string
}

/**
 * Calls the WeCom API with a token: GET when `body` is undefined, else POST JSON.
 *
 * @example const call = await wecomCaller(sim); const r = await call('/cgi-bin/user/get?userid=lina')
 */
export async function wecomCaller(sim: Simulator) {
  const token = await getToken(sim)
  return async (path: string, body?: unknown): Promise<WecomReply> => {
    const url = `${path}${path.includes('?') ? '&' : '?'}access_token=${token}`
    const init = body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) }
    const res = await sim.app.request(url, init)
    return (await res.json()) as WecomReply
  }
}

/** JSON request init for the control API. */
export const jsonInit = (body: unknown, method = 'POST'): RequestInit => ({
  method,
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
})

export { DEMO_CORP }
