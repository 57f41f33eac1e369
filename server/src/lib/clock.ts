/** Time as services see it; tests pass a fake one. Seconds, as WeCom counts. */
export interface Clock {
  now(): number
}

export const systemClock: Clock = { now: () => Math.floor(Date.now() / 1000) }

export function fakeClock(start = 1_700_000_000): Clock & { advance(seconds: number): void } {
  let t = start
  return { now: () => t, advance: (s) => void (t += s) }
}
