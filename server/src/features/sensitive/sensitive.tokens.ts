/**
 * One-time send tokens. The sensitive-word check runs before every send, so it issues a token
 * holding what it checked (text, words found, whether a 拦截 word blocks it); the send then
 * counts one use (knowledge /use) and logs once (/send-log) with that token, so neither 使用次数
 * nor the log is the client's say-so, and calling /use again counts nothing.
 *
 * Kept in memory per database: a token lives minutes, between a check and its send, and Kelan
 * runs one server process on its SQLite file. A restart forgets open tokens; that send's use
 * is not counted and its log call is refused (the sidebar then does not send).
 */
import { randomBytes } from 'node:crypto'
import type { Viewer } from '../../app-env'
import type { Db } from '../../db/client'
import { AppError } from '../../lib/errors'

/** Seconds from the check to its send, the review dialog included. */
export const SEND_TOKEN_TTL = 30 * 60
/** Open tokens per database; past it the oldest are dropped. */
const MAX_OPEN = 10_000

/** What a check recorded under its token. */
export interface SendGrant {
  corpId: string
  userid: string
  text: string
  /** The distinct words found, block words included. */
  words: string[]
  blocked: boolean
  issuedAt: number
  used: boolean
  logged: boolean
}

const open = new WeakMap<Db, Map<string, SendGrant>>()

function grantsOf(db: Db): Map<string, SendGrant> {
  let grants = open.get(db)
  if (!grants) open.set(db, (grants = new Map()))
  return grants
}

/** A new token for what the viewer just checked. */
export function issueSendToken(db: Db, viewer: Viewer, check: { text: string; words: string[]; blocked: boolean }, now: number): string {
  const grants = grantsOf(db)
  for (const [token, grant] of grants) {
    // Oldest first (insertion order): stop at the first that may stay.
    if (grants.size < MAX_OPEN && now - grant.issuedAt <= SEND_TOKEN_TTL) break
    grants.delete(token)
  }
  const token = randomBytes(18).toString('base64url')
  grants.set(token, { corpId: viewer.corpId, userid: viewer.userid, ...check, issuedAt: now, used: false, logged: false })
  return token
}

const unknownToken = () => new AppError('VALIDATION_FAILED', 400, '发送凭证无效或已过期，请重新发送')

/**
 * Takes the token for `purpose`: 'use' counts one use of a send that was not blocked; 'log'
 * records a send that hit words. Each happens once per token.
 *
 * @throws AppError VALIDATION_FAILED (400) unknown, expired or another member's token, or a log
 *   of a check that found nothing; CONFLICT (409) already taken for `purpose`, or a use of a
 *   blocked send
 */
export function takeSendToken(db: Db, viewer: Viewer, token: string, purpose: 'use' | 'log', now: number): SendGrant {
  const grant = grantsOf(db).get(token)
  if (!grant || grant.corpId !== viewer.corpId || grant.userid !== viewer.userid || now - grant.issuedAt > SEND_TOKEN_TTL) throw unknownToken()
  if (purpose === 'use') {
    if (grant.used) throw new AppError('CONFLICT', 409, '这次发送已计入使用次数，不能重复计数')
    if (grant.blocked) throw new AppError('CONFLICT', 409, '该内容含禁止发送的敏感词，未发送，不计入使用次数')
    grant.used = true
  } else {
    if (grant.logged) throw new AppError('CONFLICT', 409, '这次发送已记录，不能重复记录')
    if (!grant.words.length) throw new AppError('VALIDATION_FAILED', 400, '这次发送未命中敏感词，无需记录')
    grant.logged = true
  }
  return grant
}
