import { enableAutoUnmount, flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Attachment, FollowupType } from '@kelan/shared'
import { ApiError } from '@/api/errors'
import { apiErr, json, stubFetch, type Route } from '@/test/fetch-stub'
import FollowupForm from './FollowupForm.vue'
import { CUSTOMER, NOW, callsTo, makeAttachment, makeFollowup, makeStaff } from './followups.testing'
import type { Uploader } from './use-followup-attachments'

enableAutoUnmount(afterEach)
afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

const POST = `/api/customers/${CUSTOMER}/followups`
const MB = 1024 * 1024
const types: FollowupType[] = [
  { id: 1, name: '笔记', enabled: true, builtin: true },
  { id: 2, name: '电话回访', enabled: true, builtin: false },
]

function stub(routes: Record<string, Route> = {}) {
  return stubFetch({
    '/api/followup-types': () => json(200, { items: types }),
    '/api/staff': (url) => json(200, { items: [makeStaff('wangwu', '王五'), makeStaff('lisi', '李四')].filter((s) => s.name.includes(url.searchParams.get('q') ?? '')) }),
    [POST]: () => json(201, makeFollowup(1)),
    ...routes,
  })
}

/** An uploader that answers at once with an attachment named after the file. */
const instantUpload: Uploader = async (file) => makeAttachment(`att-${file.name}`, { filename: file.name })

async function open(props: { now?: () => number; upload?: Uploader } = {}) {
  const w = mount(FollowupForm, {
    props: { externalUserId: CUSTOMER, now: () => NOW, upload: instantUpload, ...props },
    global: { stubs: { teleport: true } },
  })
  await flushPromises()
  return w
}

const fileOf = (name: string, type: string, size = 1024) => {
  const file = new File(['x'], name, { type })
  Object.defineProperty(file, 'size', { value: size })
  return file
}

async function pick(w: VueWrapper, files: File[]) {
  const input = w.get('[data-test="followup-file-input"]')
  Object.defineProperty(input.element, 'files', { value: files, configurable: true })
  await input.trigger('change')
  await flushPromises()
}

const write = (w: VueWrapper, text: string) => w.get('[data-test="followup-text"] textarea').setValue(text)
const submit = (w: VueWrapper) => w.get('[data-test="followup-form"]').trigger('submit')

describe('FollowupForm – text', () => {
  it('FollowupForm – typing – the counter shows characters used of 500, an emoji counting as one', async () => {
    stub()
    const w = await open()
    await write(w, '已电话沟通😀')
    expect(w.get('.van-field__word-limit').text()).toBe('6/500')
  })

  it('FollowupForm – blank text – refused with 请填写跟进内容 and nothing sent', async () => {
    const mock = stub()
    const w = await open()
    await write(w, '   ')
    await submit(w)
    await flushPromises()
    expect(w.get('[data-test="followup-text"]').text()).toContain('请填写跟进内容')
    expect(callsTo(mock, POST, 'POST')).toHaveLength(0)
  })

  it('FollowupForm – text over 500 characters – the field stops at 500', async () => {
    stub()
    const w = await open()
    await write(w, '好'.repeat(520))
    expect((w.get('[data-test="followup-text"] textarea').element as HTMLTextAreaElement).value).toHaveLength(500)
    expect(w.get('.van-field__word-limit').text()).toBe('500/500')
  })
})

describe('FollowupForm – submit', () => {
  it('FollowupForm – opens – enabled types with 笔记 first and preselected', async () => {
    stub()
    const w = await open()
    expect(w.findAll('[data-test="followup-type"]').map((t) => t.text())).toEqual(['笔记', '电话回访'])
    expect(w.get('[data-test="followup-type"][data-id="1"]').attributes('aria-pressed')).toBe('true')
  })

  it('FollowupForm – double tap on 保存 – one request, one created event', async () => {
    let release: (r: Response) => void = () => {}
    const mock = stub({ [POST]: () => new Promise<Response>((r) => (release = r)) })
    const w = await open()
    await w.get('[data-test="followup-type"][data-id="2"]').trigger('click')
    await write(w, '客户确认下周签约')
    await submit(w)
    await submit(w)
    expect(w.get('[data-test="followup-submit"]').attributes('disabled')).toBeDefined()
    release(json(201, makeFollowup(9)))
    await flushPromises()
    const posts = callsTo(mock, POST, 'POST')
    expect(posts).toHaveLength(1)
    expect(posts[0]?.body).toMatchObject({ typeId: 2, text: '客户确认下周签约', attachmentIds: [], mentions: [], source: 'sidebar' })
    expect(posts[0]?.body?.clientKey).toMatch(/^[0-9a-f]{32}$/)
    expect(w.emitted('created')).toHaveLength(1)
  })

  it('FollowupForm – retry after a failed send – the same clientKey, so the server keeps one record', async () => {
    let calls = 0
    const mock = stub({ [POST]: () => (++calls === 1 ? apiErr(503, 'INTERNAL', '服务暂时不可用') : json(201, makeFollowup(3))) })
    const w = await open()
    await write(w, '第一次没发出去')
    await submit(w)
    await flushPromises()
    expect(w.get('[data-test="followup-error-form"]').text()).toBe('服务暂时不可用')
    await submit(w)
    await flushPromises()
    const keys = callsTo(mock, POST, 'POST').map((c) => c.body?.clientKey)
    expect(keys).toHaveLength(2)
    expect(keys[0]).toBe(keys[1])
  })

  it('FollowupForm – two forms – two different clientKeys', async () => {
    const mock = stub()
    for (const text of ['一', '二']) {
      const w = await open()
      await write(w, text)
      await submit(w)
      await flushPromises()
    }
    const [a, b] = callsTo(mock, POST, 'POST').map((c) => c.body?.clientKey)
    expect(a).not.toBe(b)
  })
})

describe('FollowupForm – attachments', () => {
  it('FollowupForm – a picture and a PDF – thumbnail and chip, their ids sent with the record', async () => {
    const mock = stub()
    const w = await open()
    await pick(w, [fileOf('合同.pdf', 'application/pdf'), fileOf('现场.png', 'image/png')])
    const shown = w.findAll('[data-test="followup-attachment"]')
    expect(shown.map((a) => [a.attributes('data-kind'), a.attributes('data-status')])).toEqual([
      ['file', 'done'],
      ['image', 'done'],
    ])
    expect(shown[0]?.text()).toContain('合同.pdf')
    expect(shown[1]?.find('img').exists()).toBe(true)
    await write(w, '发了合同')
    await submit(w)
    await flushPromises()
    expect(callsTo(mock, POST, 'POST')[0]?.body?.attachmentIds).toEqual(['att-合同.pdf', 'att-现场.png'])
  })

  it('FollowupForm – ten files picked – nine kept, the tenth refused by name', async () => {
    stub()
    const w = await open()
    await pick(w, Array.from({ length: 10 }, (_, i) => fileOf(`图${i + 1}.jpg`, 'image/jpeg')))
    expect(w.findAll('[data-test="followup-attachment"]')).toHaveLength(9)
    expect(w.get('[data-test="followup-attachment-error"]').text()).toBe('最多添加 9 个附件，「图10.jpg」未添加')
    expect(w.find('[data-test="followup-attachment-add"]').exists()).toBe(false)
  })

  it('FollowupForm – a 21 MB picture and an .exe – both refused with readable reasons, nothing uploaded', async () => {
    stub()
    const upload = vi.fn(instantUpload)
    const w = await open({ upload })
    await pick(w, [fileOf('大图.png', 'image/png', 21 * MB), fileOf('setup.exe', 'application/x-msdownload')])
    const errors = w.findAll('[data-test="followup-attachment-error"]').map((e) => e.text())
    expect(errors[0]).toBe('「大图.png」图片不能超过 20MB')
    expect(errors[1]).toMatch(/^「setup\.exe」格式不支持，支持图片（JPG、PNG、GIF、WEBP）/)
    expect(upload).not.toHaveBeenCalled()
    expect(w.findAll('[data-test="followup-attachment"]')).toHaveLength(0)
  })

  it('FollowupForm – upload refused by the server – marked failed, 保存 refused until removed', async () => {
    const mock = stub()
    const upload: Uploader = () => Promise.reject(new ApiError(400, 'VALIDATION_FAILED', '文件内容与类型不符'))
    const w = await open({ upload })
    await pick(w, [fileOf('假图.png', 'image/png')])
    expect(w.get('[data-test="followup-attachment"]').attributes('data-status')).toBe('failed')
    expect(w.get('[data-test="followup-attachment-failed"]').text()).toBe('「假图.png」文件内容与类型不符')
    await write(w, '有附件')
    await submit(w)
    await flushPromises()
    expect(w.get('[data-test="followup-error-attachments"]').text()).toBe('有附件上传失败，请删除后重试')
    await w.get('[data-test="followup-attachment-remove"]').trigger('click')
    await submit(w)
    await flushPromises()
    expect(callsTo(mock, POST, 'POST')).toHaveLength(1)
  })

  it('FollowupForm – while a file uploads – 保存 is disabled', async () => {
    stub()
    let finish: (a: Attachment) => void = () => {}
    const w = await open({ upload: () => new Promise<Attachment>((r) => (finish = r)) })
    await pick(w, [fileOf('慢.png', 'image/png')])
    expect(w.get('[data-test="followup-submit"]').attributes('disabled')).toBeDefined()
    finish(makeAttachment('a1'))
    await flushPromises()
    expect(w.get('[data-test="followup-submit"]').attributes('disabled')).toBeUndefined()
  })
})

describe('FollowupForm – @同事', () => {
  it('FollowupForm – search 王 and pick – the query is sent, the chip shows, the userid goes with the record', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const mock = stub()
    const w = await open()
    await w.get('[data-test="followup-mention"]').trigger('click')
    await flushPromises()
    expect(w.findAll('[data-test="mention-option"]')).toHaveLength(2)
    await w.get('[data-test="mention-search"] input').setValue('王')
    vi.advanceTimersByTime(300)
    await flushPromises()
    expect(callsTo(mock, '/api/staff').at(-1)?.url.searchParams.get('q')).toBe('王')
    expect(w.findAll('[data-test="mention-option"]').map((o) => o.attributes('data-id'))).toEqual(['wangwu'])
    await w.get('[data-test="mention-option"][data-id="wangwu"]').trigger('click')
    await w.get('[data-test="mention-confirm"]').trigger('click')
    expect(w.findAll('[data-test="followup-mention-chip"]').map((c) => c.text())).toEqual(['@王五'])
    await write(w, '请王五跟进报价')
    await submit(w)
    await flushPromises()
    expect(callsTo(mock, POST, 'POST')[0]?.body?.mentions).toEqual(['wangwu'])
  })

  it('FollowupForm – search with no match – says so', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    stub()
    const w = await open()
    await w.get('[data-test="followup-mention"]').trigger('click')
    await w.get('[data-test="mention-search"] input').setValue('赵')
    vi.advanceTimersByTime(300)
    await flushPromises()
    expect(w.get('[data-test="mention-empty"]').text()).toBe('没有找到相关同事')
  })
})

describe('FollowupForm – 提醒', () => {
  it('FollowupForm – reminder picked – shown and sent as remindAt (the next whole hour by default)', async () => {
    const mock = stub()
    const w = await open()
    await w.get('[data-test="followup-remind"]').trigger('click')
    await flushPromises()
    // PickerGroup: 下一步 on the date tab, 确认 on the time tab.
    await w.get('[data-test="remind-picker"] .van-picker__confirm').trigger('click')
    await w.get('[data-test="remind-picker"] .van-picker__confirm').trigger('click')
    expect(w.get('[data-test="followup-remind-value"]').text()).toBe('2026-11-21 13:00')
    await write(w, '明天回访')
    await submit(w)
    await flushPromises()
    expect(callsTo(mock, POST, 'POST')[0]?.body?.remindAt).toBe(NOW + 3600)
  })

  it('FollowupForm – reminder time passed while the form was open – refused on 保存, nothing sent', async () => {
    const mock = stub()
    let now = NOW
    const w = await open({ now: () => now })
    await w.get('[data-test="followup-remind"]').trigger('click')
    await w.get('[data-test="remind-picker"] .van-picker__confirm').trigger('click')
    await w.get('[data-test="remind-picker"] .van-picker__confirm').trigger('click')
    await write(w, '过期的提醒')
    now = NOW + 2 * 3600
    await submit(w)
    await flushPromises()
    expect(w.get('[data-test="followup-error-remind"]').text()).toBe('提醒时间必须晚于当前时间')
    expect(callsTo(mock, POST, 'POST')).toHaveLength(0)
  })
})
