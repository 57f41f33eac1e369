/**
 * Storage of what Kelan sent through the app: notifications (message/send) and uploaded media.
 * Kept so the demo desktop can show a staff member's app messages and tests can assert on them.
 */
import { sql, type SimDb } from './store'

export interface SentMessage {
  id: number
  msgid: string
  agentid: string
  /** The recipients as sent ('|'-joined userids, or '@all'). */
  touser: string
  msgtype: string
  /** The request body as sent. */
  body: Record<string, unknown>
  invaliduser: string
  sent_at: number
}

export function insertMessage(db: SimDb, m: Omit<SentMessage, 'id'>): void {
  sql(
    db,
    'INSERT INTO messages (msgid, agentid, touser, msgtype, body, invaliduser, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(m.msgid, m.agentid, m.touser, m.msgtype, JSON.stringify(m.body), m.invaliduser, m.sent_at)
}

/** The latest `limit` messages, newest first. */
export function listMessages(db: SimDb, limit: number): SentMessage[] {
  const rows = sql(db, 'SELECT * FROM messages ORDER BY id DESC LIMIT ?').all(limit) as (Omit<SentMessage, 'body'> & {
    body: string
  })[]
  return rows.map((r) => ({ ...r, body: JSON.parse(r.body) as Record<string, unknown> }))
}

export interface MediaRecord {
  media_id: string
  type: string
  filename: string
  content_type: string
  bytes: Buffer
  created_at: number
}

export function insertMedia(db: SimDb, m: MediaRecord): void {
  sql(db, 'INSERT INTO media (media_id, type, filename, content_type, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    m.media_id, m.type, m.filename, m.content_type, m.bytes, m.created_at,
  )
}

export function getMedia(db: SimDb, mediaId: string): MediaRecord | undefined {
  return sql(db, 'SELECT * FROM media WHERE media_id = ?').get(mediaId) as MediaRecord | undefined
}
