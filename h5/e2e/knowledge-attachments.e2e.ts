import { deflateSync, crc32 } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { desktopPage, screenshotPath, signInAs, useBrowser } from './browser'

const { browser, baseUrl } = useBrowser()

const QUESTION = '门店环境怎么样'
const ANSWER = '我们的门店宽敞明亮，欢迎您到店参观，下面是门店实拍。'

/** A real PNG (a colour gradient with a frame) made here, so the test needs no fixture file. */
function gradientPng(width: number, height: number): Buffer {
  const row = width * 3 + 1
  const raw = Buffer.alloc(row * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const edge = x < 4 || y < 4 || x >= width - 4 || y >= height - 4
      const at = y * row + 1 + x * 3
      raw[at] = edge ? 30 : Math.round((x / width) * 255)
      raw[at + 1] = edge ? 90 : 140
      raw[at + 2] = edge ? 200 : Math.round((y / height) * 255)
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(4)
    head.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([head, body, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr.set([8, 2, 0, 0, 0], 8) // 8-bit RGB
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}

describe('knowledge attachments', () => {
  it('an admin adds an image to an answer; from the sidebar, 发送 puts the text and then the picture into the chat', async () => {
    const page = await desktopPage(browser())
    await signInAs(page, baseUrl, 'zhangwei')
    await page.goto(`${baseUrl}/#/admin/knowledge`)
    await page.locator('[data-test=knowledge-admin]').waitFor({ timeout: 20_000 })

    // 新建话术: a text part, then a picture uploaded through the 图片 picker.
    await page.locator('[data-test=kn-new-item]').click()
    const dialog = page.locator('[data-test=kn-item-dialog]')
    await dialog.locator('[data-test=kn-question] input').fill(QUESTION)
    await dialog.locator('[data-test=kn-answer-text] textarea').fill(ANSWER)
    await dialog.locator('[data-test=kn-answer] [data-test=upload-input-image]').setInputFiles({
      name: '门店实拍.png',
      mimeType: 'image/png',
      buffer: gradientPng(320, 200),
    })
    const thumb = dialog.locator('[data-test=kn-answer-attachment] img')
    await thumb.waitFor({ timeout: 10_000 })
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320)
    await page.waitForTimeout(300) // the dialog's fade-in, for the screenshot
    await dialog.screenshot({ path: screenshotPath('admin-knowledge-attachments.png') })
    await dialog.locator('[data-test=kn-save-item]').click()
    await dialog.waitFor({ state: 'hidden' })

    // The simulated WeCom desktop: open a customer chat, find the answer in the sidebar, send it.
    await page.goto(`${baseUrl}/`)
    await page.locator('[data-test=chat-item][data-kind=customer]').first().click()
    const frame = page.frameLocator('[data-test=sidebar-frame]')
    await frame.locator('[data-test=customer-tab-knowledge]').click({ timeout: 20_000 })
    await frame.locator('[data-test=knowledge-search] input').fill('门店环境')
    const item = frame.locator('[data-test=knowledge-item]', { hasText: QUESTION })
    await item.locator('[data-test=knowledge-media] img').waitFor({ timeout: 10_000 })
    await item.locator('[data-test=knowledge-send]').click()

    const messages = page.locator('[data-test=chat-message]')
    await expect.poll(() => messages.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind'))), { timeout: 15_000 }).toEqual(['text', 'media'])
    expect(await messages.first().textContent()).toContain(ANSWER)
    const picture = page.locator('[data-test=chat-image] img')
    // The picture is the one WeCom got from media/upload, fetched back from the simulator.
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 10_000 }).toBe(320)
    await page.screenshot({ path: screenshotPath('sidebar-knowledge-image-sent.png') })
    await page.close()
  })
})
