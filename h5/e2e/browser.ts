import { existsSync, mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

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
