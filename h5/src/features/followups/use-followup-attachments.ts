import { computed, ref } from 'vue'
import type { Attachment, AttachmentKind } from '@kelan/shared'
import { isApiError } from '@/api/errors'
import { uploadAttachment, type UploadTarget } from '@/features/attachments/attachments.api'
import { fileProblem, kindOfFile } from './followup-form'

/** One file in the form: uploading, stored, or failed (with why). */
export interface FormAttachment {
  key: number
  name: string
  kind: AttachmentKind
  status: 'uploading' | 'done' | 'failed'
  /** 0–100 while uploading. */
  progress: number
  /** A local preview of an image, shown before and after the upload finishes. */
  previewUrl: string | null
  attachment: Attachment | null
  error: string | null
}

export type Uploader = (file: File, target: UploadTarget, onProgress?: (fraction: number) => void) => Promise<Attachment>

/**
 * The attachments of one 写跟进 form: each picked file is checked against the shared rules
 * (count, size, allow-list), then uploaded at once with its own progress. `errors` holds the
 * refusals of the last pick, in Chinese and naming the file.
 */
export function useFollowupAttachments(upload: Uploader = uploadAttachment) {
  const items = ref<FormAttachment[]>([])
  const errors = ref<string[]>([])
  let nextKey = 1

  const uploading = computed(() => items.value.some((i) => i.status === 'uploading'))
  const ids = computed(() => items.value.flatMap((i) => (i.status === 'done' && i.attachment ? [i.attachment.id] : [])))

  function update(key: number, patch: Partial<FormAttachment>): void {
    items.value = items.value.map((i) => (i.key === key ? { ...i, ...patch } : i))
  }

  async function send(file: File, item: FormAttachment): Promise<void> {
    try {
      const attachment = await upload(file, { purpose: 'followup', kind: item.kind }, (f) => update(item.key, { progress: Math.round(f * 100) }))
      update(item.key, { status: 'done', progress: 100, attachment })
    } catch (err) {
      update(item.key, { status: 'failed', error: isApiError(err) ? err.message : '上传失败，请重试' })
    }
  }

  /** Adds picked files: refused ones go to `errors`, the others start uploading. */
  function add(files: readonly File[]): Promise<void[]> {
    errors.value = []
    const started: Promise<void>[] = []
    for (const file of files) {
      // Failed uploads do not hold a place: they can be removed and picked again.
      const held = items.value.filter((i) => i.status !== 'failed').length
      const problem = fileProblem(file, held)
      if (problem) {
        errors.value = [...errors.value, problem]
        continue
      }
      const kind = kindOfFile(file)
      const previewUrl = kind === 'image' && typeof URL.createObjectURL === 'function' ? URL.createObjectURL(file) : null
      const item: FormAttachment = { key: nextKey++, name: file.name, kind, status: 'uploading', progress: 0, previewUrl, attachment: null, error: null }
      items.value = [...items.value, item]
      started.push(send(file, item))
    }
    return Promise.all(started)
  }

  function remove(key: number): void {
    const item = items.value.find((i) => i.key === key)
    if (item?.previewUrl) URL.revokeObjectURL(item.previewUrl)
    items.value = items.value.filter((i) => i.key !== key)
  }

  function clear(): void {
    for (const i of items.value) if (i.previewUrl) URL.revokeObjectURL(i.previewUrl)
    items.value = []
    errors.value = []
  }

  return { items, errors, uploading, ids, add, remove, clear }
}
