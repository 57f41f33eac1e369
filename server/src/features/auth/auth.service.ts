import type { Deps } from '../../deps'
import { AppError } from '../../lib/errors'
import { WecomError } from '../../wecom/errors'
import { syncStaffMember } from '../sync/sync.service'
import { hashToken, newSessionToken, SESSION_TTL_SECONDS } from './auth.domain'
import { deleteExpiredSessions, findStaff, insertSession } from './auth.repo'

/**
 * Exchanges an OAuth code for a session. The member must be a corp member the app can see;
 * one the database does not know as active is fetched from WeCom first.
 */
export async function signInWithCode(deps: Deps, code: string): Promise<{ token: string; userid: string }> {
  const info = await deps.wecom.getUserInfo(code).catch((err: unknown) => {
    if (err instanceof WecomError && err.errcode === 40029) {
      throw new AppError('UNAUTHENTICATED', 401, '登录凭证已失效，请重新打开页面')
    }
    throw err
  })
  if (!info.userid) throw new AppError('FORBIDDEN', 403, '仅企业成员可以使用客栏')
  const userid = info.userid
  // Unknown, or marked left: they may have joined (again) since the last full sync.
  if (findStaff(deps.db, deps.corpId, userid)?.status !== 1) await syncStaffMember(deps, userid)
  const member = findStaff(deps.db, deps.corpId, userid)
  if (!member || member.status !== 1) {
    throw new AppError('FORBIDDEN', 403, '你不在本应用的可见范围内，请联系管理员')
  }
  return { token: createSession(deps, userid), userid }
}

/** Creates a session row and returns the cookie value. */
export function createSession(deps: Deps, userid: string): string {
  const now = deps.clock.now()
  deleteExpiredSessions(deps.db, now)
  const token = newSessionToken()
  insertSession(deps.db, {
    idHash: hashToken(token),
    corpId: deps.corpId,
    userid,
    createdAt: now,
    expiresAt: now + SESSION_TTL_SECONDS,
  })
  return token
}
