import type { Signature } from '@kelan/shared'
import type { Clock } from '../lib/clock'
import type { WecomClient } from './client'
import { signJsapi } from './crypto'

export interface JssdkSigner {
  /** For ww.register's getAgentConfigSignature (app identity): signs with the app ticket. */
  agentConfig(url: string): Promise<Signature>
  /** For ww.register's getConfigSignature (corp identity): signs with the corp ticket. */
  config(url: string): Promise<Signature>
}

/**
 * Signs page URLs for the JS-SDK with the client's cached tickets, timestamped by `clock`
 * (seconds: a skewed server clock is a classic cause of 40093). Check the URL with
 * {@link isSignableUrl} first; it is signed exactly as given.
 *
 * @example await createJssdkSigner(deps.wecom, deps.clock).agentConfig(url)
 */
export function createJssdkSigner(
  client: Pick<WecomClient, 'getAgentTicket' | 'getJsapiTicket'>,
  clock: Clock,
): JssdkSigner {
  return {
    agentConfig: async (url) => signJsapi({ ticket: (await client.getAgentTicket()).ticket, url, timestamp: clock.now() }),
    config: async (url) => signJsapi({ ticket: (await client.getJsapiTicket()).ticket, url, timestamp: clock.now() }),
  }
}

/**
 * Whether we may sign `url`: an http(s) URL of the same origin as PUBLIC_URL, with no
 * `#fragment` (the JS-SDK signs `location.href` minus the hash, so a URL with one can never
 * match, and signing any other origin would lend our app identity to someone else's page).
 *
 * @example isSignableUrl('https://kelan.example.com/sidebar/?x=1', 'https://kelan.example.com') // true
 */
export function isSignableUrl(url: string, publicUrl: string): boolean {
  if (url.includes('#')) return false
  const page = parseUrl(url)
  const own = parseUrl(publicUrl)
  if (!page || !own || page.username || page.password) return false
  return (page.protocol === 'https:' || page.protocol === 'http:') && page.origin === own.origin
}

/** `URL.parse` arrived in Node 22; we run on 20. */
function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}
