import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import type { AppEnv } from '../../app-env'
import { AppError } from '../../lib/errors'
import { validate } from '../../lib/validate'
import { MAX_CALLBACK_BYTES } from './callbacks.domain'
import { answerUrlVerification, receiveCallback } from './callbacks.service'

const SignedQuery = z.object({
  msg_signature: z.string().min(1).max(128),
  timestamp: z.string().min(1).max(32),
  nonce: z.string().min(1).max(128),
})
const VerifyQuery = SignedQuery.extend({ echostr: z.string().min(1).max(4096) })

/**
 * WeCom's callback URL, mounted at '/api/wecom/callback' without a session. GET is the URL
 * handshake; POST stores the event and answers 'success' at once (WeCom waits at most a few
 * seconds and retries): the worker applies stored events afterwards.
 */
export const callbackRoutes = new Hono<AppEnv>()
  .get('/', validate('query', VerifyQuery), (c) => {
    // text/plain, exactly the plaintext: no quotes, no trailing newline.
    return c.text(answerUrlVerification(c.var.deps, c.req.valid('query')), 200)
  })
  .post(
    '/',
    bodyLimit({
      maxSize: MAX_CALLBACK_BYTES,
      onError: () => {
        throw new AppError('PAYLOAD_TOO_LARGE', 413, '回调内容过大')
      },
    }),
    validate('query', SignedQuery),
    async (c) => {
      receiveCallback(c.var.deps, c.req.valid('query'), await c.req.text())
      return c.text('success', 200)
    },
  )
