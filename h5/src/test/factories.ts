import type {
  CardTag,
  CardTagGroup,
  CustomerCard,
  Follower,
  GroupChatCard,
  LibraryGroup,
  LibraryTag,
  TagHistoryItem,
  TagHistoryPage,
} from '@kelan/shared'

// One-line factories for test data; each test states only what it cares about.

export const makeFollower = (userid: string, name: string, createtime = 1_700_000_000): Follower => ({ userid, name, avatar: '', createtime })

/** A tag on the card; ids are `et-<name>` so tests can name them. */
export const makeCardTag = (name: string, over: Partial<CardTag> = {}): CardTag => ({
  id: `et-${name}`,
  name,
  color: 'blue',
  addedBy: ['zhangsan'],
  locked: false,
  mark: false,
  ...over,
})

export const makeTagGroup = (name: string, tags: string[], over: Partial<CardTagGroup> = {}): CardTagGroup => ({
  id: `etg-${name}`,
  name,
  color: 'blue',
  exclusive: false,
  tags: tags.map((t) => makeCardTag(t)),
  ...over,
})

type Mine = NonNullable<CustomerCard['mine']>

export const makeMine = (over: Partial<Mine> = {}): Mine => ({
  remark: '王总',
  description: '老客户',
  createtime: 1_700_000_000,
  addWay: 1,
  addWayLabel: '扫描二维码',
  state: '',
  tagIds: [],
  tagSync: { status: 'synced', error: null },
  ...over,
})

export const makeCustomerCard = (over: Partial<CustomerCard> = {}): CustomerCard => ({
  externalUserId: 'wmCUSTOMER01',
  name: '王小明',
  avatar: '',
  type: 1,
  corpName: '',
  gender: 1,
  mine: makeMine(),
  followers: [makeFollower('zhangsan', '张三')],
  tagGroups: [],
  mark: null,
  ...over,
})

/** A library tag; same `et-<name>` ids as the card factories. */
export const makeLibraryTag = (name: string, over: Partial<LibraryTag> = {}): LibraryTag => ({
  id: `et-${name}`,
  groupId: 'etg-?',
  name,
  order: 0,
  color: 'blue',
  ownColor: null,
  description: '',
  origin: 'app',
  pending: false,
  mark: false,
  ...over,
})

/**
 * A library group, id `etg-<name>` unless `over.id` says otherwise. A tag given by name takes
 * the group's colour, as the server draws tags without their own; a tag given whole (from
 * `makeLibraryTag`) keeps its fields and only moves into the group.
 *
 * @example makeLibraryGroup('意向程度', ['高', '低'], { exclusive: true })
 * @example makeLibraryGroup('客户来源', [makeLibraryTag('展会', { id: 't3', color: 'green' })], { id: 'g2' })
 */
export const makeLibraryGroup = (name: string, tags: (string | LibraryTag)[] = [], over: Partial<LibraryGroup> = {}): LibraryGroup => {
  const id = over.id ?? `etg-${name}`
  return {
    id,
    name,
    order: 0,
    color: 'blue',
    exclusive: false,
    description: '',
    origin: 'app',
    pending: false,
    tags: tags.map((t) => (typeof t === 'string' ? makeLibraryTag(t, { groupId: id, color: over.color ?? 'blue' }) : { ...t, groupId: id })),
    ...over,
  }
}

export const makeTagHistoryItem = (id: number, over: Partial<TagHistoryItem> = {}): TagHistoryItem => ({
  id,
  action: 'add',
  tagId: 'et-A 类',
  tagName: 'A 类',
  groupName: '客户等级',
  source: 'sidebar',
  follower: { userid: 'zhangsan', name: '张三' },
  operator: { userid: 'zhangsan', name: '张三' },
  at: 1_700_000_000,
  ...over,
})

export const makeTagHistoryPage = (ids: number[], nextCursor: number | null = null): TagHistoryPage => ({
  items: ids.map((id) => makeTagHistoryItem(id)),
  nextCursor,
})

export const makeGroupChatCard = (over: Partial<GroupChatCard> = {}): GroupChatCard => ({
  chatId: 'wrCHAT01',
  name: '华东客户群',
  ownerName: '张三',
  memberCount: 12,
  customerCount: 8,
  ...over,
})
