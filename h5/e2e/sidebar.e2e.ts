import type { FrameLocator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { phonePage, screenshotPath, useBrowser } from './browser'

interface SimRecord {
  external_contact: { name: string }
  follow_user: { tags?: { tag_name?: string; type: number }[] }[]
}

const { browser, baseUrl } = useBrowser()

/** Opens the simulated desktop and the first chat of the given kind; returns the sidebar frame. */
async function openChat(page: Page, kind: 'customer' | 'group', id?: string): Promise<{ frame: FrameLocator; id: string }> {
  await page.goto(`${baseUrl}/`)
  const item = id
    ? page.locator(`[data-test=chat-item][data-id="${id}"]`)
    : page.locator(`[data-test=chat-item][data-kind=${kind}]`).first()
  await item.click()
  const chatId = (await item.getAttribute('data-id'))!
  return { frame: page.frameLocator('[data-test=sidebar-frame]'), id: chatId }
}

describe('sidebar in the simulated WeCom desktop', () => {
  it('shows the current customer’s name and the tags WeCom holds for them', async () => {
    const page = await phonePage(browser())
    const { frame, id } = await openChat(page, 'customer')
    const record = (await (await fetch(`${baseUrl}/sim/_control/customers/${id}`)).json()) as SimRecord

    await expect.poll(() => frame.locator('[data-test=customer-name]').textContent(), { timeout: 20_000 }).toContain(record.external_contact.name)
    const wecomTags = new Set(record.follow_user.flatMap((f) => (f.tags ?? []).filter((t) => t.type === 1).map((t) => t.tag_name)))
    const shown = await frame.locator('[data-test=tag-chip]').allTextContents()
    expect(new Set(shown.map((s) => s.trim()))).toEqual(wecomTags)

    await page.locator('[data-test=sidebar-frame]').screenshot({ path: screenshotPath('sidebar-customer.png') })
    await page.close()
  })

  it('shows a group chat’s name and member count from the group toolbar entry', async () => {
    const page = await phonePage(browser())
    const { frame } = await openChat(page, 'group')
    await frame.locator('[data-test=group-card]').waitFor({ timeout: 20_000 })
    expect(Number(await frame.locator('[data-test=group-member-count]').textContent().then((t) => t?.match(/\d+/)?.[0]))).toBeGreaterThan(1)
    await page.locator('[data-test=sidebar-frame]').screenshot({ path: screenshotPath('sidebar-group.png') })
    await page.close()
  })

  it('opens on a customer who has just added the staff member', async () => {
    const page = await phonePage(browser())
    await page.goto(`${baseUrl}/`)
    await page.locator('[data-test=chat-item]').first().waitFor()
    await page.locator('[data-test=add-customer]').click()
    const frame = page.frameLocator('[data-test=sidebar-frame]')
    await frame.locator('[data-test=customer-card]').waitFor({ timeout: 20_000 })
    await expect.poll(() => frame.locator('[data-test=relation-add-way]').textContent()).toContain('扫描二维码')
    await page.close()
  })
})

describe('sidebar outside WeCom', () => {
  it('asks to be opened in WeCom instead of waiting forever', async () => {
    const page = await phonePage(browser())
    await page.goto(`${baseUrl}/#/sidebar`)
    const screen = page.locator('[data-test=platform-error]')
    await screen.waitFor({ timeout: 20_000 })
    expect(await screen.getAttribute('data-code')).toBe('outside_wecom')
    expect(await page.textContent('body')).toContain('请在企业微信中打开')
    await page.screenshot({ path: screenshotPath('sidebar-outside-wecom.png') })
    await page.close()
  })
})
