import { describe, expect, it } from 'vitest'
import { phonePage, screenshotPath, useBrowser } from './browser'

interface SimRecord {
  follow_user: { userid: string; tags?: { tag_id?: string; type: number }[] }[]
}

const { browser, baseUrl } = useBrowser()

const simRecord = async (id: string) => (await (await fetch(`${baseUrl}/sim/_control/customers/${id}`)).json()) as SimRecord
const simTagIds = (record: SimRecord) => record.follow_user.flatMap((f) => (f.tags ?? []).filter((t) => t.type === 1).map((t) => t.tag_id))

describe('tagging in the sidebar', () => {
  it('tags the current customer and WeCom (the simulator) ends up with the tag', async () => {
    const page = await phonePage(browser())
    await page.goto(`${baseUrl}/`)
    const item = page.locator('[data-test=chat-item][data-kind=customer]').nth(1)
    await item.click()
    const id = (await item.getAttribute('data-id'))!
    const frame = page.frameLocator('[data-test=sidebar-frame]')

    await frame.locator('[data-test=tag-edit]').click({ timeout: 20_000 })
    await frame.locator('[data-test=tag-editor] [data-test=tag-option]').first().waitFor()
    // A tag of a group that is not single-choice, not on the customer yet.
    const option = frame
      .locator('[data-test=tag-editor-group]:not(:has([data-test=tag-group-single])) [data-test=tag-option][data-selected=false]')
      .first()
    const tagId = (await option.getAttribute('data-id'))!
    expect(simTagIds(await simRecord(id))).not.toContain(tagId)
    await option.click()
    await page.locator('[data-test=sidebar-frame]').screenshot({ path: screenshotPath('sidebar-tag-editor.png') })
    await frame.locator('[data-test=tag-save]').click()

    await frame.locator(`[data-test=tag-chip][data-id="${tagId}"]`).waitFor({ timeout: 10_000 })
    await expect.poll(async () => simTagIds(await simRecord(id)), { timeout: 15_000 }).toContain(tagId)
    await expect
      .poll(() => frame.locator('[data-test=tag-sync-status]').getAttribute('data-status'), { timeout: 15_000 })
      .toBe('synced')
    await page.locator('[data-test=sidebar-frame]').screenshot({ path: screenshotPath('sidebar-tags-saved.png') })
    await page.close()
  })
})
