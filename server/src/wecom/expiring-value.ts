import type { Clock } from '../lib/clock'

/** What a loader returns: the value and WeCom's `expires_in` (seconds). */
export interface Expiring {
  value: string
  expiresIn: number
}

export interface ExpiringValue {
  /** The cached value, or a fresh one; concurrent callers share one load. */
  get(): Promise<{ value: string; expiresAt: number }>
  /** Drops the cached value, but only if it is still `value` (a newer one is kept). */
  invalidate(value: string): void
}

/**
 * A single-flight cache for access tokens and JS-SDK tickets. They are renewed `marginS`
 * seconds before WeCom's expiry (so a value never expires mid-request), and N callers on a
 * cold cache make exactly one request: a cold-start stampede is what earns 45009.
 *
 * @example const token = createExpiringValue(clock, 300, fetchToken); (await token.get()).value
 */
export function createExpiringValue(
  clock: Clock,
  marginS: number,
  load: () => Promise<Expiring>,
): ExpiringValue {
  let cached: { value: string; expiresAt: number; renewAt: number } | undefined
  let inflight: Promise<{ value: string; expiresAt: number }> | undefined

  async function loadOnce() {
    const fresh = await load()
    const now = clock.now()
    // A short-lived value (expires_in <= margin) is still used for half its life, not refetched on every call.
    const keepFor = Math.max(fresh.expiresIn - marginS, Math.floor(fresh.expiresIn / 2))
    cached = { value: fresh.value, expiresAt: now + fresh.expiresIn, renewAt: now + keepFor }
    return cached
  }

  return {
    get() {
      if (cached && clock.now() < cached.renewAt) return Promise.resolve(cached)
      inflight ??= loadOnce().finally(() => {
        inflight = undefined
      })
      return inflight
    },
    invalidate(value) {
      if (cached?.value === value) cached = undefined
    },
  }
}
