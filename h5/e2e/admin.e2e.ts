import { describe, expect, it } from 'vitest'
import type { TagLibrary } from '@kelan/shared'
import { desktopPage, screenshotPath, signInAs, useBrowser } from './browser'

const { browser, baseUrl } = useBrowser()

describe('admin tag library', () => {
  it('creates a tag group that WeCom (the simulator) then holds under its own ids', async () => {
    const page = await desktopPage(browser())
    await signInAs(page, baseUrl, 'zhangwei')
    await page.goto(`${baseUrl}/#/admin/tags`)
    await page.locator('[data-test=tag-group]').first().waitFor({ timeout: 20_000 })
    await page.screenshot({ path: screenshotPath('admin-tag-library.png'), fullPage: true })

    await page.locator('[data-test=new-group]').click()
    const dialog = page.locator('[data-test=group-dialog]')
    await dialog.locator('[data-test=group-name-input] input').fill('客户偏好')
    await dialog.locator('[data-test=tag-name-input] input').first().fill('价格敏感')
    await dialog.locator('[data-test=add-tag-row]').click()
    await dialog.locator('[data-test=tag-name-input] input').nth(1).fill('重视服务')
    await dialog.locator('[data-test=save-group]').click()
    await page.locator('[data-test=tag-group]', { hasText: '客户偏好' }).waitFor({ timeout: 10_000 })

    // Once add_corp_tag went through the outbox, WeCom's ids replace Kelan's local ones.
    const created = async () => {
      const library = (await (await page.request.get(`${baseUrl}/api/admin/tags`)).json()) as TagLibrary
      return library.groups.find((g) => g.name === '客户偏好')
    }
    await expect.poll(async () => (await created())?.pending, { timeout: 15_000 }).toBe(false)
    const group = (await created())!
    expect(group.id.startsWith('kl_')).toBe(false)
    expect(group.tags.map((t) => t.name).sort()).toEqual(['价格敏感', '重视服务'].sort())
    await page.close()
  })
})

describe('admin customers', () => {
  it('filters customers and tags the selection in a batch with progress', async () => {
    const page = await desktopPage(browser())
    await signInAs(page, baseUrl, 'zhangwei')
    await page.goto(`${baseUrl}/#/admin/customers`)
    const rows = page.locator('[data-test=customer-row]')
    await rows.first().waitFor({ timeout: 20_000 })
    await rows.nth(0).locator('[data-test=row-check]').click()
    await rows.nth(1).locator('[data-test=row-check]').click()
    await page.locator('[data-test=batch-add]').click()
    const dialog = page.locator('[data-test=batch-dialog]')
    await dialog.locator('[data-test=picker-tag]').first().click()
    await dialog.locator('[data-test=batch-precheck]').click()
    await dialog.locator('[data-test=batch-confirm]').click()
    await expect
      .poll(() => dialog.locator('[data-test=batch-progress]').getAttribute('data-status'), { timeout: 20_000 })
      .toBe('done')
    await dialog.locator('[data-test=batch-download]').waitFor()
    await page.waitForTimeout(500) // the progress bar's width transition
    await page.screenshot({ path: screenshotPath('admin-batch-tagging.png') })
    await page.close()
  })
})
