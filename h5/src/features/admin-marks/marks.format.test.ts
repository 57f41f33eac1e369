import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/errors'
import { charCount, createRefusalMessage, defaultRemark, emptyMarkFilter, markImportFileProblem, parseUnionids, remarkProblem, toMarkQuery } from './marks.format'

describe('marks.format', () => {
  it('toMarkQuery – empty form – only the page', () => {
    expect(toMarkQuery(emptyMarkFilter(), 1, 20)).toEqual({ page: 1, pageSize: 20 })
  })

  it('toMarkQuery – every field set with spaces – trimmed values', () => {
    const form = { name: ' 天马 ', unionid: ' oAb ', externalUserId: ' wm1 ', tagId: 'tm1', source: 'import' as const }
    expect(toMarkQuery(form, 3, 20)).toEqual({ name: '天马', unionid: 'oAb', externalUserId: 'wm1', tagId: 'tm1', source: 'import', page: 3, pageSize: 20 })
  })

  it('defaultRemark – short name – the tag in brackets before the name', () => {
    expect(defaultRemark('风险客户', '天马湖')).toBe('【风险客户】天马湖')
  })

  it('defaultRemark – long name with emoji – cut to 20 characters, never half an emoji', () => {
    const remark = defaultRemark('垃圾资源', '一二三四五六七八九十一二三😀😀')
    expect(charCount(remark)).toBe(20)
    expect(remark.endsWith('😀')).toBe(true)
  })

  it('remarkProblem – 21 characters – refused; 20 with an emoji – fine', () => {
    expect(remarkProblem('一'.repeat(21))).toBe('备注最多 20 个字')
    expect(remarkProblem(`${'一'.repeat(19)}😀`)).toBeNull()
  })

  it('parseUnionids – lines, commas and duplicates – unique ids in order, bad ones listed', () => {
    expect(parseUnionids('oAb1\n oAb1, o-x2；bad!id\n\n')).toEqual({ ids: ['oAb1', 'o-x2'], invalid: ['bad!id'] })
  })

  it('createRefusalMessage – ALREADY_MARKED with customers – names them', () => {
    const err = new ApiError(409, 'ALREADY_MARKED', '已标记', { customers: [{ key: 'wm1', name: '天马湖' }, { key: 'oU2', name: '' }] })
    expect(createRefusalMessage(err)).toBe('以下客户已在标记名单中，未添加任何客户：天马湖、oU2')
  })

  it('createRefusalMessage – another refusal – the server message', () => {
    expect(createRefusalMessage(new ApiError(400, 'NOT_MARK_TAG', '该标签不是标记标签'))).toBe('该标签不是标记标签')
  })

  it.each([
    ['标记.xls', 10, '只支持 .xlsx 或 .csv 文件，请使用下载的模板'],
    ['标记.csv', 0, '文件是空的，请选择填好的模板'],
    ['标记.xlsx', 6 * 1024 * 1024, '文件不能超过 5 MB，请分成多个文件导入'],
    ['标记.CSV', 10, null],
  ])('markImportFileProblem – %s of %i bytes – %s', (name, size, problem) => {
    expect(markImportFileProblem({ name, size })).toBe(problem)
  })
})
