import { describe, expect, it } from 'vitest'
import { CreateSensitiveWordsInput, SensitiveWordText } from './sensitive'

const messages = (value: string) => SensitiveWordText.safeParse(value).error?.issues.map((i) => i.message) ?? []

describe('sensitive contracts', () => {
  it('SensitiveWordText – only zero-width space, soft hyphen, joiner, or control characters – rejected as invisible', () => {
    for (const word of ['\u200b', '\u00ad', '\u200d\u200c', '\u0000\u0007', '\u200b \u200b', '\u2066\u2069']) {
      expect(messages(word)).toEqual(['敏感词不能只包含不可见字符'])
    }
  })

  it('SensitiveWordText – a visible word with invisible characters inside – accepted as sent', () => {
    expect(SensitiveWordText.parse(' 微\u200b信 ')).toBe('微\u200b信')
    expect(SensitiveWordText.parse('👨\u200d👩\u200d👧')).toBe('👨\u200d👩\u200d👧')
  })

  it('SensitiveWordText – empty, spaces or a BOM only – the one empty message; 31 characters – too long', () => {
    expect(messages('')).toEqual(['敏感词不能为空'])
    expect(messages('   ')).toEqual(['敏感词不能为空'])
    expect(messages('\ufeff')).toEqual(['敏感词不能为空'])
    expect(messages('词'.repeat(31))).toEqual(['敏感词不能超过 30 个字'])
  })

  it('CreateSensitiveWordsInput – one invisible word among good ones – rejected', () => {
    expect(CreateSensitiveWordsInput.safeParse({ words: ['微信', '\u200b'] }).success).toBe(false)
  })
})
