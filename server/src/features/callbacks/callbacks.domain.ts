import { createHash } from 'node:crypto'
import { XMLParser } from 'fast-xml-parser'
import type { EndedStatus } from '../sync/sync.domain'

/** An event's inner XML fields, flat, as stored in callback_events.payload. */
export type EventPayload = Record<string, string>

/** Callback bodies are a few hundred bytes; anything this large is not WeCom. */
export const MAX_CALLBACK_BYTES = 64 * 1024

/**
 * Strings stay strings (`parseTagValue: false`): ids such as `Id` or `CreateTime` must not
 * become numbers, and CDATA sections merge into the element text. Entity expansion keeps the
 * library's default limits; the outer XML is parsed before the signature is checked.
 */
const parser = new XMLParser({ parseTagValue: false, ignoreAttributes: true, ignoreDeclaration: true, trimValues: true })

/**
 * The children of the root `<xml>` element as a flat record of strings (nested elements,
 * which some event types carry, kept as JSON), or null when `xml` is not such a document.
 *
 * @example parseXmlFields('<xml><Event><![CDATA[x]]></Event></xml>') // { Event: 'x' }
 */
export function parseXmlFields(xml: string): EventPayload | null {
  let doc: unknown
  try {
    doc = parser.parse(xml)
  } catch {
    return null
  }
  const root = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>).xml : undefined
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return null
  const fields: EventPayload = {}
  for (const [name, value] of Object.entries(root)) {
    fields[name] = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)
  }
  return fields
}

/**
 * The key that makes WeCom's retries of one event land once: sha256 over every field of
 * the decrypted message, by name. A retry re-sends the same message (same CreateTime, ids
 * and ChangeType) wrapped in a fresh envelope (new nonce, timestamp, random prefix), so the
 * envelope is left out and the message is the identity. Hashing all fields rather than a
 * chosen few cannot merge two different events of a type we do not read yet (group-chat
 * events carry ChatId/UpdateDetail, not UserID); the cost, if WeCom ever varied a field
 * between deliveries, is one redundant event, which is harmless because applying an event
 * re-fetches current state.
 */
export function dedupeKey(payload: EventPayload): string {
  const canonical = Object.keys(payload)
    .sort()
    .map((k) => [k, payload[k]])
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex')
}

/** What the worker does with an event. */
export type CallbackAction =
  | { kind: 'sync-customer'; externalUserid: string; hint?: { userid: string; status: EndedStatus } }
  | { kind: 'sync-tags' }
  | { kind: 'ignore'; reason: string }

/** ChangeTypes after which the customer is simply re-fetched. */
const REFETCH_CHANGES = new Set(['add_external_contact', 'edit_external_contact', 'add_half_external_contact'])

/** How a delete event says the relation ended. */
const DELETE_CHANGES: Record<string, EndedStatus> = {
  del_external_contact: 'deleted_by_staff',
  del_follow_user: 'deleted_by_customer',
}

/**
 * Decides what an event means for Kelan's data. Every contact change is applied by
 * re-fetching the customer, so events are idempotent and their order does not matter; a
 * delete event only adds who ended the relation. Tag events carry no names, so the tag
 * list is re-read.
 */
export function planCallbackAction(p: EventPayload): CallbackAction {
  const event = p.Event ?? p.MsgType ?? ''
  const change = p.ChangeType ?? ''
  if (event === 'change_external_tag') return { kind: 'sync-tags' }
  if (event !== 'change_external_contact') return { kind: 'ignore', reason: `event ${event || '(none)'}` }
  const externalUserid = p.ExternalUserID ?? ''
  if (!externalUserid) return { kind: 'ignore', reason: `${change} without ExternalUserID` }
  if (REFETCH_CHANGES.has(change)) return { kind: 'sync-customer', externalUserid }
  const status = DELETE_CHANGES[change]
  if (status && p.UserID) return { kind: 'sync-customer', externalUserid, hint: { userid: p.UserID, status } }
  if (status) return { kind: 'sync-customer', externalUserid }
  return { kind: 'ignore', reason: `change_external_contact/${change || '(none)'}` }
}

/** Attempts before an event is parked as 'failed' (about three hours of retries). */
export const MAX_ATTEMPTS = 10

const FIRST_RETRY_SECONDS = 30
const MAX_RETRY_SECONDS = 60 * 60

/**
 * Seconds to wait after the `attempts`-th failure: 30 s, doubling, at most an hour.
 *
 * @example retryDelaySeconds(1) // 30
 * @example retryDelaySeconds(3) // 120
 */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(FIRST_RETRY_SECONDS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_SECONDS)
}
