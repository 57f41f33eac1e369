/**
 * An in-memory WeCom for unit tests: a WecomClient over plain data that the test edits
 * between calls. It answers the read APIs sync uses the way WeCom does (tags as `tags[]` in
 * externalcontact/get and `tag_id[]` in batch/get_by_user, 40096/84061/60111 for unknown
 * ids, at most 100 userids per batch), counts calls, and can be told to fail. Methods no
 * test needs yet reject, so a new use shows up at once. For end-to-end tests use the
 * simulator (wecom-sim) instead.
 */
import type { WecomClient } from '../wecom/client'
import { WecomError } from '../wecom/errors'
import type {
  WecomBatchItem,
  WecomBatchResult,
  WecomContactDetail,
  WecomDepartment,
  WecomExternalContact,
  WecomFollowUser,
  WecomTagGroup,
  WecomUser,
} from '../wecom/types'

export interface FakeCorp {
  departments: WecomDepartment[]
  users: WecomUser[]
  /** Members with the customer-contact feature; defaults to every user. */
  followUserIds?: string[]
  /** Members without an interop licence: batchGetByUser reports them instead of their customers. */
  unlicensedUserids?: string[]
  tagGroups: WecomTagGroup[]
  /** external_userid → the contact and its followers (tags as externalcontact/get shows them). */
  contacts: Map<string, { contact: WecomExternalContact; follows: WecomFollowUser[] }>
}

export type FakeWecom = WecomClient & {
  corp: FakeCorp
  /** Calls per method name. */
  calls: Record<string, number>
  /** The next `times` calls of `method` reject with `error`. */
  failWith(method: keyof WecomClient, error: Error, times?: number): void
}

const wecomError = (errcode: number, path: string) => new WecomError({ errcode, path, message: `fake errcode ${errcode}` })

/** An empty corp: department 1 only. */
export function emptyCorp(): FakeCorp {
  return { departments: [{ id: 1, name: '总部', parentid: 0, order: 0 }], users: [], tagGroups: [], contacts: new Map() }
}

/**
 * @example
 * const wecom = createFakeWecom({ ...emptyCorp(), users: [fakeUser('lisi')] })
 * wecom.corp.contacts.set('wm1', { contact: fakeContact('wm1'), follows: [fakeFollow('lisi')] })
 */
export function createFakeWecom(corp: FakeCorp = emptyCorp()): FakeWecom {
  const calls: Record<string, number> = {}
  const failures = new Map<string, { error: Error; times: number }>()

  const read = <T>(method: string, fn: () => T): Promise<T> => {
    calls[method] = (calls[method] ?? 0) + 1
    const failure = failures.get(method)
    if (failure && failure.times > 0) {
      failure.times--
      return Promise.reject(failure.error)
    }
    try {
      return Promise.resolve(structuredClone(fn()))
    } catch (err) {
      return Promise.reject(err)
    }
  }
  const unsupported = (method: string) => () => Promise.reject(new Error(`fake WeCom does not implement ${method}`))

  const detail = (id: string): WecomContactDetail => {
    const entry = corp.contacts.get(id)
    if (!entry) throw wecomError(40096, '/cgi-bin/externalcontact/get')
    if (entry.follows.length === 0) throw wecomError(84061, '/cgi-bin/externalcontact/get')
    return { external_contact: entry.contact, follow_user: entry.follows }
  }

  /** Unlicensed members are reported, not failed, as the real client does (701008 included). */
  const batch = (userids: string[]): WecomBatchResult => {
    if (userids.length > 100) throw wecomError(40058, '/cgi-bin/externalcontact/batch/get_by_user')
    const unlicensed = new Set(corp.unlicensedUserids ?? [])
    const wanted = new Set(userids.filter((u) => !unlicensed.has(u)))
    const items: WecomBatchItem[] = []
    for (const { contact, follows } of corp.contacts.values()) {
      for (const { tags, ...follow } of follows) {
        if (!wanted.has(follow.userid)) continue
        const tagIds = (tags ?? []).flatMap((t) => (t.tag_id ? [t.tag_id] : []))
        items.push({ external_contact: contact, follow_info: { ...follow, tag_id: tagIds } })
      }
    }
    return { items, unlicensedUserids: userids.filter((u) => unlicensed.has(u)) }
  }

  const client: FakeWecom = {
    corp,
    calls,
    failWith(method, error, times = Number.POSITIVE_INFINITY) {
      failures.set(method, { error, times })
    },
    listDepartments: () => read('listDepartments', () => corp.departments),
    listUsers: (departmentId) =>
      read('listUsers', () => corp.users.filter((u) => u.department.includes(departmentId))),
    getUser: (userid) =>
      read('getUser', () => {
        const user = corp.users.find((u) => u.userid === userid)
        if (!user) throw wecomError(60111, '/cgi-bin/user/get')
        return user
      }),
    listUserIds: () =>
      read('listUserIds', () => corp.users.flatMap((u) => u.department.map((department) => ({ userid: u.userid, department })))),
    getFollowUserList: () => read('getFollowUserList', () => corp.followUserIds ?? corp.users.map((u) => u.userid)),
    listExternalContacts: (userid) =>
      read('listExternalContacts', () =>
        [...corp.contacts.values()].filter((c) => c.follows.some((f) => f.userid === userid)).map((c) => c.contact.external_userid),
      ),
    getExternalContact: (id) => read('getExternalContact', () => detail(id)),
    batchGetByUser: (userids) => read('batchGetByUser', () => batch(userids)),
    getCorpTagList: () => read('getCorpTagList', () => corp.tagGroups),
    getUserInfo: unsupported('getUserInfo'),
    addCorpTag: unsupported('addCorpTag'),
    editCorpTag: unsupported('editCorpTag'),
    delCorpTag: unsupported('delCorpTag'),
    markTag: unsupported('markTag'),
    remark: unsupported('remark'),
    getGroupChat: unsupported('getGroupChat'),
    sendMessage: unsupported('sendMessage'),
    uploadMedia: unsupported('uploadMedia'),
    getJsapiTicket: unsupported('getJsapiTicket'),
    getAgentTicket: unsupported('getAgentTicket'),
  }
  return client
}

/** A member of department 1 (or `department`). */
export const fakeUser = (userid: string, o: Partial<WecomUser> = {}): WecomUser => ({
  userid,
  name: `成员${userid}`,
  department: [1],
  main_department: 1,
  status: 1,
  ...o,
})

/** A WeChat-user customer. */
export const fakeContact = (externalUserid: string, o: Partial<WecomExternalContact> = {}): WecomExternalContact => ({
  external_userid: externalUserid,
  name: `客户${externalUserid}`,
  type: 1,
  gender: 1,
  ...o,
})

/** A follower entry; `tagIds` become corp tags (type 1). */
export const fakeFollow = (userid: string, tagIds: string[] = [], o: Partial<WecomFollowUser> = {}): WecomFollowUser => ({
  userid,
  remark: '',
  description: '',
  createtime: 1_700_000_000,
  add_way: 1,
  tags: tagIds.map((id) => ({ tag_id: id, tag_name: id, group_name: 'g', type: 1 })),
  ...o,
})

/** A tag group holding tags with the given ids. */
export const fakeTagGroup = (groupId: string, tagIds: string[]): WecomTagGroup => ({
  group_id: groupId,
  group_name: `组${groupId}`,
  create_time: 1_700_000_000,
  order: 0,
  tag: tagIds.map((id, i) => ({ id, name: `标签${id}`, create_time: 1_700_000_000, order: i })),
})
