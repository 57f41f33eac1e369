import { describe, expect, it, vi } from 'vitest'
import { isApiError } from '@/api/errors'
import { uploadAttachment, type XhrFactory } from './attachments.api'
import { useAttachmentUpload } from './use-attachment-upload'

/** A fake XMLHttpRequest that records what was sent and answers with `status` and `body`, after one progress event. */
function fakeXhr(status: number, body: unknown) {
  const sent: { url?: string; headers: Record<string, string>; body?: unknown } = { headers: {} }
  const xhr = {
    status: 0,
    responseText: '',
    timeout: 0,
    upload: { onprogress: null as ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null },
    onload: null as (() => void) | null,
    onerror: null as (() => void) | null,
    ontimeout: null as (() => void) | null,
    open: (_method: string, url: string) => (sent.url = url),
    setRequestHeader: (k: string, v: string) => (sent.headers[k] = v),
    send(data: unknown) {
      sent.body = data
      queueMicrotask(() => {
        xhr.upload.onprogress?.({ lengthComputable: true, loaded: 5, total: 10 })
        xhr.status = status
        xhr.responseText = JSON.stringify(body)
        xhr.onload?.()
      })
    },
  }
  const factory = (() => xhr) as unknown as XhrFactory
  return { factory, sent }
}

const att = { id: 'A1', kind: 'image', mime: 'image/png', size: 10, filename: '图.png', url: '/api/attachments/A1' }
const png = (size = 10, name = '图.png') => new File([new Uint8Array(size)], name, { type: 'image/png' })

describe('uploadAttachment', () => {
  it('uploadAttachment – a PNG – the raw file POSTed with purpose, kind and name; progress reported; the Attachment back', async () => {
    const { factory, sent } = fakeXhr(201, att)
    const progress = vi.fn()
    const file = png()

    const result = await uploadAttachment(file, { purpose: 'knowledge', kind: 'image' }, progress, factory)

    expect(result).toEqual(att)
    expect(sent.url).toBe(`/api/attachments?purpose=knowledge&kind=image&name=${encodeURIComponent('图.png')}`)
    expect(sent.headers['content-type']).toBe('image/png')
    expect(sent.body).toBe(file)
    expect(progress).toHaveBeenCalledWith(0.5)
  })

  it('uploadAttachment – a 3 MB image for the knowledge base – refused before sending with the shared message', async () => {
    const { factory, sent } = fakeXhr(201, att)

    const err = await uploadAttachment(png(3 * 1024 * 1024), { purpose: 'knowledge', kind: 'image' }, undefined, factory).catch((e: unknown) => e)

    expect(isApiError(err, 'VALIDATION_FAILED') && err.message).toBe('图片不能超过 2MB')
    expect(sent.url).toBeUndefined()
  })

  it('uploadAttachment – the server refuses the bytes – ApiError with its message', async () => {
    const { factory } = fakeXhr(400, { error: { code: 'VALIDATION_FAILED', message: '文件内容不是 PNG 格式，请确认文件没有改过扩展名' } })

    const err = await uploadAttachment(png(), { purpose: 'knowledge', kind: 'image' }, undefined, factory).catch((e: unknown) => e)

    expect(isApiError(err) && err.message).toBe('文件内容不是 PNG 格式，请确认文件没有改过扩展名')
  })
})

describe('useAttachmentUpload', () => {
  it('useAttachmentUpload – a GIF for the knowledge base – null, the type message in error, not uploading', async () => {
    const { factory } = fakeXhr(201, att)
    const upload = useAttachmentUpload('knowledge', factory)

    const result = await upload.upload(new File([new Uint8Array(10)], 'a.gif', { type: 'image/gif' }), 'image')

    expect(result).toBeNull()
    expect(upload.error.value).toBe('图片只支持 JPG、PNG 格式')
    expect(upload.uploading.value).toBe(false)
  })

  it('useAttachmentUpload – accepted – the attachment, progress at 50 on the way, no error', async () => {
    const { factory } = fakeXhr(201, att)
    const upload = useAttachmentUpload('knowledge', factory)

    expect(await upload.upload(png(), 'image')).toEqual(att)
    expect(upload.progress.value).toBe(50)
    expect(upload.error.value).toBeNull()
  })
})
