import { describe, expect, it } from 'vitest'
import { makeLibraryGroup, makeLibraryTag } from '@/test/factories'
import { checkGroupChanges, checkNewGroup, checkNewTag, checkTagChanges, isReadOnly, moveItem, reorderedIds, type GroupDraft } from './tag-library'

const draft = (over: Partial<GroupDraft> = {}): GroupDraft => ({
  name: '意向程度',
  color: 'blue',
  exclusive: false,
  description: '',
  tags: ['高'],
  ...over,
})

describe('moveItem / reorderedIds', () => {
  it.each([
    [0, 2, ['b', 'c', 'a']],
    [2, 0, ['c', 'a', 'b']],
    [1, 1, ['a', 'b', 'c']],
  ])('moveItem – from %i to %i – %j', (from, to, expected) => {
    expect(moveItem(['a', 'b', 'c'], from, to)).toEqual(expected)
  })

  it('moveItem – index out of range – returns an unchanged copy', () => {
    const list = ['a', 'b']
    const moved = moveItem(list, 0, 5)
    expect(moved).toEqual(['a', 'b'])
    expect(moved).not.toBe(list)
  })

  it('reorderedIds – groups moved – every id in the new order', () => {
    const groups = [makeLibraryGroup('A', [], { id: 'g1' }), makeLibraryGroup('B', [], { id: 'g2' }), makeLibraryGroup('C', [], { id: 'g3' })]
    expect(reorderedIds(groups, 2, 0)).toEqual(['g3', 'g1', 'g2'])
  })
})

describe('isReadOnly', () => {
  it.each([
    ['console', true],
    ['app', false],
    ['unknown', false],
  ] as const)('isReadOnly – origin %s – %s', (origin, expected) => {
    expect(isReadOnly({ origin })).toBe(expected)
  })
})

describe('checkNewGroup', () => {
  it('checkNewGroup – name and one tag – the CreateGroupInput, trimmed', () => {
    const result = checkNewGroup(draft({ name: ' 意向程度 ', tags: [' 高 ', '', '低'] }))
    expect(result).toEqual({
      ok: true,
      input: { name: '意向程度', color: 'blue', exclusive: false, description: '', tags: [{ name: '高' }, { name: '低' }] },
    })
  })

  it('checkNewGroup – only blank tag rows – refused: at least one tag', () => {
    const result = checkNewGroup(draft({ tags: ['', '  '] }))
    expect(result).toEqual({ ok: false, errors: { tags: '标签组至少要有一个标签' } })
  })

  it('checkNewGroup – name of 31 characters – refused on the name', () => {
    const result = checkNewGroup(draft({ name: '字'.repeat(31) }))
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.errors.name).toBe('名称不能超过 30 个字')
  })

  it('checkNewGroup – name of 30 characters – accepted', () => {
    expect(checkNewGroup(draft({ name: '字'.repeat(30) })).ok).toBe(true)
  })

  it('checkNewGroup – a too long tag after a blank row – the error names the dialog row', () => {
    const result = checkNewGroup(draft({ tags: ['', '高', '长'.repeat(31)] }))
    expect(result).toEqual({ ok: false, errors: { 'tags.2': '名称不能超过 30 个字' } })
  })

  it('checkNewGroup – two tags with one name – refused on the list', () => {
    const result = checkNewGroup(draft({ tags: ['高', '高'] }))
    expect(result).toEqual({ ok: false, errors: { tags: '同组标签不能重名' } })
  })
})

describe('checkGroupChanges', () => {
  const group = makeLibraryGroup('意向程度', [], { id: 'g1', color: 'blue', description: '说明' })

  it('checkGroupChanges – nothing changed – null', () => {
    expect(checkGroupChanges(group, { name: '意向程度', color: 'blue', exclusive: false, description: '说明' })).toBeNull()
  })

  it('checkGroupChanges – colour and 互斥 changed – only those fields', () => {
    const result = checkGroupChanges(group, { name: '意向程度', color: 'gold', exclusive: true, description: '说明' })
    expect(result).toEqual({ ok: true, input: { color: 'gold', exclusive: true } })
  })

  it('checkGroupChanges – read-only group renamed – the name is not sent', () => {
    const consoleGroup = { ...group, origin: 'console' as const }
    expect(checkGroupChanges(consoleGroup, { name: '新名字', color: 'blue', exclusive: false, description: '说明' })).toBeNull()
  })

  it('checkGroupChanges – empty name – refused on the name', () => {
    const result = checkGroupChanges(group, { name: ' ', color: 'blue', exclusive: false, description: '说明' })
    expect(result).toEqual({ ok: false, errors: { name: '名称不能为空' } })
  })
})

describe('checkNewTag / checkTagChanges', () => {
  it('checkNewTag – a name and no colour – one tag following the group colour', () => {
    expect(checkNewTag({ name: ' 中 ', color: null, description: '' })).toEqual({
      ok: true,
      input: { tags: [{ name: '中', color: null, description: '' }] },
    })
  })

  it('checkNewTag – blank name – refused on the name', () => {
    expect(checkNewTag({ name: '', color: null, description: '' })).toEqual({ ok: false, errors: { name: '名称不能为空' } })
  })

  it('checkTagChanges – own colour set back to the group colour – sends color null', () => {
    const tag = makeLibraryTag('高', { id: 't1', ownColor: 'gold', color: 'gold' })
    expect(checkTagChanges(tag, { name: '高', color: null, description: '' })).toEqual({ ok: true, input: { color: null } })
  })

  it('checkTagChanges – console tag renamed and described – only the description is sent', () => {
    const tag = makeLibraryTag('高', { id: 't1', origin: 'console' })
    expect(checkTagChanges(tag, { name: '很高', color: null, description: '重点跟进' })).toEqual({
      ok: true,
      input: { description: '重点跟进' },
    })
  })
})
