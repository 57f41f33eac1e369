/**
 * Fault switches: make a WeCom API path answer with an errcode, an HTTP 5xx or slowly, for a
 * number of calls or until cleared, and force every access token to expire. Kelan's retry, token-refresh and error paths can then be
 * tested against the same simulator the demo uses instead of against hand-written mocks.
 * Faults are run-time state only (never persisted): a restart clears them.
 */
import type { MiddlewareHandler } from 'hono'
import { z } from 'zod'
import { wecomErrmsg } from './errors'

export const FaultInput = z
  .object({
    /** A path relative to the mount point, e.g. '/cgi-bin/gettoken', or '*' for every API path. */
    path: z.string().regex(/^(\*|\/cgi-bin\/[\w/]+)$/, "'*' or a /cgi-bin/... path"),
    errcode: z.number().int().refine((n) => n !== 0, 'errcode 0 is not a fault').optional(),
    status: z.number().int().min(500).max(599).optional(),
    delayMs: z.number().int().min(1).max(60_000).optional(),
    /** How many calls it applies to; unlimited when left out. */
    times: z.number().int().min(1).optional(),
  })
  .refine((f) => f.errcode !== undefined || f.status !== undefined || f.delayMs !== undefined, {
    message: 'give errcode, status or delayMs',
  })
export type FaultInput = z.infer<typeof FaultInput>

export interface Fault extends FaultInput {
  id: number
  /** Calls left; null = until cleared. */
  remaining: number | null
}

/** The fault registry behind `sim.faults` and /_control/faults. */
export class Faults {
  private rules: Fault[] = []
  private nextId = 1

  /** @param expire ends every access token (the simulator passes its credential store's). */
  constructor(private readonly expire: () => void) {}

  /** Ends every access token now: the next call with an old one answers 42001. */
  expireTokens(): void {
    this.expire()
  }

  /**
   * Adds a fault; returns it (with its id). Several faults may match one call: the oldest wins.
   *
   * @example sim.faults.add({ path: '/cgi-bin/externalcontact/get', errcode: -1, times: 2 })
   */
  add(input: FaultInput): Fault {
    const fault: Fault = { ...FaultInput.parse(input), id: this.nextId++, remaining: input.times ?? null }
    this.rules.push(fault)
    return fault
  }

  /** errcode on `path` for `times` calls (or until cleared). */
  failWith(path: string, errcode: number, times?: number): Fault {
    return this.add({ path, errcode, times })
  }

  /** An HTTP 5xx on `path`. */
  httpError(path: string, status = 502, times?: number): Fault {
    return this.add({ path, status, times })
  }

  /** A reply delayed by `delayMs`. */
  slow(path: string, delayMs: number, times?: number): Fault {
    return this.add({ path, delayMs, times })
  }

  list(): readonly Fault[] {
    return this.rules
  }

  /** Clears one fault by id, or all of them. */
  clear(id?: number): void {
    this.rules = id === undefined ? [] : this.rules.filter((r) => r.id !== id)
  }

  /** The fault for a call to `path`, used up by one. */
  take(path: string): Fault | undefined {
    const rule = this.rules.find((r) => r.path === '*' || r.path === path)
    if (!rule) return undefined
    if (rule.remaining !== null && --rule.remaining === 0) this.clear(rule.id)
    return rule
  }
}

/** Applies faults to the /cgi-bin paths, before token checks (WeCom may fail anywhere). */
export function faultMiddleware(faults: Faults): MiddlewareHandler {
  return async (c, next) => {
    const path = c.req.path.slice(c.req.path.indexOf('/cgi-bin/'))
    const fault = faults.take(path)
    if (!fault) return next()
    if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs))
    if (fault.status) return c.text(`<html><body><h1>${fault.status} Bad Gateway</h1></body></html>`, fault.status as 500)
    if (fault.errcode !== undefined) return c.json({ errcode: fault.errcode, errmsg: wecomErrmsg(fault.errcode, 'injected fault') })
    return next()
  }
}
