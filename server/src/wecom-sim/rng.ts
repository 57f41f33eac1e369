/**
 * A small seeded PRNG for the demo corp generator. The generator must give the same corp for
 * the same seed on every machine (tests, screenshots and benchmarks compare against it), so it
 * never touches Math.random; and it derives one stream per record from `seed + key`, so record
 * N is the same whether 300 or 100 000 customers are generated and a database can be grown.
 */

/** cyrb128: a fast string hash giving four 32-bit words, enough state for sfc32. */
function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703
  let h2 = 3144134277
  let h3 = 1013904242
  let h4 = 2773480762
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  h1 ^= h2 ^ h3 ^ h4
  h2 ^= h1
  h3 ^= h1
  h4 ^= h1
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0]
}

/** The 64 characters WeCom ids are made of (base64url). */
export const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** A deterministic random stream (sfc32) with the helpers the generator needs. */
export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  /** @example new Rng('kelan-demo:customer:42').int(1, 6) */
  constructor(key: string) {
    ;[this.a, this.b, this.c, this.d] = hash128(key)
    for (let i = 0; i < 12; i++) this.next()
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return (t >>> 0) / 4294967296
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)]
    if (item === undefined) throw new Error('pick from an empty list')
    return item
  }

  /** Picks by weight: `[[value, weight], ...]`. */
  weighted<T>(table: readonly (readonly [T, number])[]): T {
    const total = table.reduce((s, [, w]) => s + w, 0)
    let r = this.next() * total
    for (const [value, w] of table) {
      r -= w
      if (r < 0) return value
    }
    return table[table.length - 1]![0]
  }

  /** `count` distinct items in random order (count is capped at the list length). */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items]
    const out: T[] = []
    while (out.length < count && pool.length) out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]!)
    return out
  }

  /** `length` characters from `alphabet`. */
  chars(length: number, alphabet = URL_SAFE): string {
    let s = ''
    for (let i = 0; i < length; i++) s += alphabet[Math.floor(this.next() * alphabet.length)]
    return s
  }
}

/**
 * Writes `n` (< 2^30) as 5 url-safe characters through an odd-multiplier bijection, so ids
 * built from it are unique by construction yet do not look sequential.
 */
export function scrambledIndex(n: number, salt: number): string {
  const mixed = (Math.imul(n, 0x2545f491) + salt) & 0x3fffffff
  let s = ''
  for (let shift = 24; shift >= 0; shift -= 6) s += URL_SAFE[(mixed >>> shift) & 63]
  return s
}
