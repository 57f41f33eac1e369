import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ErrorBody } from '@kelan/shared'
import type { AppEnv } from './app-env'
import type { Deps } from './deps'
import { AppError } from './lib/errors'

/** `{ error: { code, message } }` for every failure, so the UI has one shape to read. */
function errorBody(err: AppError): ErrorBody {
  return { error: { code: err.code, message: err.message, ...err.extra } }
}

/**
 * Builds the HTTP app around explicit dependencies. Routes are chained so `AppType`
 * carries every path to the typed client in h5.
 */
export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>()
  app.use(async (c, next) => {
    c.set('deps', deps)
    await next()
  })
  app.onError((err, c) => {
    if (err instanceof AppError) return c.json(errorBody(err), err.status)
    if (err instanceof HTTPException) {
      const status = err.status
      const code = status === 401 ? 'UNAUTHENTICATED' : status === 413 ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION_FAILED'
      return c.json(errorBody(new AppError(code, status, err.message || '请求不正确')), status)
    }
    console.error('[kelan] unhandled error', c.req.method, c.req.path, err)
    return c.json(errorBody(new AppError('INTERNAL', 500, '服务器内部错误，请稍后重试')), 500)
  })
  app.notFound((c) => c.json(errorBody(new AppError('NOT_FOUND', 404, '接口不存在')), 404))

  const routes = app.get('/api/health', (c) => c.json({ ok: true as const, mode: deps.env.mode }, 200))
  return routes
}

export type AppType = ReturnType<typeof createApp>
