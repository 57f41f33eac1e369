import { describe, expect, it } from 'vitest'
import { checkAttachment, claimedType, cleanFilename, ATTACHMENT_RULES } from '@kelan/shared'
import { dispositionFor, isPublicSignature, parseRange, publicSignature, sniffMismatch } from './attachments.domain'

describe('sniffMismatch', () => {
  it.each([
    ['png', 'image/png', null],
    ['png', 'application/pdf', '文件内容不是 PNG 格式，请确认文件没有改过扩展名'],
    ['png', undefined, '文件内容不是 PNG 格式，请确认文件没有改过扩展名'],
    ['docx', 'application/zip', null],
    ['doc', 'application/x-cfb', null],
    ['txt', undefined, null],
    ['csv', 'image/png', '文件内容不是 CSV 格式，请确认文件没有改过扩展名'],
  ] as const)('sniffMismatch – claimed %s, sniffed %s – %s', (claimed, sniffed, want) => {
    expect(sniffMismatch(claimed, sniffed)).toBe(want)
  })
})

describe('parseRange', () => {
  it.each([
    [undefined, null],
    ['bytes=0-99', { start: 0, end: 99 }],
    ['bytes=900-', { start: 900, end: 999 }],
    ['bytes=-100', { start: 900, end: 999 }],
    ['bytes=0-5000', { start: 0, end: 999 }],
    ['bytes=1000-', 'unsatisfiable'],
    ['bytes=5-4', 'unsatisfiable'],
    ['bytes=0-1,5-9', null],
    ['items=0-1', null],
  ] as const)('parseRange – %s of 1000 bytes – %j', (header, want) => {
    expect(parseRange(header, 1000)).toEqual(want)
  })
})

describe('dispositionFor', () => {
  it('dispositionFor – an image – inline; a file – attachment; both with the UTF-8 name', () => {
    expect(dispositionFor('image', '图.png')).toBe(`inline; filename="file.png"; filename*=UTF-8''%E5%9B%BE.png`)
    expect(dispositionFor('file', 'price list.pdf')).toBe(`attachment; filename="price list.pdf"; filename*=UTF-8''price%20list.pdf`)
  })
})

describe('public signatures', () => {
  it('isPublicSignature – its own signature – true; another id’s, another secret’s, a cut one – false', () => {
    const secret = 'x'.repeat(64)
    const sig = publicSignature(secret, 'abc')

    expect(isPublicSignature(secret, 'abc', sig)).toBe(true)
    expect(isPublicSignature(secret, 'abd', sig)).toBe(false)
    expect(isPublicSignature('y'.repeat(64), 'abc', sig)).toBe(false)
    expect(isPublicSignature(secret, 'abc', sig.slice(1))).toBe(false)
  })
})

describe('shared rules', () => {
  it.each([
    ['a.png', 3 * 1024 * 1024, 'image/png', '图片不能超过 2MB'],
    ['a.gif', 100, 'image/gif', '图片只支持 JPG、PNG 格式'],
    ['a.png', 0, 'image/png', '文件是空的'],
    ['a.PNG', 100, '', null],
  ])('checkAttachment – knowledge image %s of %i bytes (%s) – %s', (name, size, type, want) => {
    expect(checkAttachment('knowledge', 'image', { name, size, type })).toBe(want)
  })

  it('claimedType – an extension outside the rule wins over an allowed Content-Type – none', () => {
    expect(claimedType(ATTACHMENT_RULES.knowledge.image, 'x.exe', 'image/png')).toBeUndefined()
    expect(claimedType(ATTACHMENT_RULES.knowledge.image, 'x', 'image/png; charset=binary')).toBe('png')
  })

  it('cleanFilename – path parts and control characters – replaced; a long name keeps its extension', () => {
    expect(cleanFilename('../a\\b:c\n.pdf')).toBe('.._a_b_c_.pdf')
    const long = cleanFilename(`${'很'.repeat(200)}.pdf`)
    expect([...long]).toHaveLength(120)
    expect(long.endsWith('.pdf')).toBe(true)
  })
})
