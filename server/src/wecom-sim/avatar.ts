/**
 * Avatars the simulator serves itself (/avatar/<id>.svg): the first character of the name on
 * a coloured circle, the colour fixed by the id. The demo then works offline and needs no
 * image data, while Kelan still gets an ordinary http(s) avatar URL, as WeCom sends.
 */
import { Hono } from 'hono'
import { nameOf } from './contacts.repo'
import type { SimContext } from './context'

const COLOURS = ['#1E88E5', '#43A047', '#FB8C00', '#8E24AA', '#E53935', '#00897B', '#3949AB', '#6D4C41']

const escapeXml = (s: string) =>
  s.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch]!)

function colourOf(id: string): string {
  let h = 0
  for (const ch of id) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0
  return COLOURS[Math.abs(h) % COLOURS.length]!
}

/**
 * The SVG for one person; `Array.from` keeps an emoji nickname's first character whole.
 *
 * @example avatarSvg('wmAbc', '张伟') // a circle with 张
 */
export function avatarSvg(id: string, name: string): string {
  const initial = escapeXml(Array.from(name.trim())[0] ?? '?')
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">' +
    `<circle cx="48" cy="48" r="48" fill="${colourOf(id)}"/>` +
    '<text x="48" y="48" dy="0.35em" text-anchor="middle" fill="#fff" font-size="42" ' +
    `font-family="-apple-system,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif">${initial}</text></svg>`
  )
}

export function avatarRoutes(ctx: SimContext) {
  return new Hono().get('/:file', (c) => {
    const file = c.req.param('file')
    const name = file.endsWith('.svg') ? nameOf(ctx.db, file.slice(0, -4)) : undefined
    if (name === undefined) return c.text('not found', 404)
    return c.body(avatarSvg(file.slice(0, -4), name), 200, {
      'content-type': 'image/svg+xml; charset=utf-8',
      'cache-control': 'public, max-age=86400',
    })
  })
}
