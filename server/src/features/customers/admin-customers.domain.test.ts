import { describe, expect, it } from 'vitest'
import { CustomerFilter } from '@kelan/shared'
import { buildAdminItems, filterProblem, filterTagIds, hasRelationFilter, type AdminCustomerRow } from './admin-customers.domain'

const row = (o: Partial<AdminCustomerRow> = {}): AdminCustomerRow => ({
  externalUserid: 'wm1', name: '张三', avatar: '', type: 1, corpName: '', addedAt: 100, ...o,
})
const filter = (raw: Record<string, string>) => CustomerFilter.parse(raw)

/** The colour buildAdminItems draws one tag in. */
const tagColor = (ownColor: string | null, groupColor: string) =>
  buildAdminItems([row()], [], [{ externalUserid: 'wm1', tagId: 't', name: 'T', ownColor, groupColor }])[0]?.tags[0]?.color

describe('buildAdminItems tag colour', () => {
  it('tagColor – tag with its own colour – uses it', () => {
    expect(tagColor('green', 'blue')).toBe('green')
  })
  it('tagColor – tag following its group – uses the group colour', () => {
    expect(tagColor(null, 'purple')).toBe('purple')
  })
  it('tagColor – a stored value outside the palette – falls back to blue', () => {
    expect(tagColor('red', 'blue')).toBe('blue')
    expect(tagColor(null, 'nonsense')).toBe('blue')
  })
})

describe('buildAdminItems', () => {
  it('buildAdminItems – a customer whose mark tag ranks last – the mark tag first, flagged; other customers unflagged', () => {
    const tags = [
      { externalUserid: 'wm1', tagId: 't1', name: 'A类', ownColor: null, groupColor: 'blue' },
      { externalUserid: 'wm1', tagId: 'tRisk', name: '风险客户', ownColor: null, groupColor: 'gray' },
      { externalUserid: 'wm2', tagId: 'tRisk', name: '风险客户', ownColor: null, groupColor: 'gray' },
    ]

    const [one, two] = buildAdminItems([row(), row({ externalUserid: 'wm2' })], [], tags, new Map([['wm1', 'tRisk']]))

    expect(one!.tags.map((t) => [t.id, t.mark])).toEqual([['tRisk', true], ['t1', false]])
    expect(two!.tags.map((t) => [t.id, t.mark])).toEqual([['tRisk', false]])
  })
  it('buildAdminItems – one tag on two relations – shown once, order kept', () => {
    const [item] = buildAdminItems(
      [row()],
      [{ externalUserid: 'wm1', userid: 'lisi', name: '李四', remark: '老客户' }],
      [
        { externalUserid: 'wm1', tagId: 't2', name: '高意向', ownColor: null, groupColor: 'orange' },
        { externalUserid: 'wm1', tagId: 't1', name: 'A类', ownColor: 'green', groupColor: 'blue' },
        { externalUserid: 'wm1', tagId: 't2', name: '高意向', ownColor: null, groupColor: 'orange' },
      ],
    )
    expect(item!.tags).toEqual([
      { id: 't2', name: '高意向', color: 'orange', mark: false },
      { id: 't1', name: 'A类', color: 'green', mark: false },
    ])
    expect(item!.followers).toEqual([{ userid: 'lisi', name: '李四', remark: '老客户' }])
  })

  it('buildAdminItems – customer without an active relation – no followers, added at 0', () => {
    const [item] = buildAdminItems([row({ addedAt: null, type: 2 })], [], [])
    expect(item).toMatchObject({ followers: [], tags: [], addedAt: 0, type: 2 })
  })

  it('buildAdminItems – rows of other customers – not mixed in', () => {
    const items = buildAdminItems(
      [row({ externalUserid: 'wm1' }), row({ externalUserid: 'wm2' })],
      [{ externalUserid: 'wm2', userid: 'u', name: 'U', remark: '' }],
      [{ externalUserid: 'wm1', tagId: 't', name: 'T', ownColor: null, groupColor: 'gray' }],
    )
    expect(items.map((i) => [i.followers.length, i.tags.length])).toEqual([[0, 1], [1, 0]])
  })
})

describe('filter helpers', () => {
  it('filterProblem – range ending before it starts – a message', () => {
    expect(filterProblem(filter({ addedFrom: '20', addedTo: '10' }))).toBeDefined()
    expect(filterProblem(filter({ addedFrom: '10', addedTo: '10' }))).toBeUndefined()
  })
  it('hasRelationFilter – only tags or text – false; a follower or time – true', () => {
    expect(hasRelationFilter(filter({ q: 'a', tagIds: 't1' }))).toBe(false)
    expect(hasRelationFilter(filter({ addWay: '1' }))).toBe(true)
    expect(hasRelationFilter(filter({ departmentId: '2' }))).toBe(true)
  })
  it('filterTagIds – blanks and repeats – dropped', () => {
    expect(filterTagIds(filter({ tagIds: 't1,,t2,t1' }))).toEqual(['t1', 't2'])
    expect(filterTagIds(filter({}))).toEqual([])
  })
})
