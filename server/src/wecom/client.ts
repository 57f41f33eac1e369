/**
 * The one seam to the WeCom server API. Only this file builds WeCom requests: it owns the
 * access token and the two JS-SDK tickets (cached, single-flight), retries what WeCom asks
 * us to retry, validates every reply with zod and turns every failure into one WecomError.
 * It deliberately exports no generic `call(path)`: callers get typed methods only.
 */
import type { z } from 'zod'
import { systemClock, type Clock } from '../lib/clock'
import { LocalErrcode, WecomError, isTokenErrcode } from './errors'
import { createExpiringValue, type ExpiringValue } from './expiring-value'
import * as S from './schemas'
import type { WecomDeptUser } from './schemas'
import type {
  AddCorpTagInput,
  AppMessage,
  MarkTagInput,
  MediaUploadInput,
  MediaUploadResult,
  MessageSendResult,
  RemarkInput,
  WecomBatchItem,
  WecomBatchResult,
  WecomContactDetail,
  WecomDepartment,
  WecomFollowUser,
  WecomGroupChat,
  WecomTagGroup,
  WecomTicket,
  WecomUser,
} from './types'

/** The one seam to WeCom. Every method throws WecomError on failure. */
export interface WecomClient {
  getUserInfo(code: string): Promise<{ userid?: string; external_userid?: string; openid?: string }>
  listDepartments(): Promise<WecomDepartment[]>
  listUsers(departmentId: number): Promise<WecomUser[]>
  getUser(userid: string): Promise<WecomUser>
  /** user/list_id: every member id with one department each, cursor paging followed to the end. */
  listUserIds(): Promise<WecomDeptUser[]>
  getFollowUserList(): Promise<string[]>
  listExternalContacts(userid: string): Promise<string[]>
  /** Follows follow_user cursor paging to the end. */
  getExternalContact(externalUserid: string): Promise<WecomContactDetail>
  /**
   * batch/get_by_user for any number of members (100 per call, each call paged to its end).
   * Members without an interop licence are not an error: they come back in
   * `unlicensedUserids` (from `fail_info`, or the whole chunk on 701008), and their customers
   * are then unknown, not gone.
   */
  batchGetByUser(userids: string[]): Promise<WecomBatchResult>
  getCorpTagList(filter?: { tag_id?: string[]; group_id?: string[] }): Promise<WecomTagGroup[]>
  addCorpTag(input: AddCorpTagInput): Promise<WecomTagGroup>
  editCorpTag(input: { id: string; name?: string; order?: number }): Promise<void>
  delCorpTag(input: { tag_id?: string[]; group_id?: string[] }): Promise<void>
  markTag(input: MarkTagInput): Promise<void>
  remark(input: RemarkInput): Promise<void>
  getGroupChat(chatId: string): Promise<WecomGroupChat>
  sendMessage(message: AppMessage): Promise<MessageSendResult>
  /**
   * media/upload: a temporary media id (3 days) for image, video or file messages, the bytes
   * sent as the multipart field `media`. Limits (WeCom's): more than 5 bytes; image ≤ 10 MB
   * JPG/PNG, video ≤ 10 MB MP4, file ≤ 20 MB; refusals come back as WecomError (40004 bad
   * type, 40005 bad file type, 40006 bad size, 41005 no file).
   */
  uploadMedia(input: MediaUploadInput): Promise<MediaUploadResult>
  /** The corp jsapi_ticket (for wx.config), cached until shortly before it expires. */
  getJsapiTicket(): Promise<WecomTicket>
  /** The app jsapi_ticket (for wx.agentConfig), cached until shortly before it expires. */
  getAgentTicket(): Promise<WecomTicket>
}

/** Backoff for retryable failures: `attempts` retries after the first try. */
export interface RetryPolicy {
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
}

export interface WecomClientOptions {
  /** e.g. 'https://qyapi.weixin.qq.com', or the simulator's base; '/cgi-bin/...' is appended. */
  apiBase: string
  corpId: string
  /** The self-built app's AgentId (digits); sent as `agentid` with app messages. */
  agentId: string
  /** The app's secret. Only ever sent to gettoken; never logged or put in an error. */
  secret: string
  fetch?: typeof fetch
  clock?: Clock
  /** Per request, including reading the body. Default 10 s. */
  timeoutMs?: number
  retry?: RetryPolicy
  /** Tests pass an instant sleep to make backoff free. */
  sleep?: (ms: number) => Promise<void>
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 200, maxDelayMs: 2000 }
const DEFAULT_TIMEOUT_MS = 10_000
/** An upload of up to 20 MB over a slow uplink needs longer than a JSON call. */
const UPLOAD_TIMEOUT_MS = 120_000
/** Renew tokens and tickets this long before WeCom's expiry. */
const EXPIRY_MARGIN_S = 300
/** batch/get_by_user takes at most 100 userids and returns at most 100 items per page. */
const BATCH_SIZE = 100
const USER_LIST_ID_LIMIT = 10_000
/** batch/get_by_user: none of the requested members holds an interop licence (REFERENCE §2.4). */
const NO_LICENSED_MEMBER = 701008

type Query = Record<string, string | number | undefined>

interface ApiRequest {
  method: 'GET' | 'POST'
  path: string
  query?: Query
  body?: unknown
  /** A multipart body instead of JSON, built afresh for every attempt (a sent body is used up). */
  form?: () => FormData
  timeoutMs?: number
}

/**
 * Builds the WeCom client. One instance per app (the token is per secret); share it.
 *
 * @example
 * const wecom = createWecomClient({ apiBase: env.wecom.apiBase, corpId, agentId, secret })
 * const detail = await wecom.getExternalContact('wmXXXX')
 */
export function createWecomClient(opts: WecomClientOptions): WecomClient {
  const agentid = Number(opts.agentId)
  if (!Number.isInteger(agentid)) throw new Error('createWecomClient: agentId must be a number')
  const api = createTransport(opts)
  const get = <T extends z.ZodType>(path: string, query: Query, schema: T) =>
    api.call({ method: 'GET', path, query }, schema)
  const post = <T extends z.ZodType>(path: string, body: unknown, schema: T) =>
    api.call({ method: 'POST', path, body }, schema)
  const ec = '/cgi-bin/externalcontact'

  return {
    getUserInfo: (code) => get('/cgi-bin/auth/getuserinfo', { code }, S.UserInfoReply),
    listDepartments: async () => (await get('/cgi-bin/department/list', {}, S.DepartmentListReply)).department,
    listUsers: async (departmentId) =>
      (await get('/cgi-bin/user/list', { department_id: departmentId }, S.UserListReply)).userlist,
    getUser: (userid) => get('/cgi-bin/user/get', { userid }, S.WecomUserSchema),
    listUserIds: () =>
      collectPages('/cgi-bin/user/list_id', async (cursor) => {
        const page = await post('/cgi-bin/user/list_id', { cursor, limit: USER_LIST_ID_LIMIT }, S.UserListIdReply)
        return { items: page.dept_user, next: page.next_cursor }
      }),
    getFollowUserList: async () =>
      (await get(`${ec}/get_follow_user_list`, {}, S.FollowUserListReply)).follow_user,
    listExternalContacts: async (userid) =>
      (await get(`${ec}/list`, { userid }, S.ExternalContactListReply)).external_userid,
    getExternalContact: (externalUserid) => getContactDetail(get, externalUserid),
    batchGetByUser: (userids) => batchGetByUser(post, userids),
    getCorpTagList: async (filter = {}) =>
      (await post(`${ec}/get_corp_tag_list`, filter, S.CorpTagListReply)).tag_group,
    addCorpTag: async (input) => (await post(`${ec}/add_corp_tag`, input, S.AddCorpTagReply)).tag_group,
    editCorpTag: async (input) => void (await post(`${ec}/edit_corp_tag`, input, S.EmptyReply)),
    delCorpTag: async (input) => void (await post(`${ec}/del_corp_tag`, input, S.EmptyReply)),
    markTag: async (input) => void (await post(`${ec}/mark_tag`, input, S.EmptyReply)),
    remark: async (input) => void (await post(`${ec}/remark`, input, S.EmptyReply)),
    getGroupChat: async (chatId) =>
      (await post(`${ec}/groupchat/get`, { chat_id: chatId, need_name: 1 }, S.GroupChatReply)).group_chat,
    sendMessage: (message) => post('/cgi-bin/message/send', { ...message, agentid }, S.MessageSendReply),
    uploadMedia: (input) =>
      api.call(
        { method: 'POST', path: '/cgi-bin/media/upload', query: { type: input.type }, form: () => mediaForm(input), timeoutMs: UPLOAD_TIMEOUT_MS },
        S.MediaUploadReply,
      ),
    getJsapiTicket: () => api.jsapiTicket(),
    getAgentTicket: () => api.agentTicket(),
  }
}

/** The multipart body of media/upload: one file field named `media`, with its name and type. */
function mediaForm(input: MediaUploadInput): FormData {
  const blob = input.data instanceof Blob ? input.data : new Blob([input.data], { type: input.contentType })
  const form = new FormData()
  form.append('media', blob.type === input.contentType ? blob : blob.slice(0, blob.size, input.contentType), input.filename)
  return form
}

type Get = <T extends z.ZodType>(path: string, query: Query, schema: T) => Promise<z.output<T>>
type Post = <T extends z.ZodType>(path: string, body: unknown, schema: T) => Promise<z.output<T>>

/** externalcontact/get pages follow_user (over 500 followers); the contact itself comes with every page. */
async function getContactDetail(get: Get, externalUserid: string): Promise<WecomContactDetail> {
  const path = '/cgi-bin/externalcontact/get'
  let contact: WecomContactDetail['external_contact'] | undefined
  const followUser = await collectPages<WecomFollowUser>(path, async (cursor) => {
    const query = { external_userid: externalUserid, cursor: cursor || undefined }
    const page = await get(path, query, S.ExternalContactGetReply)
    contact ??= page.external_contact
    return { items: page.follow_user, next: page.next_cursor }
  })
  // collectPages always fetches the first page, which sets `contact`.
  return { external_contact: contact!, follow_user: followUser }
}

/**
 * WeCom takes at most 100 userids per batch/get_by_user call; each chunk is paged to its end.
 * Unlicensed members are reported per page in `fail_info` (every page's list is kept, since
 * WeCom does not say which page carries it), and a chunk without any licensed member fails
 * with 701008: that chunk's members are all unlicensed, the other chunks still count.
 */
async function batchGetByUser(post: Post, userids: string[]): Promise<WecomBatchResult> {
  const items: WecomBatchItem[] = []
  const unlicensed = new Set<string>()
  for (let i = 0; i < userids.length; i += BATCH_SIZE) {
    const chunk = userids.slice(i, i + BATCH_SIZE)
    try {
      items.push(...(await batchChunk(post, chunk, unlicensed)))
    } catch (err) {
      if (!(err instanceof WecomError && err.errcode === NO_LICENSED_MEMBER)) throw err
      chunk.forEach((u) => unlicensed.add(u))
    }
  }
  return { items, unlicensedUserids: [...unlicensed] }
}

/** One chunk of at most 100 userids, every page; adds the unlicensed members it reports to `unlicensed`. */
function batchChunk(post: Post, chunk: string[], unlicensed: Set<string>): Promise<WecomBatchItem[]> {
  const path = '/cgi-bin/externalcontact/batch/get_by_user'
  return collectPages(path, async (cursor) => {
    const page = await post(path, { userid_list: chunk, cursor, limit: BATCH_SIZE }, S.BatchGetByUserReply)
    for (const u of page.fail_info?.unlicensed_userid_list ?? []) unlicensed.add(u)
    return { items: page.external_contact_list, next: page.next_cursor }
  })
}

/**
 * Follows WeCom's `next_cursor` until it is empty. A cursor seen twice would loop forever,
 * so it fails as an invalid reply instead.
 */
async function collectPages<T>(
  path: string,
  fetchPage: (cursor: string) => Promise<{ items: T[]; next: string | undefined }>,
): Promise<T[]> {
  const all: T[] = []
  const seen = new Set<string>()
  let cursor = ''
  do {
    seen.add(cursor)
    const page = await fetchPage(cursor)
    all.push(...page.items)
    cursor = page.next ?? ''
    if (cursor && seen.has(cursor)) {
      const message = `WeCom ${path}: paging cursor repeats`
      throw new WecomError({ errcode: LocalErrcode.invalidReply, path, message })
    }
  } while (cursor)
  return all
}

// ---- transport: token, tickets, timeout, retries, validation ----

function createTransport(opts: WecomClientOptions) {
  const clock = opts.clock ?? systemClock
  const fetchImpl = opts.fetch ?? globalThis.fetch
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const retry = opts.retry ?? DEFAULT_RETRY
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const apiBase = opts.apiBase.replace(/\/+$/, '')

  const token = createExpiringValue(clock, EXPIRY_MARGIN_S, async () => {
    const query = { corpid: opts.corpId, corpsecret: opts.secret }
    const r = await withRetry(() => send({ method: 'GET', path: '/cgi-bin/gettoken', query }, S.TokenReply))
    return { value: r.access_token, expiresIn: r.expires_in }
  })
  const ticketCache = (path: string, query: Query) =>
    createExpiringValue(clock, EXPIRY_MARGIN_S, async () => {
      const r = await call({ method: 'GET', path, query }, S.WecomTicketSchema)
      return { value: r.ticket, expiresIn: r.expires_in }
    })
  const corpTicket = ticketCache('/cgi-bin/get_jsapi_ticket', {})
  const agentTicket = ticketCache('/cgi-bin/ticket/get', { type: 'agent_config' })
  const asTicket = async (cache: ExpiringValue): Promise<WecomTicket> => {
    const t = await cache.get()
    return { ticket: t.value, expires_in: Math.max(0, t.expiresAt - clock.now()) }
  }

  /**
   * An authenticated call. A token error (40014/42001) drops the token and retries once at
   * once, outside the backoff budget; gettoken failures are not retried again here, since
   * gettoken already backed off on its own.
   */
  async function call<T extends z.ZodType>(req: ApiRequest, schema: T): Promise<z.output<T>> {
    let refreshed = false
    for (let attempt = 0; ; ) {
      const { value } = await token.get()
      try {
        return await send({ ...req, query: { ...req.query, access_token: value } }, schema, value)
      } catch (err) {
        if (!refreshed && err instanceof WecomError && isTokenErrcode(err.errcode)) {
          refreshed = true
          token.invalidate(value)
          continue
        }
        await backoffOrThrow(err, attempt++)
      }
    }
  }

  async function withRetry<T>(run: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await run()
      } catch (err) {
        await backoffOrThrow(err, attempt)
      }
    }
  }

  /** Sleeps before retry number `attempt + 1`, or rethrows when `err` is final. */
  async function backoffOrThrow(err: unknown, attempt: number): Promise<void> {
    if (!(err instanceof WecomError) || !err.retryable || attempt >= retry.attempts) throw err
    await sleep(backoffMs(attempt, retry))
  }

  /** One HTTP exchange, bounded by the timeout from request start to parsed body. */
  async function send<T extends z.ZodType>(req: ApiRequest, schema: T, accessToken?: string): Promise<z.output<T>> {
    const controller = new AbortController()
    const limitMs = req.timeoutMs ?? timeoutMs
    const timer = setTimeout(() => controller.abort(), limitMs)
    try {
      const exchange = fetchImpl(buildUrl(apiBase, req), requestInit(req, controller.signal))
      const res = await untilAborted(exchange, controller.signal)
      if (!res.ok) {
        void res.body?.cancel().catch(() => {})
        const message = `WeCom ${req.path}: HTTP ${res.status}`
        throw new WecomError({ errcode: LocalErrcode.http, httpStatus: res.status, path: req.path, message })
      }
      const text = await untilAborted(res.text(), controller.signal)
      return parseReply(req.path, text, schema, [opts.secret, accessToken])
    } catch (err) {
      if (err instanceof WecomError) throw err
      throw networkError(req.path, err, controller.signal.aborted ? limitMs : undefined)
    } finally {
      clearTimeout(timer)
    }
  }

  return { call, jsapiTicket: () => asTicket(corpTicket), agentTicket: () => asTicket(agentTicket) }
}

function networkError(path: string, err: unknown, timedOutAfterMs: number | undefined): WecomError {
  // Only a code like ECONNREFUSED is kept: a fetch error's message may quote the URL, token and all.
  const code = (err as { cause?: { code?: unknown } } | undefined)?.cause?.code
  const safeCode = typeof code === 'string' && /^[A-Z_]+$/.test(code) ? ` (${code})` : ''
  const detail = timedOutAfterMs === undefined ? `network error${safeCode}` : `timed out after ${timedOutAfterMs} ms`
  return new WecomError({ errcode: LocalErrcode.network, path, message: `WeCom ${path}: ${detail}` })
}

/** Jitter over the upper half: delays grow as base·2^n, never exceed the cap, and spread out. */
function backoffMs(attempt: number, { baseDelayMs, maxDelayMs }: RetryPolicy): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt)
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2)
}

/** The access token always travels in the query string (WeCom answers 41001 otherwise). */
function buildUrl(apiBase: string, req: ApiRequest): string {
  const url = new URL(apiBase + req.path)
  for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v))
  return url.toString()
}

function requestInit(req: ApiRequest, signal: AbortSignal): RequestInit {
  if (req.method === 'GET') return { method: 'GET', signal }
  // fetch writes the multipart content type with its boundary itself.
  if (req.form) return { method: 'POST', signal, body: req.form() }
  return {
    method: 'POST',
    signal,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(req.body ?? {}),
  }
}

/** Rejects when the signal aborts even if the injected fetch ignores the signal. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'))
    if (signal.aborted) return onAbort()
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

/**
 * Envelope first (errcode decides success), then the payload schema. Secrets are scrubbed
 * from errmsg in case a proxy or WeCom echoes them back.
 */
function parseReply<T extends z.ZodType>(
  path: string,
  text: string,
  schema: T,
  secrets: (string | undefined)[],
): z.output<T> {
  const invalid = (why: string) =>
    new WecomError({ errcode: LocalErrcode.invalidReply, path, message: `WeCom ${path}: invalid reply (${why})` })
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw invalid('not JSON')
  }
  const envelope = S.EnvelopeSchema.safeParse(json)
  if (!envelope.success) throw invalid('no errcode')
  const { errcode, errmsg = '' } = envelope.data
  if (errcode !== 0) {
    const msg = redact(errmsg, secrets).slice(0, 300)
    throw new WecomError({ errcode, path, message: `WeCom ${path}: errcode ${errcode} ${msg}`.trim() })
  }
  const payload = schema.safeParse(json)
  // Issue paths only: values could be the token itself (gettoken) or customer data.
  if (!payload.success) throw invalid(payload.error.issues.map((i) => i.path.join('.') || '(root)').join(', '))
  return payload.data
}

function redact(text: string, secrets: (string | undefined)[]): string {
  return secrets.reduce<string>((t, s) => (s ? t.split(s).join('***') : t), text)
}
