import { existsSync, mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, inject } from 'vitest'

export const SCREENSHOTS = resolve(__dirname, '../../docs/screenshots')

function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[]
  const found = candidates.find((p) => existsSync(p))
  if (!found) throw new Error('chromium not found: scripts/test installs it with apt-get, or set CHROMIUM_PATH')
  return found
}

/** Headless Debian chromium with the flags this sandboxed, offline machine needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  })
}

export interface BrowserFixture {
  /** The file's chromium; only there inside tests and hooks (launched in beforeAll). */
  browser: () => Browser
  /** Where global-setup started the built server. */
  baseUrl: string
}

/**
 * One chromium per test file: registers the beforeAll that launches it and the afterAll that
 * closes it. Call it once at the top level of an e2e file.
 *
 * @example
 * const { browser, baseUrl } = useBrowser()
 * it('…', async () => { const page = await phonePage(browser()); await page.goto(baseUrl) })
 */
export function useBrowser(): BrowserFixture {
  let launched: Browser | undefined
  beforeAll(async () => {
    launched = await launchChromium()
  })
  afterAll(async () => {
    await launched?.close()
  })
  const browser = () => {
    if (!launched) throw new Error('useBrowser(): the browser is launched in beforeAll, use it inside tests')
    return launched
  }
  return { browser, baseUrl: inject('baseUrl') }
}

/** A phone-sized page (WeCom's sidebar runs in a phone webview or a 360 px desktop panel). */
export async function phonePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, locale: 'zh-CN' })
  return context.newPage()
}

/** A desktop-sized page, for the admin pages. */
export async function desktopPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
  return context.newPage()
}

/**
 * Signs the page's browser context in as `userid`: the simulator's OAuth page signs in
 * whoever the simulated desktop says is at the keyboard, which its control API sets.
 */
export async function signInAs(page: Page, baseUrl: string, userid: string): Promise<void> {
  const res = await page.request.post(`${baseUrl}/sim/_control/session`, { data: { userid } })
  if (!res.ok()) throw new Error(`could not pick ${userid} in the simulator: ${res.status()}`)
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true })
  return resolve(SCREENSHOTS, name)
}
