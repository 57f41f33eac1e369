import { Hono } from 'hono'
import { SignatureQuery } from '@kelan/shared'
import type { AppEnv } from '../../app-env'
import { AppError } from '../../lib/errors'
import { validate } from '../../lib/validate'
import { createJssdkSigner, isSignableUrl } from '../../wecom/jssdk'

/**
 * JS-SDK signatures for ww.register. Only pages of our own origin are signed: a signature
 * is a capability, and signing any URL would let another site act as our app.
 */
export const jssdkRoutes = new Hono<AppEnv>()
  .get('/agent-signature', validate('query', SignatureQuery), async (c) => {
    const { deps } = c.var
    const url = checkedUrl(c.req.valid('query').url, deps.env.publicUrl)
    return c.json(await createJssdkSigner(deps.wecom, deps.clock).agentConfig(url), 200)
  })
  .get('/config-signature', validate('query', SignatureQuery), async (c) => {
    const { deps } = c.var
    const url = checkedUrl(c.req.valid('query').url, deps.env.publicUrl)
    return c.json(await createJssdkSigner(deps.wecom, deps.clock).config(url), 200)
  })

function checkedUrl(url: string, publicUrl: string): string {
  if (!isSignableUrl(url, publicUrl)) {
    throw new AppError('VALIDATION_FAILED', 400, '只能为本应用的页面签名（url 须与 PUBLIC_URL 同源且不含 #）')
  }
  return url
}
