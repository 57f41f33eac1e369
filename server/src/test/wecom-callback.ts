/**
 * Builds WeCom callback requests the way WeCom sends them (encrypted, signed, URL-encoded
 * query), for tests that post events into '/api/wecom/callback'.
 */
import { encryptEvent, type CallbackConfig } from '../wecom/crypto'

/** `<xml>` with each field as CDATA (CreateTime as a bare number, as WeCom writes it). */
export function eventXml(fields: Record<string, string | number>): string {
  const body = Object.entries(fields)
    .map(([k, v]) => (typeof v === 'number' ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${v}]]></${k}>`))
    .join('')
  return `<xml>${body}</xml>`
}

/**
 * A POST for `fields`, encrypted for `cfg` (receiveid `cfg.corpId`). Each call encrypts
 * afresh (random prefix), as a WeCom retry does, with its own nonce.
 *
 * @example const { path, init } = callbackPost(cfg, { Event: 'change_external_tag', ... })
 *          await app.request(path, init)
 */
export function callbackPost(
  cfg: CallbackConfig,
  fields: Record<string, string | number>,
  opts: { nonce?: string; timestamp?: number; toUserName?: string } = {},
): { path: string; init: RequestInit } {
  const timestamp = String(opts.timestamp ?? 1_700_000_000)
  const nonce = opts.nonce ?? Math.random().toString(36).slice(2)
  const { encrypt, msg_signature } = encryptEvent(cfg, eventXml(fields), { timestamp, nonce })
  const query = new URLSearchParams({ msg_signature, timestamp, nonce })
  const body = eventXml({ ToUserName: opts.toUserName ?? cfg.corpId, AgentID: '1000002', Encrypt: encrypt })
  return { path: `/api/wecom/callback?${query}`, init: { method: 'POST', body, headers: { 'content-type': 'text/xml' } } }
}
