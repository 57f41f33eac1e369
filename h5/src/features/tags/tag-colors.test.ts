import { TagColor } from '@kelan/shared'
import { describe, expect, it } from 'vitest'
import { chipStyleOf, MARK_RED, markChipStyle, TAG_COLORS, TAG_PALETTE, tagChipStyle, tagDotStyle } from './tag-colors'

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }) as [number, number, number]
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

describe('tag colours', () => {
  it('TAG_COLORS – the contract enum – every colour has a palette entry, in enum order', () => {
    expect(TAG_COLORS).toEqual(TagColor.options)
    for (const color of TagColor.options) expect(TAG_PALETTE[color]).toBeDefined()
  })

  it('TAG_PALETTE – each colour – a distinct label and distinct main colours', () => {
    const entries = Object.values(TAG_PALETTE)
    expect(new Set(entries.map((e) => e.label)).size).toBe(entries.length)
    expect(new Set(entries.map((e) => e.main)).size).toBe(entries.length)
  })

  it.each(TagColor.options)('TAG_PALETTE – %s chip text – readable on its soft background (≥ 4.5:1)', (color) => {
    const { main, soft } = TAG_PALETTE[color]
    expect(contrast(main, soft)).toBeGreaterThanOrEqual(4.5)
  })

  it('tagChipStyle – unselected and selected – soft chip, or filled with the main colour and white text', () => {
    expect(tagChipStyle('green')).toEqual({ color: '#067a50', background: '#e3f7ec', borderColor: '#e3f7ec' })
    expect(tagChipStyle('green', true)).toEqual({ color: '#fff', background: '#067a50', borderColor: '#067a50' })
  })

  it('tagDotStyle – green – the main colour', () => {
    expect(tagDotStyle('green')).toEqual({ background: '#067a50' })
  })

  it('MARK_RED – the special-mark red – none of the admin palette colours, readable soft and solid', () => {
    expect(Object.values(TAG_PALETTE).map((p) => p.main)).not.toContain(MARK_RED.main)
    expect(Object.values(TAG_PALETTE).map((p) => p.soft)).not.toContain(MARK_RED.soft)
    expect(contrast(MARK_RED.main, MARK_RED.soft)).toBeGreaterThanOrEqual(4.5)
    expect(contrast('#ffffff', MARK_RED.main)).toBeGreaterThanOrEqual(4.5)
  })

  it('chipStyleOf – a mark tag of any colour – the mark red; an ordinary tag – its own colour', () => {
    expect(chipStyleOf({ color: 'green', mark: true })).toEqual(markChipStyle())
    expect(chipStyleOf({ color: 'green', mark: true }, true)).toEqual(markChipStyle(true))
    expect(chipStyleOf({ color: 'green', mark: false })).toEqual(tagChipStyle('green'))
  })
})
