import { describe, expect, it } from 'vitest'
import { phonePage, screenshotPath, signInAs, useBrowser } from './browser'

const { browser, baseUrl } = useBrowser()

const ANSWER = '退款将在 3 个工作日内原路退回，请留意银行到账通知。'

describe('knowledge base in the sidebar', () => {
  it('finds an approved answer by a short Chinese query and sends it into the chat after the sensitive-word check', async () => {
    const page = await phonePage(browser())
    // The demo admin writes a public answer and a 提醒 (warn) sensitive word through the API.
    await signInAs(page, baseUrl, 'zhangwei')
    await page.goto(`${baseUrl}/#/admin/knowledge`)
    await page.locator('[data-test=knowledge-admin]').waitFor({ timeout: 20_000 })
    const created = await page.request.post(`${baseUrl}/api/knowledge/items`, {
      data: { kind: 'script', library: 'public', question: '退款多久到账', similar: ['多久能退款'], answer: [{ type: 'text', text: ANSWER }] },
    })
    expect(created.ok()).toBe(true)
    const word = await page.request.post(`${baseUrl}/api/admin/sensitive-words`, { data: { words: ['银行'], action: 'warn' } })
    expect(word.ok()).toBe(true)

    await page.goto(`${baseUrl}/`)
    await page.locator('[data-test=chat-item][data-kind=customer]').first().click()
    const frame = page.frameLocator('[data-test=sidebar-frame]')
    await frame.locator('[data-test=customer-tab-knowledge]').click({ timeout: 20_000 })
    await frame.locator('[data-test=knowledge-search] input').fill('到账')
    const item = frame.locator('[data-test=knowledge-item]', { hasText: '退款多久到账' })
    await item.locator('[data-test=knowledge-highlight]').first().waitFor({ timeout: 10_000 })
    await page.locator('[data-test=sidebar-frame]').screenshot({ path: screenshotPath('sidebar-knowledge-search.png') })

    await item.locator('[data-test=knowledge-send]').click()
    const review = frame.locator('[data-test=knowledge-confirm]')
    await review.waitFor()
    expect(await review.getAttribute('data-verdict')).toBe('warn')
    await page.waitForTimeout(400) // let the dialog's fade-in finish for the screenshot
    await page.locator('[data-test=sidebar-frame]').screenshot({ path: screenshotPath('sidebar-knowledge-sensitive.png') })
    await frame.locator('[data-test=knowledge-confirm-send]').click()
    await review.waitFor({ state: 'hidden' })

    await expect.poll(() => page.locator('[data-test=chat-message]').allTextContents(), { timeout: 10_000 }).toContainEqual(
      expect.stringContaining(ANSWER),
    )
    const log = (await (await page.request.get(`${baseUrl}/api/admin/sensitive-words/log`)).json()) as { items: { outcome: string }[] }
    expect(log.items[0]?.outcome).toBe('confirmed')
    // On a phone-sized desktop one pane shows at a time: switch to the chat to see the message.
    await page.locator('[data-test=tab-chat]').click()
    await page.locator('[data-test=chat-message]').last().waitFor()
    await page.screenshot({ path: screenshotPath('desktop-knowledge-sent.png') })
    await page.close()
  })
})
