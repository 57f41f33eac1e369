import { describe, expect, it } from 'vitest'
import { addWayLabel } from './customers'

describe('addWayLabel', () => {
  it('names a known add way in Chinese', () => {
    expect(addWayLabel(1)).toBe('扫描二维码')
  })
  it('still says something readable for a code WeCom adds later', () => {
    expect(addWayLabel(999)).toBe('其他方式（999）')
  })
})
