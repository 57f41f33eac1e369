import { Hono } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { z } from 'zod'
import { _default } from 'zod/mini'
import { ReturnTo } from '@kelan/shared'
import type { AppEnv } from '../../app-env'
import { AppError } from '../../lib/errors'
import { validate } from '../../lib/validate'
import {
  authorizeUrl,
  checkOAuthState,
  DEFAULT_RETURN_TO,
  hashToken,
  makeOAuthState,
  permissionsOf,
  readStateCookie,
  SESSION_COOKIE,
  SESSION_TTL_SECONDS,
  STATE_COOKIE,
  stateCookieValue,
} from './auth.domain'
import { deleteSession, findGrants, findStaff } from './auth.repo'
import { signInWithCode } from './auth.service'

const LoginQuery = z.object({ returnTo: _default(ReturnTo, DEFAULT_RETURN_TO) })
const CallbackQuery = z.object({
  code: z.string().min(1).max(512),
  state: z.string().regex(/^[a-zA-Z0-9]{1,128}$/, 'state 格式不正确'),
})

const secure = (publicUrl: string) => publicUrl.startsWith('https:')

/** Sign-in through WeCom OAuth (snsapi_base), the session cookie and who the viewer is. */
export const authRoutes = new Hono<AppEnv>()
  .get('/config', (c) => {
    const { env } = c.var.deps
    return c.json({ corpId: env.wecom.corpId, agentId: env.wecom.agentId, mode: env.mode }, 200)
  })
  .get('/login', validate('query', LoginQuery), (c) => {
    const { env } = c.var.deps
    const state = makeOAuthState(env.sessionSecret)
    // The nonce and where to land travel in one short-lived cookie; `state` only proves it.
    setCookie(c, STATE_COOKIE, stateCookieValue(state, c.req.valid('query').returnTo), {
      httpOnly: true, sameSite: 'Lax', secure: secure(env.publicUrl), path: '/api/auth', maxAge: 600,
    })
    const url = authorizeUrl({
      oauthBase: env.wecom.oauthBase,
      corpId: env.wecom.corpId,
      agentId: env.wecom.agentId,
      redirectUri: `${env.publicUrl}/api/auth/callback`,
      state,
    })
    return c.redirect(url, 302)
  })
  .get('/callback', validate('query', CallbackQuery), async (c) => {
    const deps = c.var.deps
    const { code, state } = c.req.valid('query')
    const { nonce, returnTo } = readStateCookie(getCookie(c, STATE_COOKIE))
    if (!checkOAuthState(deps.env.sessionSecret, state, nonce)) {
      throw new AppError('UNAUTHENTICATED', 401, '登录请求已失效，请重新打开页面')
    }
    const { token } = await signInWithCode(deps, code)
    deleteCookie(c, STATE_COOKIE, { path: '/api/auth' })
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true, sameSite: 'Lax', secure: secure(deps.env.publicUrl), path: '/', maxAge: SESSION_TTL_SECONDS,
    })
    return c.redirect(`/${returnTo}`, 302)
  })
  .post('/logout', (c) => {
    const token = getCookie(c, SESSION_COOKIE)
    if (token) deleteSession(c.var.deps.db, hashToken(token))
    deleteCookie(c, SESSION_COOKIE, { path: '/' })
    return c.json({ ok: true as const }, 200)
  })

/** Who is signed in: mounted at /api/me. */
export const meRoutes = new Hono<AppEnv>().get('/', (c) => {
  const { deps, viewer } = c.var
  const member = findStaff(deps.db, viewer.corpId, viewer.userid)
  if (!member) throw new AppError('UNAUTHENTICATED', 401, '登录已过期，请重新打开')
  const permissions = permissionsOf(member.role, findGrants(deps.db, member.corpId, member.userid))
  return c.json(
    { corpId: member.corpId, userid: member.userid, name: member.name, avatar: member.avatar, role: member.role, permissions, mode: deps.env.mode },
    200,
  )
})
