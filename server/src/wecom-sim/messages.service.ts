/**
 * message/send and media/upload with WeCom's rules: recipients checked one by one (invalid
 * ones reported in `invaliduser`, 81013 when none is left), empty text refused with 44004,
 * media types and size limits as documented. Messages are recorded, not delivered anywhere:
 * the demo desktop shows them as the staff member's app notifications.
 */
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { listDepartments, listStaff } from './contacts.repo'
import type { SimContext } from './context'
import { ERR, SimError } from './errors'
import { getMedia, insertMedia, insertMessage, listMessages, type MediaRecord, type SentMessage } from './messages.repo'

export const SendMessageInput = z.looseObject({
  touser: z.string().optional(),
  toparty: z.string().optional(),
  totag: z.string().optional(),
  msgtype: z.string().min(1),
  agentid: z.union([z.number().int(), z.string().regex(/^\d+$/)]),
  text: z.object({ content: z.string() }).optional(),
  textcard: z
    .object({ title: z.string().min(1), description: z.string().min(1), url: z.string().min(1), btntxt: z.string().optional() })
    .optional(),
})
export type SendMessageInput = z.infer<typeof SendMessageInput>

const split = (list: string | undefined) => (list ? list.split('|').map((s) => s.trim()).filter(Boolean) : [])

/** Who a message reaches: valid userids, and the userids and parties that were invalid. */
function resolveRecipients(ctx: SimContext, input: SendMessageInput) {
  const staff = listStaff(ctx.db, ctx.publicBase)
  const known = new Set(staff.map((s) => s.userid))
  const users = split(input.touser)
  const reached = new Set<string>()
  const invalidUsers: string[] = []
  for (const u of users) {
    if (u === '@all') staff.forEach((s) => reached.add(s.userid))
    // WeCom matches userids case-insensitively and reports them lower-cased.
    else if (known.has(u.toLowerCase())) reached.add(u.toLowerCase())
    else invalidUsers.push(u.toLowerCase())
  }
  const departments = new Set(listDepartments(ctx.db).map((d) => String(d.id)))
  const parties = split(input.toparty)
  const invalidParties = parties.filter((p) => !departments.has(p))
  for (const s of staff) if (s.department.some((d) => parties.includes(String(d)))) reached.add(s.userid)
  return { reached, invalidUsers, invalidParties }
}

/** message/send: records the message and answers like WeCom. */
export function sendMessage(ctx: SimContext, input: SendMessageInput) {
  if (String(input.agentid) !== ctx.corp.agentId) throw new SimError(ERR.INVALID_AGENTID)
  if (input.msgtype === 'text' && !input.text?.content.trim()) throw new SimError(ERR.EMPTY_CONTENT)
  if (!(input.msgtype in input)) throw new SimError(ERR.INVALID_PARAMETER, input.msgtype)
  const { reached, invalidUsers, invalidParties } = resolveRecipients(ctx, input)
  if (!reached.size) throw new SimError(ERR.ALL_RECIPIENTS_INVALID)
  const msgid = randomBytes(30).toString('base64url')
  insertMessage(ctx.db, {
    msgid,
    agentid: String(input.agentid),
    touser: [...reached].join('|'),
    msgtype: input.msgtype,
    body: input,
    invaliduser: invalidUsers.join('|'),
    sent_at: ctx.clock.now(),
  })
  return { invaliduser: invalidUsers.join('|'), invalidparty: invalidParties.join('|'), invalidtag: '', msgid }
}

/** Recorded messages, newest first, optionally only those that reached `userid`. */
export function sentMessages(ctx: SimContext, userid?: string, limit = 200): SentMessage[] {
  const all = listMessages(ctx.db, userid ? 5000 : limit)
  return (userid ? all.filter((m) => m.touser.split('|').includes(userid)) : all).slice(0, limit)
}

/** media/upload's documented limits, in bytes. */
export const MEDIA_LIMITS: Record<string, number> = {
  image: 10 * 1024 * 1024,
  voice: 2 * 1024 * 1024,
  video: 10 * 1024 * 1024,
  file: 20 * 1024 * 1024,
}
const MIN_MEDIA_BYTES = 5
/** A media_id is valid for 3 days after its upload. */
export const MEDIA_LIFETIME_S = 3 * 24 * 3600

const startsWith = (bytes: Buffer, magic: number[], at = 0) => magic.every((b, i) => bytes[at + i] === b)

/** The formats media/upload documents: image JPG or PNG, video MP4 (an ISO BMFF `ftyp` box); voice and file unchecked. */
function formatOk(type: string, bytes: Buffer): boolean {
  if (type === 'image') return startsWith(bytes, [0xff, 0xd8, 0xff]) || startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])
  if (type === 'video') return bytes.subarray(4, 8).toString('latin1') === 'ftyp'
  return true
}

/** media/upload: a temporary media id for a multipart `media` file. */
export async function uploadMedia(ctx: SimContext, type: string | undefined, file: unknown) {
  const limit = MEDIA_LIMITS[type ?? '']
  if (!type || limit === undefined) throw new SimError(ERR.INVALID_MEDIA_TYPE)
  if (!(file instanceof File)) throw new SimError(ERR.MISSING_MEDIA)
  if (file.size <= MIN_MEDIA_BYTES || file.size > limit) throw new SimError(ERR.INVALID_FILE_SIZE)
  const bytes = Buffer.from(await file.arrayBuffer())
  if (!formatOk(type, bytes)) throw new SimError(ERR.INVALID_FILE_TYPE)
  const media_id = randomBytes(33).toString('base64url')
  const created_at = ctx.clock.now()
  insertMedia(ctx.db, {
    media_id,
    type,
    filename: file.name,
    content_type: file.type || 'application/octet-stream',
    bytes,
    created_at,
  })
  // WeCom sends created_at as a string.
  return { type, media_id, created_at: String(created_at) }
}

/** media/get: the uploaded media while its id is valid (3 days), else 40007 as WeCom answers. */
export function liveMedia(ctx: SimContext, mediaId: string): MediaRecord {
  const media = getMedia(ctx.db, mediaId)
  if (!media || ctx.clock.now() - media.created_at >= MEDIA_LIFETIME_S) throw new SimError(ERR.INVALID_MEDIA_ID)
  return media
}

/** A media upload as the simulated desktop shows it in the chat. */
export function mediaInfo(media: MediaRecord) {
  return { media_id: media.media_id, type: media.type, filename: media.filename, content_type: media.content_type, size: media.bytes.length }
}
