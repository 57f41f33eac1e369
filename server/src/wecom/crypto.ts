/**
 * WeCom callback crypto (URL verification, event decryption, and encryption for the
 * simulator's pusher) and JS-SDK signing.
 *
 * Signatures, encryption and the JS-SDK hash come from `@wecom/crypto`. Its `decrypt` is not
 * used: it silently ignores a malformed padding byte, never checks the pad bytes or that
 * the declared message length fits, and does not check the receiveid. We decrypt with
 * node:crypto and padding off, so the padding is there to inspect, then check it and the
 * layout ourselves. Checking by re-encrypting the lib's output was the alternative, but it
 * would also reject a sender that pads to 16-byte blocks (valid PKCS#7, which WeCom's own
 * samples accept) and would report invalid UTF-8 in the message as a padding error.
 *
 * Order matters: the signature is checked before anything is decrypted, so an attacker
 * without the token cannot use our padding errors as a decryption oracle.
 */
import { createDecipheriv, randomBytes, timingSafeEqual } from 'node:crypto'
import { encrypt, getJsApiSignature, getSignature } from '@wecom/crypto'
import { systemClock } from '../lib/clock'

/** A callback app's settings, as configured in the WeCom admin console. */
export interface CallbackConfig {
  token: string
  /** EncodingAESKey: 43 characters of [A-Za-z0-9]. */
  aesKey: string
  /** The receiveid every message must carry: the CorpID for a self-built app. */
  corpId: string
}

/** The signed query of a callback request (POST events carry no echostr). */
export interface CallbackQuery {
  msg_signature: string
  timestamp: string
  nonce: string
}

export type CallbackCryptoReason = 'bad_signature' | 'bad_padding' | 'bad_receiveid' | 'undecryptable'

/** A callback that must be refused; `reason` says why (for logs and the simulator, not for WeCom). */
export class CallbackCryptoError extends Error {
  constructor(readonly reason: CallbackCryptoReason) {
    super(`WeCom callback rejected: ${reason}`)
    this.name = 'CallbackCryptoError'
  }
}

/** AES block size; WeCom pads to 32-byte multiples, so a pad is 1..32 bytes. */
const BLOCK = 16
const MAX_PAD = 32
/** random(16) ‖ msg_len(4) */
const HEADER = 20
/** Node's base64 decoder skips junk characters; a callback field must be clean base64. */
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

/**
 * The GET handshake when the callback URL is saved: checks the signature, decrypts echostr
 * and returns the plaintext to answer with (as text/plain, nothing else).
 *
 * @example verifyUrl(cfg, c.req.query() as CallbackQuery & { echostr: string })
 */
export function verifyUrl(cfg: CallbackConfig, query: CallbackQuery & { echostr: string }): string {
  return decryptEvent(cfg, query, query.echostr)
}

/**
 * An event POST: checks `msg_signature` over the `<Encrypt>` field, decrypts it and checks
 * the padding and receiveid. Returns the inner XML. Throws CallbackCryptoError.
 */
export function decryptEvent(cfg: CallbackConfig, query: CallbackQuery, encryptField: string): string {
  const expected = getSignature(cfg.token, query.timestamp, query.nonce, encryptField)
  if (!safeEqual(expected, query.msg_signature)) throw new CallbackCryptoError('bad_signature')
  const { message, receiveId } = decryptPayload(cfg.aesKey, encryptField)
  if (!safeEqual(receiveId, cfg.corpId)) throw new CallbackCryptoError('bad_receiveid')
  return message
}

/**
 * Encrypts and signs an event the way WeCom does (receiveid = corp id): what the
 * simulator's callback pusher sends.
 *
 * @example const { encrypt, msg_signature } = encryptEvent(cfg, xml, { timestamp: '1700000000', nonce: 'n1' })
 */
export function encryptEvent(
  cfg: CallbackConfig,
  xml: string,
  at: { timestamp: string | number; nonce: string },
): { encrypt: string; msg_signature: string } {
  const ciphertext = encrypt(cfg.aesKey, xml, cfg.corpId)
  return { encrypt: ciphertext, msg_signature: getSignature(cfg.token, String(at.timestamp), at.nonce, ciphertext) }
}

/**
 * A JS-SDK signature (wx.config and wx.agentConfig use the same algorithm, with different
 * tickets). `url` must be the page URL without its `#fragment`, byte for byte as the page
 * sees it: it is signed as is, never normalised or encoded.
 *
 * @example signJsapi({ ticket, url: 'https://kelan.example.com/sidebar/' })
 */
export function signJsapi(input: { ticket: string; url: string; nonceStr?: string; timestamp?: number }): {
  timestamp: number
  nonceStr: string
  signature: string
} {
  // The lib's default nonce is Math.random(); ours comes from the CSPRNG.
  const nonceStr = input.nonceStr ?? randomBytes(16).toString('hex')
  const timestamp = input.timestamp ?? systemClock.now()
  const { signature } = getJsApiSignature({ ticket: input.ticket, url: input.url, nonceStr, timestamp })
  return { timestamp, nonceStr, signature }
}

/** Compares in constant time; a length difference (public anyway) is a plain mismatch. */
function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** Decrypts `random ‖ msg_len ‖ msg ‖ receiveid ‖ pad` and checks every length on the way. */
function decryptPayload(aesKey: string, base64: string): { message: string; receiveId: string } {
  const key = Buffer.from(`${aesKey}=`, 'base64')
  const cipher = Buffer.from(base64, 'base64')
  if (key.length !== 32 || !BASE64.test(base64) || cipher.length === 0 || cipher.length % BLOCK !== 0) {
    throw new CallbackCryptoError('undecryptable')
  }
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false)
  const plain = Buffer.concat([decipher.update(cipher), decipher.final()])
  const body = unpad(plain)
  if (body.length < HEADER) throw new CallbackCryptoError('undecryptable')
  const msgLen = body.readUInt32BE(16)
  if (msgLen > body.length - HEADER) throw new CallbackCryptoError('undecryptable')
  return {
    message: body.subarray(HEADER, HEADER + msgLen).toString('utf8'),
    receiveId: body.subarray(HEADER + msgLen).toString('utf8'),
  }
}

/** PKCS#7 with blocks up to 32 bytes: the last byte n is 1..32 and the last n bytes all equal n. */
function unpad(plain: Buffer): Buffer {
  const n = plain[plain.length - 1] ?? 0
  if (n < 1 || n > MAX_PAD || n > plain.length) throw new CallbackCryptoError('bad_padding')
  for (let i = plain.length - n; i < plain.length; i++) {
    if (plain[i] !== n) throw new CallbackCryptoError('bad_padding')
  }
  return plain.subarray(0, plain.length - n)
}
