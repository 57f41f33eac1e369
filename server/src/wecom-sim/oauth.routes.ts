/**
 * The fake OAuth authorize page (open.weixin.qq.com/connect/oauth2/authorize). In WeCom the
 * client already knows who is signed in; in the demo that is the "current desktop user", a
 * cookie the control API sets. Without one, a small Chinese page lists the staff to pick from;
 * each link comes back here with `pick`, which sets the cookie and continues, so the redirect
 * Kelan receives is the same `redirect_uri?code=...&state=...` WeCom would send.
 */
import { Hono } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { html, raw } from 'hono/html'
import { getStaff, listDepartments, listStaff } from './contacts.repo'
import type { SimContext } from './context'
import { issueCode } from './credentials'

/** The cookie naming the simulated desktop's signed-in staff member. */
export const SIM_USER_COOKIE = 'kelan_sim_user'

export function setSimUser(c: Parameters<typeof setCookie>[0], userid: string): void {
  setCookie(c, SIM_USER_COOKIE, userid, { path: '/', httpOnly: true, sameSite: 'Lax' })
}

function errorPage(message: string) {
  return html`<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>授权失败</title>
<body style="font-family:sans-serif;padding:2em"><h3>授权失败</h3><p>${message}</p></body></html>`
}

function pickerPage(ctx: SimContext, query: URLSearchParams) {
  const departments = new Map(listDepartments(ctx.db).map((d) => [d.id, d.name]))
  const rows = listStaff(ctx.db, ctx.publicBase).map((s) => {
    const link = new URLSearchParams(query)
    link.set('pick', s.userid)
    const dept = s.department.map((d) => departments.get(d) ?? '').join('、')
    return html`<li><a href="?${link.toString()}"><img src="${s.avatar}" alt="" width="36" height="36">
<span>${s.name}</span><small>${dept} · ${s.position ?? ''}</small></a></li>`
  })
  return html`<!doctype html><html lang="zh-CN"><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>选择登录成员</title>
<style>${raw(`body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f5f6f7}
h3{padding:16px;margin:0;background:#fff}ul{list-style:none;margin:0;padding:0}
a{display:flex;align-items:center;gap:12px;padding:12px 16px;background:#fff;border-bottom:1px solid #eee;color:#222;text-decoration:none}
img{border-radius:50%}small{color:#888;margin-left:auto}`)}</style>
<h3>企业微信（模拟）· 选择以哪位成员的身份登录</h3><ul>${rows}</ul></html>`
}

export function oauthRoutes(ctx: SimContext) {
  return new Hono().get('/authorize', (c) => {
    const q = c.req.query()
    if (q.appid !== ctx.corp.corpId) return c.html(errorPage('appid 参数错误'), 400)
    if (q.response_type !== 'code') return c.html(errorPage('response_type 参数错误'), 400)
    if (q.scope !== 'snsapi_base' && q.scope !== 'snsapi_privateinfo') return c.html(errorPage('scope 参数错误'), 400)
    if (q.state !== undefined && !/^[a-zA-Z0-9]{0,128}$/.test(q.state)) return c.html(errorPage('state 参数错误'), 400)
    let target: URL
    try {
      target = new URL(q.redirect_uri ?? '')
      if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error('scheme')
    } catch {
      return c.html(errorPage('redirect_uri 参数错误'), 400)
    }
    if (q.pick && getStaff(ctx.db, q.pick, ctx.publicBase)) setSimUser(c, q.pick)
    const userid = q.pick ?? getCookie(c, SIM_USER_COOKIE)
    if (!userid || !getStaff(ctx.db, userid, ctx.publicBase)) {
      const query = new URLSearchParams(q)
      query.delete('pick')
      return c.html(pickerPage(ctx, query), 200)
    }
    target.searchParams.set('code', issueCode(ctx.db, ctx.clock, userid))
    target.searchParams.set('state', q.state ?? '')
    return c.redirect(target.toString(), 302)
  })
}
