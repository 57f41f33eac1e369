/**
 * The WeCom simulator: a product feature, not a test double. A new user runs Kelan's demo
 * against it without owning a WeCom corp, so it speaks WeCom's wire format faithfully — the
 * same HTTP API, OAuth redirect and encrypted callbacks — for one demo corp kept in its own
 * SQLite database. Kelan mounts `app` at '/sim' in demo mode; tests call `app.request()`.
 */
import { Hono } from 'hono'
import { systemClock, type Clock } from '../lib/clock'
import { cgiBinRoutes } from './api.routes'
import { avatarRoutes } from './avatar'
import { createCallbackPusher, type Delivery, type SimEvent, type VerifyResult } from './callbacks'
import type { SimContext, SimCorp, SimSettings } from './context'
import { controlRoutes } from './control.routes'
import { expireTokens } from './credentials'
import { DEMO_CORP } from './demo-config'
import { generateCorp } from './demo-corp'
import { Faults } from './faults'
import { oauthRoutes } from './oauth.routes'
import { counts, getMeta, growCustomers, isSeeded, META, openSimDb, seedCorp, type SimCounts, type SimDb } from './store'
import { onSimError } from './wire'

export interface SimulatorOptions {
  /** The simulator's SQLite file; ':memory:' in tests. Seeded with the demo corp when empty. */
  dbPath: string
  /** Default DEMO_CORP. */
  corp?: SimCorp
  /** Kelan's callback URL; without it callbacks are logged but not sent. */
  callbackUrl?: string
  clock?: Clock
  /** How callbacks are sent; default global fetch. Tests pass `(req) => kelanApp.fetch(req)`. */
  deliver?: (req: Request) => Response | Promise<Response>
  /** The mount point as browsers reach it (for avatar URLs); default '/sim'. */
  publicBase?: string
  /** Customers in a newly seeded database; default 300. */
  customers?: number
  /** Generator seed for a newly seeded database; default the demo corp's. */
  seed?: string
  /** Pause between callback attempts; default 1000 ms. */
  callbackRetryDelayMs?: number
  settings?: Partial<SimSettings>
}

export interface Simulator {
  /** Routes relative to the mount point: '/cgi-bin/...', '/connect/oauth2/authorize', '/_control/...', '/avatar/...'. */
  app: Hono
  faults: Faults
  corp: SimCorp
  /** Run-time switches (mutable). */
  settings: SimSettings
  db: SimDb
  /** Queues a callback; the promise settles when it was delivered or finally failed. */
  pushEvent(event: SimEvent): Promise<Delivery>
  callbacks: {
    /** Resolves when every queued callback has been delivered or given up. */
    idle(): Promise<void>
    log(): readonly Delivery[]
  }
  /** Runs WeCom's GET handshake against the callback URL. */
  verifyCallbackUrl(): Promise<VerifyResult>
  /** Ends every access token now (same as `faults.expireTokens()`). */
  expireTokens(): void
  counts(): SimCounts
  close(): void
}

export const DEFAULT_SETTINGS: SimSettings = {
  apiEditsTriggerCallbacks: false,
  followUserPageSize: 500,
  stripMemberPrivacy: true,
  unlicensedUserids: [],
}

/**
 * Opens (and on first use seeds) a simulator.
 *
 * @example
 * const sim = createSimulator({ dbPath: ':memory:', callbackUrl: 'http://kelan/api/wecom/callback', deliver: (r) => app.fetch(r) })
 * const res = await sim.app.request(`/cgi-bin/gettoken?corpid=${DEMO_CORP.corpId}&corpsecret=${DEMO_CORP.agentSecret}`)
 */
export function createSimulator(opts: SimulatorOptions): Simulator {
  const corp = opts.corp ?? DEMO_CORP
  const clock = opts.clock ?? systemClock
  const publicBase = (opts.publicBase ?? '/sim').replace(/\/$/, '')
  const db = openSimDb(opts.dbPath)
  if (!isSeeded(db)) {
    seedCorp(db, generateCorp({ seed: opts.seed, customers: opts.customers, now: clock.now(), agentId: corp.agentId }))
  }
  const pusher = createCallbackPusher({
    corpId: corp.corpId,
    agentId: corp.agentId,
    token: corp.callbackToken,
    aesKey: corp.callbackAesKey,
    url: opts.callbackUrl,
    deliver: opts.deliver ?? ((req) => fetch(req)),
    clock,
    retryDelayMs: opts.callbackRetryDelayMs ?? 1000,
    timeoutMs: 5000,
  })
  const ctx: SimContext = {
    db,
    clock,
    corp,
    publicBase,
    // A copy per simulator: the defaults' array must not be shared (and mutated) between them.
    settings: { ...DEFAULT_SETTINGS, unlicensedUserids: [...DEFAULT_SETTINGS.unlicensedUserids], ...opts.settings },
    // Only customerAt is used (for new demo customers), so no customers are generated here.
    generator: generateCorp({ seed: getMeta(db, META.seed), customers: 0, agentId: corp.agentId }),
    emit: (event) => void pusher.push(event),
  }
  const expire = () => expireTokens(db, clock)
  const faults = new Faults(expire)

  const app = new Hono()
  app.onError(onSimError)
  app.route('/cgi-bin', cgiBinRoutes(ctx, faults))
  app.route('/connect/oauth2', oauthRoutes(ctx))
  app.route('/_control', controlRoutes(ctx, { faults, pusher }))
  app.route('/avatar', avatarRoutes(ctx))

  return {
    app,
    faults,
    corp,
    settings: ctx.settings,
    db,
    pushEvent: pusher.push,
    callbacks: { idle: pusher.idle, log: pusher.log },
    verifyCallbackUrl: pusher.verifyUrl,
    expireTokens: expire,
    counts: () => counts(db),
    close: () => db.close(),
  }
}

export interface SeedResult {
  /** Whether the database was empty and got the whole corp. */
  created: boolean
  /** Customers generated by this call. */
  added: number
  counts: SimCounts
}

/**
 * Creates a simulator database with `customers` generated customers, or grows an existing one
 * to that many (never shrinks). Customers stream in batches: 100 000 take seconds, not memory.
 *
 * @example seedSimulatorDb({ dbPath: 'data/wecom-sim.db', customers: 100_000, now: Date.now() / 1000 | 0 })
 */
export function seedSimulatorDb(opts: {
  dbPath: string
  customers: number
  now: number
  seed?: string
  agentId?: string
  onProgress?: (done: number) => void
}): SeedResult {
  const db = openSimDb(opts.dbPath)
  try {
    const agentId = opts.agentId ?? DEMO_CORP.agentId
    const created = !isSeeded(db)
    const corp = generateCorp({ seed: created ? opts.seed : getMeta(db, META.seed), customers: opts.customers, now: opts.now, agentId })
    const added = created ? seedCorp(db, corp, opts.onProgress) : growCustomers(db, corp, opts.customers, opts.onProgress)
    return { created, added, counts: counts(db) }
  } finally {
    db.close()
  }
}

export { DEMO_CORP } from './demo-config'
export { generateCorp, type DemoCorp, type DemoCustomer, type GenerateCorpOptions } from './demo-corp'
export { eventXml, type Delivery, type SimEvent, type VerifyResult } from './callbacks'
export { ERR } from './errors'
export { SIM_USER_COOKIE } from './oauth.routes'
export type { ControlChats, ControlStaff } from './control.routes'
export type { SimCorp, SimSettings } from './context'
export type { Fault, FaultInput } from './faults'
