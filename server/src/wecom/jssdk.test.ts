import { createHash } from 'node:crypto'
import { Signature } from '@kelan/shared'
import { describe, expect, it } from 'vitest'
import { fakeClock } from '../lib/clock'
import { createJssdkSigner, isSignableUrl } from './jssdk'

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex')
const expectedSignature = (ticket: string, nonceStr: string, timestamp: number, url: string) =>
  sha1(`jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${url}`)

/** The two ticket methods of a WecomClient, counting how often each is asked. */
function fakeTickets() {
  const asked = { corp: 0, agent: 0 }
  return {
    asked,
    getJsapiTicket: async () => (asked.corp++, { ticket: 'corp-ticket', expires_in: 7200 }),
    getAgentTicket: async () => (asked.agent++, { ticket: 'agent-ticket', expires_in: 7200 }),
  }
}

describe('createJssdkSigner', () => {
  it('agentConfig – a page URL – signs with the app ticket at the clock time', async () => {
    const client = fakeTickets()
    const clock = fakeClock(1_700_000_123)
    const url = 'https://kelan.example.com/sidebar/?entry=single_chat_tools'

    const sig = await createJssdkSigner(client, clock).agentConfig(url)

    expect(Signature.parse(sig)).toEqual(sig)
    expect(sig.timestamp).toBe(1_700_000_123)
    expect(sig.signature).toBe(expectedSignature('agent-ticket', sig.nonceStr, 1_700_000_123, url))
    expect(client.asked).toEqual({ corp: 0, agent: 1 })
  })

  it('config – a page URL – signs with the corp ticket', async () => {
    const client = fakeTickets()
    const clock = fakeClock(1_700_000_000)
    const url = 'https://kelan.example.com/'

    const sig = await createJssdkSigner(client, clock).config(url)

    expect(sig.signature).toBe(expectedSignature('corp-ticket', sig.nonceStr, 1_700_000_000, url))
    expect(client.asked).toEqual({ corp: 1, agent: 0 })
  })

  it('signatures – two in a row – use different nonces', async () => {
    const signer = createJssdkSigner(fakeTickets(), fakeClock())

    const a = await signer.agentConfig('https://kelan.example.com/')
    const b = await signer.agentConfig('https://kelan.example.com/')

    expect(a.nonceStr).not.toBe(b.nonceStr)
    expect(a.signature).not.toBe(b.signature)
  })
})

describe('isSignableUrl', () => {
  const PUBLIC = 'https://kelan.example.com'

  it.each([
    ['https://kelan.example.com/', true],
    ['https://kelan.example.com/sidebar/index.html?a=1&b=%E4%B8%AD', true],
    ['https://kelan.example.com:443/', true],
    ['https://kelan.example.com/#/customer', false],
    ['https://kelan.example.com/#', false],
    ['http://kelan.example.com/', false],
    ['https://kelan.example.com:8443/', false],
    ['https://evil.example.com/', false],
    ['https://kelan.example.com.evil.com/', false],
    ['https://user:pw@kelan.example.com/', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('isSignableUrl – %s – %s', (url, ok) => {
    expect(isSignableUrl(url, PUBLIC)).toBe(ok)
  })

  it('isSignableUrl – PUBLIC_URL with a port and path – compares the origin only', () => {
    expect(isSignableUrl('http://localhost:8787/h5/', 'http://localhost:8787/app')).toBe(true)
    expect(isSignableUrl('http://localhost:8788/h5/', 'http://localhost:8787/app')).toBe(false)
  })
})
