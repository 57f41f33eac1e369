import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { makeLibraryGroup, makeLibraryTag } from '@/test/factories'
import AdminTagPicker from './AdminTagPicker.vue'

const groups = [makeLibraryGroup('客户来源', [makeLibraryTag('展会', { id: 't1', color: 'green' }), makeLibraryTag('转介绍', { id: 't2' })], { id: 'g1' })]
const chip = (w: ReturnType<typeof mount>, id: string) => w.get(`[data-test="picker-tag"][data-id="${id}"]`)

describe('AdminTagPicker', () => {
  it('AdminTagPicker – one tag picked – its chip in the tag colour, outlined in the text colour; the other plain', () => {
    const w = mount(AdminTagPicker, { props: { groups, modelValue: ['t1'] } })
    const style = chip(w, 't1').attributes('style')
    expect(style).toContain('color: rgb(6, 122, 80)')
    expect(style).toContain('background: rgb(227, 247, 236)')
    expect(style).toContain('border-color: currentcolor')
    expect(chip(w, 't2').attributes('style')).toBeUndefined()
  })
})
