/**
 * The callback pusher: what WeCom's servers do when customer or tag state changes. It builds
 * the inner event XML exactly as REFERENCE §3.4/3.5 shows it, encrypts it with the corp's
 * EncodingAESKey (receiveid = CorpID), signs it with the callback token (both through
 * wecom/crypto's encryptEvent, the counterpart of Kelan's checks) and POSTs the
 * envelope to the configured URL. Deliveries run after the caller's state change has been
 * committed, one at a time and in order, off the API reply's path; a failed delivery is tried
 * three times in all, as WeCom does. The same module runs the GET URL-verification handshake,
 * percent-encoding echostr the way WeCom does, which is the detail receivers most often get wrong.
 */
import { randomInt } from 'node:crypto'
import type { Clock } from '../lib/clock'
import { encryptEvent } from '../wecom/crypto'

export type ContactChangeType =
  | 'add_external_contact'
  | 'edit_external_contact'
  | 'add_half_external_contact'
  | 'del_external_contact'
  | 'del_follow_user'
  | 'transfer_fail'

/** A change WeCom reports through a callback. */
export type SimEvent =
  | {
      event: 'change_external_contact'
      changeType: ContactChangeType
      userid: string
      externalUserid: string
      state?: string
      welcomeCode?: string
      /** del_external_contact: DELETE_BY_TRANSFER when removed by a transfer. */
      source?: string
      /** transfer_fail: customer_refused | customer_limit_exceed. */
      failReason?: string
    }
  | {
      event: 'change_external_tag'
      changeType: 'create' | 'update' | 'delete'
      tagType: 'tag' | 'tag_group'
      id: string
      strategyId?: string
    }
  | {
      event: 'change_external_tag'
      changeType: 'shuffle'
      /** The group whose tags were reordered; '' when the order of groups changed. */
      id: string
      strategyId?: string
    }

const cdata = (value: string) => `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`
const el = (name: string, value: string | undefined) => (value === undefined ? '' : `<${name}>${cdata(value)}</${name}>`)

/**
 * The decrypted callback body for an event, fields in WeCom's order.
 *
 * @example eventXml({ event: 'change_external_tag', changeType: 'create', tagType: 'tag', id: 'et1' }, 'wwcorp', 1700000000)
 */
export function eventXml(e: SimEvent, corpId: string, createTime: number): string {
  const head =
    `${el('ToUserName', corpId)}${el('FromUserName', 'sys')}<CreateTime>${createTime}</CreateTime>` +
    `${el('MsgType', 'event')}${el('Event', e.event)}`
  if (e.event === 'change_external_contact') {
    return (
      `<xml>${head}${el('ChangeType', e.changeType)}${el('UserID', e.userid)}${el('ExternalUserID', e.externalUserid)}` +
      `${el('State', e.state)}${el('WelcomeCode', e.welcomeCode)}${el('Source', e.source)}${el('FailReason', e.failReason)}</xml>`
    )
  }
  // shuffle carries no TagType (REFERENCE §3.5).
  const tagType = e.changeType === 'shuffle' ? '' : el('TagType', e.tagType)
  return `<xml>${head}${el('Id', e.id)}${tagType}${el('ChangeType', e.changeType)}${el('StrategyId', e.strategyId)}</xml>`
}

export interface PusherConfig {
  corpId: string
  agentId: string
  token: string
  aesKey: string
  /** Where to POST; without it events are only logged. */
  url?: string
  deliver: (req: Request) => Response | Promise<Response>
  clock: Clock
  /** Pause between attempts; WeCom's is several seconds, tests use 0. */
  retryDelayMs: number
  /** Per-attempt timeout; WeCom drops the connection after 5 s. */
  timeoutMs: number
}

export interface Delivery {
  id: number
  event: SimEvent
  /** The inner (decrypted) XML. */
  xml: string
  status: 'pending' | 'delivered' | 'failed' | 'skipped'
  attempts: number
  httpStatus?: number
  error?: string
}

export interface VerifyResult {
  ok: boolean
  status?: number
  /** What the receiver answered, and what it should have answered. */
  body: string
  expected: string
  error?: string
}

/** Attempts per event, including the first (WeCom: 3 in total). */
export const MAX_ATTEMPTS = 3
const LOG_SIZE = 500

const nonce = () => String(randomInt(100_000_000, 9_999_999_999))

function signedUrl(base: string, params: Record<string, string>): string {
  const query = Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&')
  return `${base}${base.includes('?') ? '&' : '?'}${query}`
}

/** The pusher behind `sim.pushEvent`, `sim.callbacks` and `sim.verifyCallbackUrl`. */
export function createCallbackPusher(cfg: PusherConfig) {
  const log: Delivery[] = []
  let queue: Promise<unknown> = Promise.resolve()
  let nextId = 1

  async function attempt(d: Delivery, url: string): Promise<void> {
    const timestamp = String(cfg.clock.now())
    const n = nonce()
    const { encrypt, msg_signature } = encryptEvent(cfg, d.xml, { timestamp, nonce: n })
    const body = `<xml>${el('ToUserName', cfg.corpId)}${el('AgentID', cfg.agentId)}${el('Encrypt', encrypt)}</xml>`
    const req = new Request(signedUrl(url, { msg_signature, timestamp, nonce: n }), {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body,
      signal: AbortSignal.timeout(cfg.timeoutMs),
    })
    d.attempts++
    const res = await cfg.deliver(req)
    d.httpStatus = res.status
    await res.body?.cancel()
    if (!res.ok) throw new Error(`HTTP ${res.status}`)
  }

  async function run(d: Delivery): Promise<Delivery> {
    const url = cfg.url
    if (!url) return Object.assign(d, { status: 'skipped' as const })
    while (d.attempts < MAX_ATTEMPTS) {
      try {
        await attempt(d, url)
        d.status = 'delivered'
        return d
      } catch (err) {
        d.error = err instanceof Error ? err.message : String(err)
        if (d.attempts < MAX_ATTEMPTS) await new Promise((r) => setTimeout(r, cfg.retryDelayMs))
      }
    }
    d.status = 'failed'
    return d
  }

  /**
   * Queues an event for delivery and returns at once; the promise settles (never rejects)
   * when delivery has succeeded or finally failed.
   */
  function push(event: SimEvent): Promise<Delivery> {
    const d: Delivery = { id: nextId++, event, xml: eventXml(event, cfg.corpId, cfg.clock.now()), status: 'pending', attempts: 0 }
    log.push(d)
    if (log.length > LOG_SIZE) log.splice(0, log.length - LOG_SIZE)
    const done = queue.then(() => run(d))
    queue = done
    return done
  }

  /** The GET handshake WeCom runs when an admin saves the callback URL (REFERENCE §3.2). */
  async function verifyUrl(): Promise<VerifyResult> {
    const expected = String(randomInt(1e9, 1e10 - 1)) + String(randomInt(1e8, 1e9 - 1))
    if (!cfg.url) return { ok: false, body: '', expected, error: 'no callback URL configured' }
    const timestamp = String(cfg.clock.now())
    const n = nonce()
    const { encrypt: echostr, msg_signature } = encryptEvent(cfg, expected, { timestamp, nonce: n })
    const url = signedUrl(cfg.url, { msg_signature, timestamp, nonce: n, echostr })
    try {
      const res = await cfg.deliver(new Request(url, { method: 'GET', signal: AbortSignal.timeout(cfg.timeoutMs) }))
      const body = await res.text()
      return { ok: res.ok && body === expected, status: res.status, body, expected }
    } catch (err) {
      return { ok: false, body: '', expected, error: err instanceof Error ? err.message : String(err) }
    }
  }

  return {
    push,
    verifyUrl,
    /** Resolves once every queued delivery has finished. */
    idle: async (): Promise<void> => {
      let seen: Promise<unknown>
      do {
        seen = queue
        await seen
      } while (seen !== queue)
    },
    /** Recent deliveries, oldest first (the last 500). */
    log: (): readonly Delivery[] => log,
  }
}

export type CallbackPusher = ReturnType<typeof createCallbackPusher>
