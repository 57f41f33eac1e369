/**
 * WeCom's reply conventions in one place: `{ errcode: 0, errmsg: 'ok', ...data }` on success,
 * JSON bodies validated with zod at the edge (unreadable JSON → 47001, a wrong field → 40058),
 * and the onError that turns a SimError into HTTP 200 with its errcode.
 */
import type { Context, ErrorHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { z } from 'zod'
import { AppError, errorBody, fromHttpException } from '../lib/errors'
import { ERR, SimError, wecomErrmsg } from './errors'

/** A success reply in WeCom's envelope. */
export const ok = <T extends object>(c: Context, data?: T) => c.json({ errcode: 0, errmsg: 'ok', ...data }, 200)

/** The request's JSON body checked against `schema`, or the SimError WeCom would answer with. */
export async function readBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  let raw: unknown
  try {
    raw = JSON.parse(await c.req.text())
  } catch {
    throw new SimError(ERR.BAD_JSON)
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success) throw new SimError(ERR.INVALID_PARAMETER, parsed.error.issues[0]?.path.join('.'))
  return parsed.data
}

/**
 * WeCom API failures answer HTTP 200 `{ errcode, errmsg }`; control API failures, and Hono's
 * own refusals such as a malformed JSON body, use Kelan's error shape; anything else is a
 * simulator bug and answers WeCom's "system busy" (-1) so Kelan sees what it would see from
 * a WeCom hiccup, while the log gets the real error.
 */
export const onSimError: ErrorHandler = (err, c) => {
  if (err instanceof SimError) return c.json({ errcode: err.errcode, errmsg: err.message }, 200)
  const known = err instanceof HTTPException ? fromHttpException(err) : err
  if (known instanceof AppError) return c.json(errorBody(known), known.status)
  console.error('[wecom-sim] unhandled error', c.req.method, c.req.path, err)
  if (c.req.path.includes('/cgi-bin/')) return c.json({ errcode: ERR.SYSTEM_BUSY, errmsg: wecomErrmsg(ERR.SYSTEM_BUSY) }, 200)
  return c.json(errorBody(new AppError('INTERNAL', 500, '模拟器内部错误')), 500)
}
