import type { FrameLocator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { desktopPage, phonePage, screenshotPath, signInAs, useBrowser } from './browser'

const { browser, baseUrl } = useBrowser()

const TEXT = '电话沟通：客户想要年卡报价，周五前回复。'

/** The simulated desktop's sidebar on the first customer chat; returns the frame and the customer. */
async function openCustomer(page: Page): Promise<{ frame: FrameLocator; id: string }> {
  // 张伟, the demo admin, at the simulated desk: he also adds the 跟进方式 below.
  await signInAs(page, baseUrl, 'zhangwei')
  await page.goto(`${baseUrl}/`)
  const item = page.locator('[data-test=chat-item][data-kind=customer]').first()
  await item.click()
  const frame = page.frameLocator('[data-test=sidebar-frame]')
  await frame.locator('[data-test=customer-card]').waitFor({ timeout: 20_000 })
  return { frame, id: (await item.getAttribute('data-id'))! }
}

/** A real PNG (the server checks the bytes): a quotation drawn on a canvas. */
async function quotationPng(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = Object.assign(document.createElement('canvas'), { width: 640, height: 480 })
    const g = canvas.getContext('2d')!
    g.fillStyle = '#fdf6e3'
    g.fillRect(0, 0, 640, 480)
    g.fillStyle = '#1989fa'
    g.fillRect(0, 0, 640, 96)
    g.fillStyle = '#fff'
    g.font = 'bold 44px sans-serif'
    g.fillText('报价单', 40, 64)
    g.fillStyle = '#323233'
    g.font = '32px sans-serif'
    ;['年卡 ¥5,000', '季卡 ¥1,500', '有效期至 2026-12-31'].forEach((line, i) => g.fillText(line, 40, 180 + i * 80))
    return canvas.toDataURL('image/png')
  })
  return Buffer.from(dataUrl.split(',')[1]!, 'base64')
}

const shot = (page: Page, name: string) => page.locator('[data-test=sidebar-frame]').screenshot({ path: screenshotPath(name) })

describe('跟进 in the sidebar', () => {
  it('writes a follow-up with a picture, an @colleague and a reminder; sees it in 跟进, 动态, 我的提醒 and on the admin customer page', async () => {
    const page = await phonePage(browser())
    const { frame, id } = await openCustomer(page)
    const picture = await quotationPng(page)
    // 409: the demo seed (or another test on this server) made it already.
    for (const name of ['电话回访', '微信沟通', '上门拜访']) {
      expect([201, 409]).toContain((await page.request.post(`${baseUrl}/api/admin/followup-types`, { data: { name } })).status())
    }

    await frame.locator('[data-test=customer-tab-followups]').click()
    await frame.locator('[data-test=followup-panel]').waitFor({ timeout: 10_000 })
    await frame.locator('[data-test=followup-write]').click()
    const form = frame.locator('[data-test=followup-form]')
    await form.locator('[data-test=followup-type]', { hasText: '电话回访' }).click()
    await form.locator('[data-test=followup-text] textarea').fill(TEXT)
    await form.locator('[data-test=followup-file-input]').setInputFiles({ name: '报价现场.png', mimeType: 'image/png', buffer: picture })
    await form.locator('[data-test=followup-attachment][data-status=done]').waitFor({ timeout: 10_000 })

    await form.locator('[data-test=followup-mention]').click()
    const picker = frame.locator('[data-test=mention-picker]')
    const colleague = picker.locator('[data-test=mention-option]').nth(1)
    await colleague.waitFor()
    const colleagueName = (await colleague.locator('.name').textContent())!.trim()
    await colleague.click()
    await picker.locator('[data-test=mention-confirm]').click()
    await form.locator('[data-test=followup-mention-chip]').waitFor()

    await form.locator('[data-test=followup-remind]').click()
    const remind = frame.locator('[data-test=remind-picker]')
    await remind.locator('.van-picker__confirm').click() // 下一步
    await remind.locator('.van-picker__confirm').click() // 确认
    await remind.waitFor({ state: 'hidden' })
    const due = (await form.locator('[data-test=followup-remind-value]').textContent())!.trim()
    expect(due).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:00$/)
    await page.waitForTimeout(300) // the picker's closing fade
    await shot(page, 'sidebar-followup-form.png')

    await form.locator('[data-test=followup-submit]').click()
    await form.waitFor({ state: 'detached', timeout: 10_000 })
    const item = frame.locator('[data-test=followup-item]', { hasText: TEXT })
    await item.waitFor()
    expect(await item.locator('[data-test=followup-item-mentions]').textContent()).toContain(`@${colleagueName}`)
    expect(await item.locator('[data-test=followup-reminder]').textContent()).toContain(due)
    const thumb = item.locator('[data-test=followup-image] img')
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 }).toBe(640)
    await page.waitForTimeout(2_200) // the 已保存 toast
    await shot(page, 'sidebar-followups.png')

    // The picture opens full size.
    await item.locator('[data-test=followup-image]').click()
    await frame.locator('.van-image-preview').waitFor()
    await frame.locator('.van-image-preview__close-icon').click()
    await frame.locator('.van-image-preview').waitFor({ state: 'hidden' })

    await frame.locator('[data-test=customer-tab-timeline]').click()
    const entry = frame.locator('[data-test=timeline-item][data-kind=followup]').first()
    await entry.waitFor({ timeout: 10_000 })
    expect(await entry.locator('[data-test=timeline-line]').textContent()).toContain('张伟 写了跟进（电话回访）：电话沟通：客户想要年卡报价')
    await frame.locator('[data-test=timeline-filter][data-kind=followup]').click()
    // Only follow-ups (other tests on this server may have written some for the same customer).
    await expect
      .poll(() => frame.locator('[data-test=timeline-item]').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-kind')))]))
      .toEqual(['followup'])
    await frame.locator('[data-test=timeline-filter][data-kind=all]').click()
    await expect.poll(() => frame.locator('[data-test=timeline-item]:not([data-kind=followup])').count(), { timeout: 10_000 }).toBeGreaterThan(0)
    await shot(page, 'sidebar-timeline.png')

    await frame.locator('[data-test=customer-tab-followups]').click()
    await frame.locator('[data-test=followup-reminders-link]').click()
    const reminder = frame.locator('[data-test=reminder-item]', { hasText: '电话沟通：客户想要年卡报价' })
    await reminder.waitFor({ timeout: 20_000 })
    expect(await reminder.locator('[data-test=reminder-due]').textContent()).toBe(due)
    expect(await reminder.locator('[data-test=reminder-excerpt]').textContent()).toContain('电话回访')
    await shot(page, 'sidebar-reminders.png')
    await reminder.locator('[data-test=reminder-toggle]').click()
    await expect.poll(() => reminder.getAttribute('data-done')).toBe('true')
    await reminder.locator('[data-test=reminder-toggle]').click()
    await expect.poll(() => reminder.getAttribute('data-done')).toBe('false')
    await page.close()

    // The admin's customer page shows the same record, picture and reminder included.
    const admin = await desktopPage(browser())
    await signInAs(admin, baseUrl, 'zhangwei')
    await admin.goto(`${baseUrl}/#/admin/customers/${encodeURIComponent(id)}`)
    const onAdmin = admin.locator('[data-test=followup-item]', { hasText: TEXT })
    await onAdmin.waitFor({ timeout: 20_000 })
    expect(await onAdmin.locator('[data-test=followup-reminder]').textContent()).toContain(due)
    const adminThumb = onAdmin.locator('[data-test=followup-image] img')
    await expect.poll(() => adminThumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 }).toBe(640)
    await admin.close()
  })
})
