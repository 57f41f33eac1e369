import { ref, shallowRef } from 'vue'
import type { Attachment, AttachmentKind, AttachmentPurpose } from '@kelan/shared'
import { isApiError } from '@/api/errors'
import { uploadAttachment, type XhrFactory } from './attachments.api'

/**
 * One upload at a time for a form field: `uploading` and `progress` (0–100) while it runs,
 * `error` (Chinese, from the shared rules or the server) when it was refused.
 *
 * @example const { upload, uploading, progress, error } = useAttachmentUpload('knowledge'); const att = await upload(file, 'image')
 */
export function useAttachmentUpload(purpose: AttachmentPurpose, xhrFactory?: XhrFactory) {
  const uploading = ref(false)
  const progress = ref(0)
  const error = shallowRef<string | null>(null)

  /** The stored attachment, or null when refused or failed (then `error` says why). */
  async function upload(file: File, kind: AttachmentKind): Promise<Attachment | null> {
    if (uploading.value) return null
    uploading.value = true
    progress.value = 0
    error.value = null
    try {
      return await uploadAttachment(file, { purpose, kind }, (f) => (progress.value = Math.round(f * 100)), xhrFactory)
    } catch (err) {
      error.value = isApiError(err) ? err.message : '上传失败，请重试'
      return null
    } finally {
      uploading.value = false
    }
  }

  return { uploading, progress, error, upload }
}
