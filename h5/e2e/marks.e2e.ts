import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { MarkCandidatePage, MarkSettings } from '@kelan/shared'
import { desktopPage, phonePage, screenshotPath, signInAs, useBrowser } from './browser'

const { browser, baseUrl } = useBrowser()

interface SimChats {
  customers: { external_userid: string; name: string }[]
}

/** The admin desktop at /#/admin/marks, signed in as the demo admin (zhangwei). */
async function openMarksAsAdmin(page: Page): Promise<void> {
  await signInAs(page, baseUrl, 'zhangwei')
  await page.goto(`${baseUrl}/#/admin/marks`)
  await page.locator('[data-test=admin-marks]').waitFor({ timeout: 20_000 })
  await page.locator('[data-test=mark-add]:not([disabled])').waitFor({ timeout: 10_000 })
}

async function markTagId(page: Page, name: string): Promise<string> {
  const settings = (await (await page.request.get(`${baseUrl}/api/admin/marks/settings`)).json()) as MarkSettings
  const tag = settings.tags.find((t) => t.name === name)
  if (!tag) throw new Error(`no mark tag ${name} in ${JSON.stringify(settings.tags)}`)
  return tag.id
}

describe('客户标记管理 (admin)', () => {
  it('searches a customer by nickname in the picker, marks them with a tag, sees the row and its 添加 event in 历史', async () => {
    const page = await desktopPage(browser())
    await openMarksAsAdmin(page)

    // A customer not on the list yet, with a nickname to type (the last of the first page of candidates).
    const candidates = (await (await page.request.get(`${baseUrl}/api/admin/marks/candidates?pageSize=50`)).json()) as MarkCandidatePage
    const target = candidates.items.filter((c) => !c.marked && c.name.trim().length > 0).at(-1)
    if (!target) throw new Error('no unmarked customer in the demo corp')

    await page.locator('[data-test=mark-add]').click()
    const dialog = page.locator('[data-test=mark-add-dialog]')
    await dialog.locator('[data-test=add-pick]').click()
    const picker = page.locator('[data-test=mark-picker]')
    await picker.locator('[data-test=picker-name]').fill(target.name)
    await picker.locator('[data-test=picker-search]').click()
    const row = picker.locator(`[data-test=picker-row][data-id="${target.externalUserId}"]`)
    await row.waitFor({ timeout: 10_000 })
    await row.locator('[data-test=picker-check]').click()
    await expect.poll(() => picker.locator('[data-test=picker-count]').textContent()).toContain('已选 1 位')
    await picker.locator('[data-test=picker-confirm]').click()
    await picker.waitFor({ state: 'hidden' })

    await dialog.locator(`[data-test=add-chosen][data-id="${target.externalUserId}"]`).waitFor()
    await dialog.locator('[data-test=add-tag]').selectOption({ label: '垃圾资源' })
    await dialog.locator('[data-test=add-reason]').fill('批量注册的营销号')
    await page.screenshot({ path: screenshotPath('admin-marks-add.png') })
    await dialog.locator('[data-test=add-submit]').click()

    const markRow = page.locator(`[data-test=mark-row][data-external="${target.externalUserId}"]`)
    await markRow.waitFor({ timeout: 10_000 })
    expect(await markRow.locator('[data-test=mark-row-tag]').textContent()).toBe('垃圾资源')
    expect(await markRow.locator('[data-test=mark-row-source]').textContent()).toBe('手动添加')
    await page.locator('.van-toast').waitFor({ state: 'hidden', timeout: 5_000 }) // the success toast, out of the picture
    await page.screenshot({ path: screenshotPath('admin-marks.png') })

    await markRow.locator('[data-test=mark-history]').click()
    const history = page.locator('[data-test=mark-history-dialog]')
    await history.locator('[data-test=mark-event][data-kind=added]').waitFor({ timeout: 10_000 })
    expect(await history.locator('[data-test=mark-event][data-kind=added] [data-test=mark-event-kind]').textContent()).toBe('添加')
    await page.waitForTimeout(400) // the dialog's opening fade
    await page.screenshot({ path: screenshotPath('admin-marks-history.png') })
    await page.close()
  })
})

describe('客户标记 in the sidebar', () => {
  it('opens a marked customer with the red banner and the mark tag first, red and locked', async () => {
    // The customer: one of the chats of the staff member the simulated desktop seats first.
    const staff = (await (await fetch(`${baseUrl}/sim/_control/staff`)).json()) as { userid: string }[]
    const desk = staff[0]!.userid
    const chats = (await (await fetch(`${baseUrl}/sim/_control/chats?userid=${desk}`)).json()) as SimChats

    // The admin marks them through the API (the admin flow is the test above). Not the first
    // few chats (the other sidebar tests use those), nor one already marked.
    const admin = await desktopPage(browser())
    await openMarksAsAdmin(admin)
    const isMarked = async (id: string) => {
      const res = await admin.request.get(`${baseUrl}/api/admin/marks/candidates?externalUserId=${encodeURIComponent(id)}`)
      return ((await res.json()) as MarkCandidatePage).items.some((c) => c.externalUserId === id && c.marked)
    }
    let customer: SimChats['customers'][number] | undefined
    for (const c of chats.customers.slice(4)) {
      if (!(await isMarked(c.external_userid))) {
        customer = c
        break
      }
    }
    if (!customer) throw new Error(`no unmarked customer among ${desk}'s chats`)
    const created = await admin.request.post(`${baseUrl}/api/admin/marks`, {
      data: { customers: [{ externalUserId: customer.external_userid }], tagId: await markTagId(admin, '风险客户'), reason: '多次恶意投诉' },
    })
    expect(created.status()).toBe(201)
    await admin.close()

    const page = await phonePage(browser())
    await page.goto(`${baseUrl}/`)
    await page.locator(`[data-test=chat-item][data-id="${customer.external_userid}"]`).click()
    const frame = page.frameLocator('[data-test=sidebar-frame]')
    const banner = frame.locator('[data-test=mark-banner]')
    await banner.waitFor({ timeout: 20_000 })
    expect(await banner.locator('[data-test=mark-banner-title]').textContent()).toBe('已标记：风险客户')
    expect(await banner.locator('[data-test=mark-banner-reason]').textContent()).toBe('原因：多次恶意投诉')
    expect(await banner.locator('[data-test=mark-banner-by]').textContent()).toMatch(/^由 张伟 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 标记$/)

    const first = frame.locator('[data-test=tag-chip]').first()
    expect(await first.textContent()).toContain('风险客户')
    expect(await first.getAttribute('data-mark')).toBe('true')
    expect(await first.getAttribute('data-locked')).toBe('true')
    expect(await first.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(196, 29, 29)')
    await frame.locator('[data-test=remark-locked]').waitFor()
    expect(await frame.locator('[data-test=remark-edit]').count()).toBe(0)
    await page.locator('[data-test=sidebar-frame]').screenshot({ path: screenshotPath('sidebar-mark-banner.png') })
    await page.close()
  })
})
