import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { ref } from 'vue'
import AttachmentPicker from '@/features/attachments/AttachmentPicker.vue'
import { emptyDraft, toInput, type ItemDraft } from './knowledge.form'
import { makeAttachment } from './knowledge.testing'
import KnowledgeScriptFields from './KnowledgeScriptFields.vue'

type ScriptDraft = Extract<ItemDraft, { kind: 'script' }>

/** The fields bound to a draft the test can read back. */
function mountFields() {
  const draft = ref(emptyDraft('script') as ScriptDraft)
  const w = mount(KnowledgeScriptFields, {
    props: { draft: draft.value, 'onUpdate:draft': (d: ScriptDraft) => (draft.value = d), errors: {} },
  })
  const sync = async () => {
    await w.setProps({ draft: draft.value })
  }
  return { w, draft, sync }
}

const picker = (w: ReturnType<typeof mountFields>['w'], kind: string) => w.findAllComponents(AttachmentPicker).find((p) => p.props('kind') === kind)!

describe('KnowledgeScriptFields – attachments', () => {
  it('an image uploaded, a file uploaded – both become parts after the text, shown as a thumbnail and a chip, sent as references', async () => {
    const { w, draft, sync } = mountFields()
    draft.value.question = '报价'
    draft.value.answer[0] = { ...draft.value.answer[0]!, type: 'text', text: '资料如下' } as ScriptDraft['answer'][number]

    picker(w, 'image').vm.$emit('uploaded', makeAttachment('IMG1', 'image'))
    await sync()
    picker(w, 'file').vm.$emit('uploaded', makeAttachment('DOC1', 'file', '报价单.pdf'))
    await sync()

    expect(draft.value.answer.map((p) => p.type)).toEqual(['text', 'image', 'file'])
    expect(w.get('[data-test="attachment-thumb"] img').attributes('src')).toBe('/api/attachments/IMG1')
    expect(w.get('[data-test="attachment-chip"]').text()).toContain('报价单.pdf')
    const checked = toInput(draft.value)
    expect(checked.ok && checked.input.kind === 'script' && checked.input.answer).toEqual([
      { type: 'text', text: '资料如下' },
      { type: 'image', attachmentId: 'IMG1' },
      { type: 'file', attachmentId: 'DOC1' },
    ])
  })

  it('上移 on the image, then 删除 on the text – the image first, the text gone', async () => {
    const { w, draft, sync } = mountFields()
    picker(w, 'image').vm.$emit('uploaded', makeAttachment('IMG1', 'image'))
    await sync()

    await w.findAll('[data-test="knowledge-form-part-up"]')[1]!.trigger('click')
    await sync()
    expect(draft.value.answer.map((p) => p.type)).toEqual(['image', 'text'])
    await w.findAll('[data-test="knowledge-form-part-remove"]')[1]!.trigger('click')
    await sync()

    expect(draft.value.answer.map((p) => p.type)).toEqual(['image'])
  })

  it('a link part – has a cover field that takes an uploaded image', async () => {
    const { w, draft, sync } = mountFields()
    await w.get('[data-test="knowledge-form-add-link"]').trigger('click')
    await sync()

    const cover = w.get('[data-test="knowledge-form-answer-link"]').findComponent(AttachmentPicker)
    cover.vm.$emit('uploaded', makeAttachment('COV1', 'image'))
    await sync()

    expect(draft.value.answer[1]).toMatchObject({ type: 'link', cover: 'COV1', coverPreview: '/api/attachments/COV1' })
    expect(w.get('[data-test="kn-cover-thumb"]').attributes('src')).toBe('/api/attachments/COV1')
  })
})
