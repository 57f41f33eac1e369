import { z } from 'zod'
import type { Deps } from '../../deps'
import { AppError } from '../../lib/errors'
import {
  CallbackCryptoError,
  decryptEvent,
  verifyUrl,
  type CallbackConfig,
  type CallbackQuery,
} from '../../wecom/crypto'
import { syncCustomer, syncTags } from '../sync/sync.service'
import { dedupeKey, parseXmlFields, planCallbackAction, type EventPayload } from './callbacks.domain'
import { insertEventIfNew } from './callbacks.repo'

/** The outer `<xml>` of an event POST. */
const Envelope = z.object({ ToUserName: z.string().min(1), Encrypt: z.string().min(1) })

function callbackConfig(deps: Deps): CallbackConfig {
  const { callbackToken, callbackAesKey, corpId } = deps.env.wecom
  return { token: callbackToken, aesKey: callbackAesKey, corpId }
}

const badCallback = (message: string) => new AppError('BAD_CALLBACK', 400, message)

/** A refused callback as our error shape: a wrong signature is 401, anything else 400. */
function refusal(err: unknown): unknown {
  if (!(err instanceof CallbackCryptoError)) return err
  if (err.reason === 'bad_signature') return new AppError('BAD_SIGNATURE', 401, '回调签名校验失败')
  if (err.reason === 'bad_receiveid') return badCallback('回调的接收方不是本企业')
  return badCallback('回调内容无法解密')
}

/**
 * The GET handshake WeCom runs when the callback URL is saved.
 *
 * @returns the decrypted echostr, to answer as plain text
 * @throws AppError BAD_SIGNATURE (401) or BAD_CALLBACK (400)
 */
export function answerUrlVerification(deps: Deps, query: CallbackQuery & { echostr: string }): string {
  try {
    return verifyUrl(callbackConfig(deps), query)
  } catch (err) {
    throw refusal(err)
  }
}

/**
 * Checks, decrypts and stores one event POST; applying it is the worker's job, so this does
 * no WeCom call and answers in milliseconds. A repeated delivery is stored once.
 *
 * @returns whether the event was new
 * @throws AppError BAD_SIGNATURE (401) or BAD_CALLBACK (400); nothing is stored then
 */
export function receiveCallback(deps: Deps, query: CallbackQuery, body: string): { stored: boolean } {
  const envelope = Envelope.safeParse(parseXmlFields(body) ?? {})
  if (!envelope.success) throw badCallback('回调内容不是有效的消息')
  const cfg = callbackConfig(deps)
  if (envelope.data.ToUserName !== cfg.corpId) throw badCallback('回调的接收方不是本企业')
  let xml: string
  try {
    xml = decryptEvent(cfg, query, envelope.data.Encrypt)
  } catch (err) {
    throw refusal(err)
  }
  const payload = parseXmlFields(xml)
  if (!payload) throw badCallback('回调消息不是有效的 XML')
  const stored = insertEventIfNew(deps.db, {
    corpId: deps.corpId,
    dedupeKey: dedupeKey(payload),
    event: payload.Event ?? payload.MsgType ?? '',
    changeType: payload.ChangeType ?? '',
    payload,
    receivedAt: deps.clock.now(),
  })
  return { stored }
}

/** What applying an event did: a change was synced, or the event means nothing to Kelan. */
export type ApplyOutcome = { applied: string } | { ignored: string }

/**
 * Applies a stored event by re-fetching what it is about from WeCom (see
 * `planCallbackAction`). Throws when WeCom fails, so the worker retries.
 */
export async function applyCallbackEvent(deps: Deps, payload: EventPayload): Promise<ApplyOutcome> {
  const action = planCallbackAction(payload)
  switch (action.kind) {
    case 'sync-customer': {
      const result = await syncCustomer(deps, action.externalUserid, action.hint)
      return { applied: `customer ${action.externalUserid} ${result}` }
    }
    case 'sync-tags':
      await syncTags(deps)
      return { applied: 'corp tags' }
    case 'ignore':
      return { ignored: action.reason }
  }
}
