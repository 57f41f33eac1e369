import { computed, ref, shallowRef } from 'vue'
import type { Followup, FollowupType, StaffBrief } from '@kelan/shared'
import { isApiError } from '@/api/errors'
import { createFollowup, fetchFollowupTypes } from './followups.api'
import { makeClientKey, remindAtProblem, textProblem } from './followup-form'
import { useFollowupAttachments, type Uploader } from './use-followup-attachments'

export interface FollowupFormOptions {
  externalUserId: () => string
  source: () => 'sidebar' | 'admin'
  /** Unix seconds now; tests pass a fixed clock. */
  now?: () => number
  upload?: Uploader
}

type FieldErrors = Partial<Record<'type' | 'text' | 'remindAt' | 'attachments' | 'form', string>>

/**
 * The state of one 写跟进 form: type, text, attachments, @mentions, reminder, and a clientKey
 * made when the form opens. `submit` checks the shared rules, sends once (a second tap while
 * sending is ignored, and a retry reuses the key) and answers the stored record.
 */
export function useFollowupForm(options: FollowupFormOptions) {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000))
  const types = ref<FollowupType[]>([])
  const typesError = shallowRef<string | null>(null)
  const typeId = ref<number | null>(null)
  const text = ref('')
  const mentions = ref<StaffBrief[]>([])
  const remindAt = ref<number | null>(null)
  const clientKey = ref(makeClientKey())
  const sending = ref(false)
  const errors = ref<FieldErrors>({})
  const attachments = useFollowupAttachments(options.upload)

  const selectedType = computed(() => types.value.find((t) => t.id === typeId.value) ?? null)

  async function loadTypes(): Promise<void> {
    typesError.value = null
    try {
      types.value = (await fetchFollowupTypes()).items.filter((t) => t.enabled)
      if (!types.value.some((t) => t.id === typeId.value)) typeId.value = types.value[0]?.id ?? null
    } catch (err) {
      if (!isApiError(err)) throw err
      typesError.value = err.message
    }
  }

  /** A fresh, empty form with a new key (the previous record is done). */
  function reset(): void {
    text.value = ''
    mentions.value = []
    remindAt.value = null
    errors.value = {}
    attachments.clear()
    typeId.value = types.value[0]?.id ?? null
    clientKey.value = makeClientKey()
  }

  function check(): FieldErrors {
    const found: FieldErrors = {}
    if (typeId.value === null) found.type = '请选择跟进方式'
    const textError = textProblem(text.value)
    if (textError) found.text = textError
    if (remindAt.value !== null) {
      const problem = remindAtProblem(remindAt.value, now())
      if (problem) found.remindAt = problem
    }
    if (attachments.uploading.value) found.attachments = '附件正在上传，请稍候'
    else if (attachments.items.value.some((i) => i.status === 'failed')) found.attachments = '有附件上传失败，请删除后重试'
    return found
  }

  /** Sends the form once; null when it was refused here or by the server (see `errors`). */
  async function submit(): Promise<Followup | null> {
    if (sending.value) return null
    errors.value = check()
    if (Object.keys(errors.value).length > 0) return null
    sending.value = true
    try {
      return await createFollowup(options.externalUserId(), {
        typeId: typeId.value!,
        text: text.value.trim(),
        attachmentIds: attachments.ids.value,
        mentions: mentions.value.map((m) => m.userid),
        ...(remindAt.value !== null ? { remindAt: remindAt.value } : {}),
        clientKey: clientKey.value,
        source: options.source(),
      })
    } catch (err) {
      if (!isApiError(err)) throw err
      errors.value = { form: err.message }
      return null
    } finally {
      sending.value = false
    }
  }

  return { types, typesError, typeId, selectedType, text, mentions, remindAt, clientKey, sending, errors, attachments, loadTypes, reset, submit }
}
