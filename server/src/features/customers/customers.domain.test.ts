import { describe, expect, it } from 'vitest'
import { buildCard, canSeeGroupChat, containsPattern, groupTags, type RelationRow, type TagRow } from './customers.domain'

const tag = (over: Partial<TagRow>): TagRow => ({
  userid: 'u1', tagId: 't1', tagName: 'A类', tagOrder: 1, groupId: 'g1', groupName: '客户等级', groupOrder: 1, ...over,
})
const relation = (over: Partial<RelationRow>): RelationRow => ({
  userid: 'u1', staffName: '张伟', staffAvatar: '', remark: '', description: '', createtime: 100, addWay: 1, state: '', ...over,
})
const customer = { externalUserid: 'wm1', name: '李四', avatar: '', type: 1, gender: 1, corpName: '' }

describe('groupTags', () => {
  it('merges a tag two staff members carry into one chip naming both', () => {
    const groups = groupTags([tag({ userid: 'u1' }), tag({ userid: 'u2' })])
    expect(groups).toEqual([{ id: 'g1', name: '客户等级', tags: [{ id: 't1', name: 'A类', addedBy: ['u1', 'u2'] }] }])
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
})

describe('buildCard', () => {
  it('shows the viewer relation as mine with the add way in Chinese', () => {
    const card = buildCard(customer, [relation({ userid: 'u1', addWay: 2, remark: '老客户' })], [], 'u1')
    expect(card.mine).toMatchObject({ remark: '老客户', addWayLabel: '搜索手机号' })
  })
  it('has no mine when the viewer does not follow the customer (a manager looking on)', () => {
    expect(buildCard(customer, [relation({ userid: 'u1' })], [], 'boss').mine).toBeNull()
  })
  it('lists followers first-added first', () => {
    const card = buildCard(customer, [relation({ userid: 'late', createtime: 300 }), relation({ userid: 'early', createtime: 100 })], [], 'x')
    expect(card.followers.map((f) => f.userid)).toEqual(['early', 'late'])
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
