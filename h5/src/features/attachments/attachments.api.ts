import { Attachment, checkAttachment, type AttachmentKind, type AttachmentPurpose } from '@kelan/shared'
import { ApiError, networkError, unwrap } from '@/api/errors'

/** A 20 MB file over a slow phone uplink takes longer than a JSON call's 15 s. */
const UPLOAD_TIMEOUT_MS = 180_000

export interface UploadTarget {
  purpose: AttachmentPurpose
  kind: AttachmentKind
}

/** The XMLHttpRequest this module uses; tests pass a fake. */
export type XhrFactory = () => XMLHttpRequest

/**
 * Uploads a file to POST /api/attachments as the raw request body (not multipart: the server
 * streams it to disk and checks its size as it comes in). XMLHttpRequest rather than fetch,
 * for upload progress. The shared rules are checked first, so a file too large or of a wrong
 * type is refused with the server's own message without being sent.
 *
 * @param onProgress the fraction sent so far, 0–1
 * @throws ApiError the refusal (VALIDATION_FAILED / FILE_TOO_LARGE …) or NETWORK
 * @example const att = await uploadAttachment(file, { purpose: 'knowledge', kind: 'image' }, (f) => (progress.value = f))
 */
export function uploadAttachment(
  file: File,
  target: UploadTarget,
  onProgress?: (fraction: number) => void,
  xhrFactory: XhrFactory = () => new XMLHttpRequest(),
): Promise<Attachment> {
  const refusal = checkAttachment(target.purpose, target.kind, file)
  if (refusal) return Promise.reject(new ApiError(400, 'VALIDATION_FAILED', refusal))
  const query = new URLSearchParams({ purpose: target.purpose, kind: target.kind, name: file.name })
  return new Promise((resolve, reject) => {
    const xhr = xhrFactory()
    xhr.open('POST', `/api/attachments?${query}`)
    xhr.timeout = UPLOAD_TIMEOUT_MS
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream')
    xhr.setRequestHeader('accept', 'application/json')
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress?.(e.loaded / e.total)
    }
    xhr.onerror = xhr.ontimeout = () => reject(networkError())
    xhr.onload = () => {
      const res = { ok: xhr.status >= 200 && xhr.status < 300, status: xhr.status, json: async () => JSON.parse(xhr.responseText) as unknown }
      unwrap(res)
        .then((body) => {
          const parsed = Attachment.safeParse(body)
          if (parsed.success) resolve(parsed.data)
          else reject(new ApiError(xhr.status, 'BAD_RESPONSE', '服务器返回的数据格式不正确'))
        })
        .catch(reject)
    }
    xhr.send(file)
  })
}
