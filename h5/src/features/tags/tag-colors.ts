import { TagColor } from '@kelan/shared'

export interface TagPalette {
  /** The colour's name in the admin's colour picker. */
  label: string
  /** Text and border of a chip, the fill of a selected one, and colour dots. */
  main: string
  /** The soft background of an unselected chip. */
  soft: string
}

/**
 * How each TagColor key is drawn, in the sidebar and the admin alike: soft backgrounds keep
 * a screen full of chips calm, and the main colours keep 12 px text readable on them (4.5:1)
 * and white text on a filled chip. Red is not here: it belongs to special marks (客户标记).
 */
export const TAG_PALETTE: Record<TagColor, TagPalette> = {
  blue: { label: '蓝', main: '#1668dc', soft: '#e8f1ff' },
  green: { label: '绿', main: '#067a50', soft: '#e3f7ec' },
  cyan: { label: '青', main: '#0b7480', soft: '#e0f6f6' },
  orange: { label: '橙', main: '#a04d0c', soft: '#fff1e3' },
  purple: { label: '紫', main: '#6b3fc9', soft: '#f1ebff' },
  pink: { label: '粉', main: '#c2306a', soft: '#ffebf2' },
  gold: { label: '金', main: '#7d5c00', soft: '#fff6d6' },
  gray: { label: '灰', main: '#545a63', soft: '#f0f1f3' },
}

/**
 * The special-mark red (客户标记): kept out of TAG_PALETTE so no ordinary tag can look like a
 * mark. Main on soft is 6.3:1, white on main 6.9:1.
 */
export const MARK_RED: Omit<TagPalette, 'label'> = { main: '#c41d1d', soft: '#ffecec' }

/** Inline style of a mark tag's chip: red, soft or solid, like tagChipStyle. */
export function markChipStyle(solid = false): Record<string, string> {
  const { main, soft } = MARK_RED
  return solid ? { color: '#fff', background: main, borderColor: main } : { color: main, background: soft, borderColor: main }
}

/** A chip's style whether or not it is a mark: the mark red wins over the tag's own colour. */
export function chipStyleOf(tag: { color: TagColor; mark?: boolean }, solid = false): Record<string, string> {
  return tag.mark ? markChipStyle(solid) : tagChipStyle(tag.color, solid)
}

/** Every colour in picker order (the contract's order). */
export const TAG_COLORS: readonly TagColor[] = TagColor.options

/**
 * Inline style for a chip of `color`: soft (on the card, unselected) or solid (selected).
 *
 * @example tagChipStyle('green') // { color: '#067a50', background: '#e3f7ec', borderColor: '#e3f7ec' }
 */
export function tagChipStyle(color: TagColor, solid = false): Record<string, string> {
  const { main, soft } = TAG_PALETTE[color]
  return solid ? { color: '#fff', background: main, borderColor: main } : { color: main, background: soft, borderColor: soft }
}

/** Inline style of a colour dot (group headers, picker swatches). */
export function tagDotStyle(color: TagColor): { background: string } {
  return { background: TAG_PALETTE[color].main }
}
