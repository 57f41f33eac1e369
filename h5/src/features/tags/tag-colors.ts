import type { TagColor } from '@kelan/shared'

export interface TagPalette {
  /** Text and border of a chip, and the fill of a selected one. */
  main: string
  /** The soft background of an unselected chip. */
  soft: string
}

/**
 * How each TagColor key is drawn: soft backgrounds keep a screen full of chips calm, and the
 * main colours keep 12 px text readable on them (4.5:1) and white text on a filled chip.
 * Same values as features/admin/tag-colors.ts, so a tag looks the same in the sidebar and
 * the admin. Red is not here: it belongs to special marks (客户标记).
 */
export const TAG_PALETTE: Record<TagColor, TagPalette> = {
  blue: { main: '#1668dc', soft: '#e8f1ff' },
  green: { main: '#067a50', soft: '#e3f7ec' },
  cyan: { main: '#0b7480', soft: '#e0f6f6' },
  orange: { main: '#a04d0c', soft: '#fff1e3' },
  purple: { main: '#6b3fc9', soft: '#f1ebff' },
  pink: { main: '#c2306a', soft: '#ffebf2' },
  gold: { main: '#7d5c00', soft: '#fff6d6' },
  gray: { main: '#545a63', soft: '#f0f1f3' },
}

/**
 * Inline style for a chip of `color`: soft (on the card, unselected) or solid (selected).
 *
 * @example tagChipStyle('green') // { color: '#067a50', background: '#e3f7ec', borderColor: '#e3f7ec' }
 */
export function tagChipStyle(color: TagColor, solid = false): Record<string, string> {
  const { main, soft } = TAG_PALETTE[color]
  return solid ? { color: '#fff', background: main, borderColor: main } : { color: main, background: soft, borderColor: soft }
}
