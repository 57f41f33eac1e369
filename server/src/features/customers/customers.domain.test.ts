import { describe, expect, it } from 'vitest'
import { buildCard, canSeeGroupChat, containsPattern, groupTags, type RelationRow, type TagRow, type TagSyncRow } from './customers.domain'

const tag = (over: Partial<TagRow>): TagRow => ({
  userid: 'u1', tagId: 't1', tagName: 'A类', tagOrder: 1, tagCreateTime: 100, tagColor: 'green', groupId: 'g1', groupName: '客户等级',
  groupOrder: 1, groupCreateTime: 100, groupColor: 'green', exclusive: false, ...over,
})
const relation = (over: Partial<RelationRow>): RelationRow => ({
  userid: 'u1', staffName: '张伟', staffAvatar: '', remark: '', description: '', createtime: 100, addWay: 1, state: '', ...over,
})
const me = (userid: string, tagSync?: TagSyncRow) => ({ userid, tagSync })
const customer = { externalUserid: 'wm1', name: '李四', avatar: '', type: 1, gender: 1, corpName: '' }

describe('groupTags', () => {
  it('merges a tag two staff members carry into one chip naming both', () => {
    const groups = groupTags([tag({ userid: 'u1' }), tag({ userid: 'u2' })])
    expect(groups).toEqual([
      {
        id: 'g1', name: '客户等级', color: 'green', exclusive: false,
        tags: [{ id: 't1', name: 'A类', color: 'green', locked: false, mark: false, addedBy: ['u1', 'u2'] }],
      },
    ])
  })
  it('orders groups and tags by WeCom order, larger first', () => {
    const groups = groupTags([
      tag({ groupId: 'g1', groupOrder: 1, tagId: 't1', tagOrder: 1 }),
      tag({ groupId: 'g2', groupName: '意向程度', groupOrder: 5, tagId: 't2', tagName: '高', tagOrder: 1 }),
      tag({ groupId: 'g2', groupName: '意向程度', groupOrder: 5, tagId: 't3', tagName: '低', tagOrder: 9 }),
    ])
    expect(groups.map((g) => g.id)).toEqual(['g2', 'g1'])
    expect(groups[0]?.tags.map((t) => t.name)).toEqual(['低', '高'])
  })
  it('groupTags – groups and tags with equal order – older first, then by id, as the library lists them', () => {
    const rows = [
      tag({ groupId: 'gB', groupName: '甲', groupCreateTime: 200, tagId: 'tB', tagName: '甲', tagCreateTime: 300 }),
      tag({ groupId: 'gB', groupName: '甲', groupCreateTime: 200, tagId: 'tA', tagName: '乙', tagCreateTime: 300 }),
      tag({ groupId: 'gB', groupName: '甲', groupCreateTime: 200, tagId: 'tC', tagName: '丙', tagCreateTime: 100 }),
      tag({ groupId: 'gA', groupName: '乙', groupCreateTime: 200, tagId: 'tD' }),
      tag({ groupId: 'gC', groupName: '丙', groupCreateTime: 50, tagId: 'tE' }),
    ]

    const groups = groupTags(rows)

    expect(groups.map((g) => g.id)).toEqual(['gC', 'gA', 'gB'])
    expect(groups[2]?.tags.map((t) => t.id)).toEqual(['tC', 'tA', 'tB'])
  })
  it('groupTags – a stored colour outside the palette – drawn blue rather than failing the card', () => {
    expect(groupTags([tag({ tagColor: 'chartreuse' })])[0]?.tags[0]?.color).toBe('blue')
  })
  it('groupTags – a tag held by a special mark – flagged mark and locked, the other tags neither', () => {
    const tags = groupTags([tag({ tagId: 't1' }), tag({ tagId: 't2' })], 't1')[0]?.tags
    expect(tags?.map((t) => [t.id, t.mark, t.locked])).toEqual([['t1', true, true], ['t2', false, false]])
  })
  it('groupTags – the mark tag in the lowest-ranked group, below another tag – its group first, it first in the group', () => {
    const rows = [
      tag({ groupId: 'gTop', groupOrder: 9, tagId: 'tTop' }),
      tag({ groupId: 'gMark', groupName: '客户标记', groupOrder: 1, tagId: 'tOther', tagOrder: 9 }),
      tag({ groupId: 'gMark', groupName: '客户标记', groupOrder: 1, tagId: 'tRisk', tagName: '风险客户', tagOrder: 1 }),
    ]

    const groups = groupTags(rows, 'tRisk')

    expect(groups.map((g) => g.id)).toEqual(['gMark', 'gTop'])
    expect(groups[0]?.tags.map((t) => t.id)).toEqual(['tRisk', 'tOther'])
  })
})

describe('buildCard', () => {
  it('buildCard – a mark standing – the banner as given and the mark tag first; none – mark null', () => {
    const banner = { tagName: '风险客户', reason: '投诉', remark: '【风险客户】李四', markedBy: { userid: 'boss', name: '赵总' }, markedAt: 50 }
    const rows = [tag({ tagId: 'tA', tagOrder: 5 }), tag({ tagId: 'tRisk', tagOrder: 1 })]

    const marked = buildCard(customer, [relation({ userid: 'u1' })], rows, me('u1'), { tagId: 'tRisk', banner })
    const plain = buildCard(customer, [relation({ userid: 'u1' })], rows, me('u1'))

    expect(marked.mark).toEqual(banner)
    expect(marked.tagGroups[0]?.tags[0]).toMatchObject({ id: 'tRisk', mark: true, locked: true })
    expect(plain.mark).toBeNull()
    expect(plain.tagGroups[0]?.tags[0]).toMatchObject({ id: 'tA', mark: false })
  })
  it('shows the viewer relation as mine with the add way in Chinese', () => {
    const card = buildCard(customer, [relation({ userid: 'u1', addWay: 2, remark: '老客户' })], [], me('u1'))
    expect(card.mine).toMatchObject({ remark: '老客户', addWayLabel: '搜索手机号' })
  })
  it('has no mine when the viewer does not follow the customer (a manager looking on)', () => {
    expect(buildCard(customer, [relation({ userid: 'u1' })], [], me('boss')).mine).toBeNull()
  })
  it('lists followers first-added first', () => {
    const card = buildCard(customer, [relation({ userid: 'late', createtime: 300 }), relation({ userid: 'early', createtime: 100 })], [], me('x'))
    expect(card.followers.map((f) => f.userid)).toEqual(['early', 'late'])
  })
  it('buildCard – tags on several relations – mine.tagIds holds only the viewer relation tags', () => {
    const rows = [tag({ userid: 'u1', tagId: 't1' }), tag({ userid: 'u2', tagId: 't2' })]
    const card = buildCard(customer, [relation({ userid: 'u1' }), relation({ userid: 'u2' })], rows, me('u1'))
    expect(card.mine?.tagIds).toEqual(['t1'])
  })
  it.each([
    [undefined, { status: 'synced', error: null }],
    [{ status: 'pending', lastError: null }, { status: 'pending', error: null }],
    [{ status: 'failed', lastError: '该客户已不是此成员的好友' }, { status: 'failed', error: '该客户已不是此成员的好友' }],
  ] as const)('buildCard – open outbox item %o – tagSync %o', (item, expected) => {
    expect(buildCard(customer, [relation({ userid: 'u1' })], [], me('u1', item)).mine?.tagSync).toEqual(expected)
  })
})

describe('containsPattern', () => {
  it('containsPattern – wildcards and the escape character in the search – each escaped once', () => {
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%')
  })
})

describe('canSeeGroupChat', () => {
  const chat = { owner: 'owner', member_list: [{ userid: 'member', type: 1 }, { userid: 'wmCUSTOMER', type: 2 }] }
  it.each([
    ['the owner', 'owner', 'staff', true],
    ['an internal member', 'member', 'staff', true],
    ['a staff member outside the chat', 'other', 'staff', false],
    ['a manager outside the chat', 'other', 'manager', false],
    ['an admin outside the chat', 'other', 'admin', true],
    ['someone whose userid equals a customer member id', 'wmCUSTOMER', 'staff', false],
  ] as const)('%s (%s, %s) sees it: %s', (_who, userid, role, visible) => {
    expect(canSeeGroupChat(chat, { userid, role })).toBe(visible)
  })
})
