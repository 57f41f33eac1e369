import { KNOWLEDGE_IMPORT_MAX_BYTES } from '@kelan/shared'
import { describe, expect, it } from 'vitest'
import { fileSizeText, importFileProblem, maxSizeText } from './knowledge-import'

describe('importFileProblem', () => {
  it.each([
    ['话术.xlsx', 10],
    ['常用语.XLSX', 10],
    ['edge.xlsx', KNOWLEDGE_IMPORT_MAX_BYTES],
  ])('importFileProblem – %s of %i bytes – accepted', (name, size) => {
    expect(importFileProblem({ name, size })).toBeNull()
  })

  it.each(['话术.xls', '话术.csv', '话术.xlsx.zip', 'xlsx', '话术.pdf'])('importFileProblem – %s – refused as not xlsx', (name) => {
    expect(importFileProblem({ name, size: 10 })).toBe('只支持 .xlsx 格式的 Excel 文件，请使用下载的模板')
  })

  it('importFileProblem – empty xlsx – refused as empty', () => {
    expect(importFileProblem({ name: 'a.xlsx', size: 0 })).toBe('文件是空的，请选择填好的模板')
  })

  it('importFileProblem – one byte over the limit – refused with the limit in MB', () => {
    expect(importFileProblem({ name: 'a.xlsx', size: KNOWLEDGE_IMPORT_MAX_BYTES + 1 })).toBe('文件不能超过 5 MB，请分成多个文件导入')
  })
})

describe('maxSizeText', () => {
  it('maxSizeText – the contract limit – whole MB without decimals', () => {
    expect(maxSizeText(KNOWLEDGE_IMPORT_MAX_BYTES)).toBe('5 MB')
    expect(maxSizeText(1.5 * 1024 * 1024)).toBe('1.5 MB')
  })
})

describe('fileSizeText', () => {
  it.each([
    [10, '1 KB'],
    [35 * 1024, '35 KB'],
    [1.25 * 1024 * 1024, '1.3 MB'],
  ])('fileSizeText – %i bytes – %s', (bytes, text) => {
    expect(fileSizeText(bytes)).toBe(text)
  })
})
