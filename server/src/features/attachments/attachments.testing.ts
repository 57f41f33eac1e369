/**
 * Test helpers for attachments: tiny real files (their bytes pass the type sniffing), a Deps
 * on its own temp data directory, and an upload call as a signed-in member.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Attachment, AttachmentKind, AttachmentPurpose } from '@kelan/shared'
import { createApp } from '../../app'
import type { Deps } from '../../deps'
import { fakeClock } from '../../lib/clock'
import { makeStaff, makeTestDeps, makeTestEnv, seed } from '../../test/helpers'
import type { WecomClient } from '../../wecom/client'
import { SESSION_COOKIE } from '../auth/auth.domain'
import { createSession } from '../auth/auth.service'

/** A 1×1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
)
/** The start of a JPEG (SOI, APP0 JFIF): enough for the sniffer. */
export const JPG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9])
/** An MP4 `ftyp` box (brand isom) and an empty `mdat`. */
export const MP4 = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.from([0, 0, 2, 0]), Buffer.from('isomiso2'),
  Buffer.from([0, 0, 0, 8]), Buffer.from('mdat'),
])
/** A minimal PDF header and trailer. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')

/**
 * Deps on a fresh in-memory database and a fresh temp data directory, with an admin (boss)
 * and two staff members (lisi, wang) of the test corp.
 */
export function attachmentDeps(
  o: { wecom?: WecomClient; env?: Record<string, string>; clock?: ReturnType<typeof fakeClock> } = {},
): Deps & { clock: ReturnType<typeof fakeClock> } {
  const clock = o.clock ?? fakeClock(1_750_000_000)
  const dataDir = mkdtempSync(join(tmpdir(), 'kelan-att-'))
  const env = makeTestEnv({ KELAN_DATA_DIR: dataDir, ...o.env })
  const deps = { ...makeTestDeps({ clock, env, ...(o.wecom ? { wecom: o.wecom } : {}) }), clock }
  seed(deps.db, { staff: [makeStaff({ userid: 'boss', name: '老板', role: 'admin' }), makeStaff({ userid: 'lisi' }), makeStaff({ userid: 'wang', name: '王五' })] })
  return deps
}

export interface UploadOptions {
  /** Who uploads (lisi by default); null: no session. */
  as?: string | null
  purpose?: AttachmentPurpose
  kind?: AttachmentKind
  name?: string
  type?: string
  headers?: Record<string, string>
}

/** POST /api/attachments with `body` as the raw request body (a knowledge image a.png by lisi unless told). */
export async function uploadRequest(deps: Deps, body: ReadableStream<Uint8Array> | Uint8Array<ArrayBuffer> | null, o: UploadOptions = {}): Promise<Response> {
  const headers = new Headers(o.headers)
  if (o.as !== null) headers.set('cookie', `${SESSION_COOKIE}=${createSession(deps, o.as ?? 'lisi')}`)
  headers.set('content-type', o.type ?? 'image/png')
  const query = new URLSearchParams({ purpose: o.purpose ?? 'knowledge', kind: o.kind ?? 'image', name: o.name ?? 'a.png' })
  const init: RequestInit & { duplex?: 'half' } = { method: 'POST', headers, body }
  if (body instanceof ReadableStream) init.duplex = 'half'
  return createApp(deps).request(`/api/attachments?${query}`, init)
}

/** Uploads and returns the Attachment; fails the test on anything but 201. */
export async function uploaded(deps: Deps, body: Buffer, o: UploadOptions = {}): Promise<Attachment> {
  const res = await uploadRequest(deps, new Uint8Array(body), o)
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`)
  return (await res.json()) as Attachment
}

/** GET /api/attachments/:id as `as` (anonymous when null). */
export async function download(deps: Deps, id: string, as: string | null, headers: Record<string, string> = {}): Promise<Response> {
  const h = new Headers(headers)
  if (as) h.set('cookie', `${SESSION_COOKIE}=${createSession(deps, as)}`)
  return createApp(deps).request(`/api/attachments/${id}`, { headers: h })
}
