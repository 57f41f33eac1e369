import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { TagChangeInput } from '@kelan/shared'
import { AppError, errorBody } from './errors'
import { validate } from './validate'

/** Only validate() and a shared (zod/mini) contract: no classic zod schema is built in this file. */
function appWith() {
  const app = new Hono()
  app.onError((err, c) => (err instanceof AppError ? c.json(errorBody(err), err.status) : c.text('bug', 500)))
  return app.put('/tags', validate('json', TagChangeInput), (c) => c.json(c.req.valid('json'), 200))
}

const put = (body: unknown) =>
  appWith().request('/tags', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

describe('validate', () => {
  it('validate – a shared contract, valid body – the parsed value, defaults applied', async () => {
    const res = await put({ add: ['t1'] })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ add: ['t1'], remove: [] })
  })

  it('validate – a shared contract refusal – 400 VALIDATION_FAILED with the contract’s Chinese message', async () => {
    const res = await put({ add: ['t1'], remove: ['t1'] })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; issues: { path: string; message: string }[] } }
    expect(body.error.code).toBe('VALIDATION_FAILED')
    expect(body.error.issues).toEqual([{ path: 'json', message: '同一个标签不能既添加又移除' }])
  })

  it('validate – a wrong type in a zod/mini contract, no classic zod loaded – zod’s English default message, not a bare "Invalid input"', async () => {
    const res = await put({ add: [1] })
    const body = (await res.json()) as { error: { issues: { path: string; message: string }[] } }
    expect(body.error.issues).toEqual([{ path: 'json.add.0', message: 'Invalid input: expected string, received number' }])
  })
})
