/**
 * WeCom's business errors as the simulator raises them. WeCom answers HTTP 200 with
 * `{ errcode, errmsg }` for every business failure (REFERENCE §2.0), so services throw a
 * SimError and one onError turns it into that reply. errmsg copies WeCom's shape (text, hint,
 * "more info" link) only so logs look familiar: clients must decide by errcode alone.
 */
import { randomBytes } from 'node:crypto'

/** The errcodes the simulator uses, named (REFERENCE §2.7). */
export const ERR = {
  SYSTEM_BUSY: -1,
  INVALID_SECRET: 40001,
  INVALID_USERID: 40003,
  INVALID_MEDIA_TYPE: 40004,
  INVALID_FILE_TYPE: 40005,
  INVALID_FILE_SIZE: 40006,
  INVALID_MEDIA_ID: 40007,
  INVALID_CORPID: 40013,
  INVALID_TOKEN: 40014,
  INVALID_CODE: 40029,
  INVALID_CHATID: 40050,
  INVALID_AGENTID: 40056,
  INVALID_PARAMETER: 40058,
  INVALID_TAG_ID: 40068,
  INVALID_TAG_NAME: 40071,
  INVALID_EXTERNAL_USERID: 40096,
  MISSING_TOKEN: 41001,
  MISSING_CORPID: 41002,
  MISSING_SECRET: 41004,
  MISSING_MEDIA: 41005,
  TOKEN_EXPIRED: 42001,
  EMPTY_CONTENT: 44004,
  FREQUENCY_LIMIT: 45009,
  BAD_JSON: 47001,
  USER_NOT_FOUND: 60111,
  DEPARTMENT_NOT_FOUND: 60123,
  ALL_RECIPIENTS_INVALID: 81013,
  NOT_EXTERNAL_CONTACT: 84061,
  /**
   * Editing or deleting a corp tag the app did not create. WeCom documents the rule but not
   * the code; one unofficial source gives 301002 (REFERENCE §6.2), so it lives here, once.
   */
  TAG_NOT_OWNED: 301002,
  /** batch/get_by_user when none of the requested members holds an interop licence. */
  NO_LICENSED_MEMBER: 701008,
} as const

const MESSAGES: Record<number, string> = {
  [-1]: 'system busy',
  40001: 'invalid credential',
  40003: 'invalid userid',
  40004: 'invalid media type',
  40005: 'invalid file type',
  40006: 'invalid file size',
  40007: 'invalid media_id',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  40050: 'chatid not found',
  40056: 'invalid agentid',
  40058: 'invalid Request Parameter',
  40068: 'invalid tagid',
  40071: 'UserTag Name Already Exist',
  40096: 'invalid external userid',
  41001: 'access_token missing',
  41002: 'corpid missing',
  41004: 'corpsecret missing',
  41005: 'media data missing',
  42001: 'access_token expired',
  44004: 'empty content',
  45009: 'api freq out of limit',
  47001: 'data format error',
  60111: 'userid not found',
  60123: 'invalid party id',
  81013: 'user & party & tag all invalid',
  84061: 'not external contact',
  301002: 'no privilege to access/modify this tag',
  701008: 'no user with a valid interop license',
}

/** errmsg in WeCom's format: `<text>, hint: [<id>], from ip: ..., more info at ...`. */
export function wecomErrmsg(errcode: number, detail?: string): string {
  const text = detail ? `${MESSAGES[errcode] ?? 'error'}: ${detail}` : (MESSAGES[errcode] ?? 'error')
  const hint = `${Math.floor(Date.now() / 1000)}-${randomBytes(4).toString('hex')}-sim`
  return `${text}, hint: [${hint}], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`
}

/** A WeCom business error: answered as HTTP 200 `{ errcode, errmsg }`. */
export class SimError extends Error {
  constructor(
    readonly errcode: number,
    detail?: string,
  ) {
    super(wecomErrmsg(errcode, detail))
    this.name = 'SimError'
  }
}
