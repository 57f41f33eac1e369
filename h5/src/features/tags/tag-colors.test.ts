import { TagColor } from '@kelan/shared'
import { describe, expect, it } from 'vitest'
import { TAG_COLOR_STYLES } from '@/features/admin/tag-colors'
import { TAG_PALETTE, tagChipStyle } from './tag-colors'

describe('tag colours', () => {
  it.each(TagColor.options)('TAG_PALETTE – %s – is drawn as in the admin', (color) => {
    expect(TAG_PALETTE[color]).toEqual({ main: TAG_COLOR_STYLES[color].fg, soft: TAG_COLOR_STYLES[color].bg })
  })

  it('tagChipStyle – selected – fills with the main colour and white text', () => {
    expect(tagChipStyle('green', true)).toEqual({ color: '#fff', background: '#067a50', borderColor: '#067a50' })
    expect(tagChipStyle('green')).toEqual({ color: '#067a50', background: '#e3f7ec', borderColor: '#e3f7ec' })
  })
})
