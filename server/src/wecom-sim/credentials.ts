/**
 * Access tokens, JS-SDK tickets and OAuth codes, with WeCom's lifetimes: a token or ticket is
 * handed out again while it is valid (7200 s) and replaced after, a code works once within
 * five minutes. They live in the simulator database so a restart keeps Kelan's cached token
 * valid, exactly as a restart of Kelan alone would against the real WeCom.
 */
import { randomBytes } from 'node:crypto'
import type { Clock } from '../lib/clock'
import { ERR, SimError } from './errors'
import { sql, type SimDb } from './store'

export const TOKEN_TTL = 7200
export const TICKET_TTL = 7200
export const CODE_TTL = 300

const randomId = (bytes: number) => randomBytes(bytes).toString('base64url')

/** The valid token, or a new one; `expires_in` is what is left of its life. */
export function issueToken(db: SimDb, clock: Clock): { access_token: string; expires_in: number } {
  const now = clock.now()
  const live = sql(db, 'SELECT token, expires_at FROM access_tokens WHERE expires_at > ? ORDER BY expires_at DESC LIMIT 1').get(
    now,
  ) as { token: string; expires_at: number } | undefined
  if (live) return { access_token: live.token, expires_in: live.expires_at - now }
  sql(db, 'DELETE FROM access_tokens WHERE expires_at < ?').run(now - 86_400)
  const token = randomId(96)
  sql(db, 'INSERT INTO access_tokens (token, expires_at) VALUES (?, ?)').run(token, now + TOKEN_TTL)
  return { access_token: token, expires_in: TOKEN_TTL }
}

/** Throws 41001 (missing), 40014 (unknown) or 42001 (expired). */
export function checkToken(db: SimDb, clock: Clock, token: string | undefined): void {
  if (!token) throw new SimError(ERR.MISSING_TOKEN)
  const row = sql(db, 'SELECT expires_at FROM access_tokens WHERE token = ?').get(token) as { expires_at: number } | undefined
  if (!row) throw new SimError(ERR.INVALID_TOKEN)
  if (row.expires_at <= clock.now()) throw new SimError(ERR.TOKEN_EXPIRED)
}

/** Ends every token now: the next call with one answers 42001, gettoken issues a new one. */
export function expireTokens(db: SimDb, clock: Clock): void {
  sql(db, 'UPDATE access_tokens SET expires_at = ? WHERE expires_at > ?').run(clock.now(), clock.now())
}

export type TicketKind = 'jsapi' | 'agent_config'

/** The corp (jsapi) or app (agent_config) ticket: the same one while valid. */
export function issueTicket(db: SimDb, clock: Clock, kind: TicketKind): { ticket: string; expires_in: number } {
  const now = clock.now()
  const row = sql(db, 'SELECT ticket, expires_at FROM tickets WHERE kind = ?').get(kind) as
    | { ticket: string; expires_at: number }
    | undefined
  if (row && row.expires_at > now) return { ticket: row.ticket, expires_in: row.expires_at - now }
  const ticket = randomId(64)
  sql(
    db,
    'INSERT INTO tickets (kind, ticket, expires_at) VALUES (?, ?, ?) ON CONFLICT (kind) DO UPDATE SET ticket = excluded.ticket, expires_at = excluded.expires_at',
  ).run(kind, ticket, now + TICKET_TTL)
  return { ticket, expires_in: TICKET_TTL }
}

/** An OAuth code for `userid`, valid once for five minutes. */
export function issueCode(db: SimDb, clock: Clock, userid: string): string {
  const code = randomId(32)
  sql(db, 'DELETE FROM oauth_codes WHERE expires_at <= ?').run(clock.now())
  sql(db, 'INSERT INTO oauth_codes (code, userid, expires_at) VALUES (?, ?, ?)').run(code, userid, clock.now() + CODE_TTL)
  return code
}

/** The code's userid; the code is used up. Throws 40029 for unknown, used or expired codes. */
export function consumeCode(db: SimDb, clock: Clock, code: string | undefined): string {
  if (!code) throw new SimError(ERR.INVALID_CODE)
  const row = sql(db, 'DELETE FROM oauth_codes WHERE code = ? RETURNING userid, expires_at').get(code) as
    | { userid: string; expires_at: number }
    | undefined
  if (!row || row.expires_at <= clock.now()) throw new SimError(ERR.INVALID_CODE)
  return row.userid
}
