import type { CardTagGroup, CustomerCard, Follower, GroupChatCard } from '@kelan/shared'

// One-line factories for test data; each test states only what it cares about.

export const makeFollower = (userid: string, name: string, createtime = 1_700_000_000): Follower => ({ userid, name, avatar: '', createtime })

export const makeTagGroup = (name: string, tags: string[]): CardTagGroup => ({
  id: `etg-${name}`,
  name,
  tags: tags.map((t) => ({ id: `et-${t}`, name: t, addedBy: ['zhangsan'] })),
})

export const makeCustomerCard = (over: Partial<CustomerCard> = {}): CustomerCard => ({
  externalUserId: 'wmCUSTOMER01',
  name: '王小明',
  avatar: '',
  type: 1,
  corpName: '',
  gender: 1,
  mine: { remark: '王总', description: '老客户', createtime: 1_700_000_000, addWay: 1, addWayLabel: '扫描二维码', state: '' },
  followers: [makeFollower('zhangsan', '张三')],
  tagGroups: [],
  ...over,
})

export const makeGroupChatCard = (over: Partial<GroupChatCard> = {}): GroupChatCard => ({
  chatId: 'wrCHAT01',
  name: '华东客户群',
  ownerName: '张三',
  memberCount: 12,
  customerCount: 8,
  ...over,
})
