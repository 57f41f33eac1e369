/**
 * Generates the demo corp: org chart, corp tags, customers with their follow relations, and
 * customer group chats, all in WeCom's wire shapes (types.ts) so the same objects can fill the
 * simulator's database or, in a benchmark, Kelan's own. It is a pure function of a seed, a
 * size and a reference time. Customers are produced lazily and each from its own random
 * stream keyed by its index, so 100 000 of them stream in bounded memory, customer N is the
 * same in a 300- and a 100 000-customer corp, and an existing database can be grown.
 */
import type {
  WecomDepartment,
  WecomExternalContact,
  WecomFollowInfo,
  WecomGroupChat,
  WecomTagGroup,
  WecomUser,
} from '../wecom/types'
import { DEMO_CORP } from './demo-config'
import { DEMO_DEPARTMENTS, DEMO_STAFF, DEMO_TAG_GROUPS, type DemoStaffDef } from './demo-org'
import * as P from './names'
import { Rng, scrambledIndex } from './rng'

const DAY = 86_400
/** Reference time when the caller gives none: 2025-06-15, so output is reproducible. */
export const DEMO_NOW = 1_750_000_000

export interface GenerateCorpOptions {
  /** Different seeds give different corps; the default is the demo corp. */
  seed?: string
  /** Number of customers (default 300). */
  customers?: number
  /** "Now" in seconds: relation times spread over the two years before it. */
  now?: number
  /** Prefix of avatar URLs (the simulator's mount point); default '/sim'. */
  avatarBase?: string
  /** The app that "created" the app-owned tag groups; default DEMO_CORP.agentId. */
  agentId?: string
}

/** A staff member: the member object of user/get, plus the private fields WeCom may withhold. */
export interface DemoStaff extends WecomUser {
  gender: number
  mobile: string
  email: string
}

/** A corp tag group, plus who created it (`null` = the admin console). */
export interface DemoTagGroup extends WecomTagGroup {
  created_by_agentid: string | null
}

/** follow_info of batch/get_by_user, with the WeChat Channels detail WeCom adds for add_way 10. */
export interface DemoFollowInfo extends WecomFollowInfo {
  wechat_channels?: { nickname: string; source: number }
}

/** One customer and everyone who follows them. */
export interface DemoCustomer {
  index: number
  external_contact: WecomExternalContact
  follow_info: DemoFollowInfo[]
}

export interface DemoGroupMember {
  userid: string
  /** 1 corp member, 2 external contact. */
  type: number
  join_time: number
  /** 1 invited directly, 2 via link, 3 via QR code. */
  join_scene: number
  invitor?: { userid: string }
  group_nickname: string
  name: string
  unionid?: string
}

/** groupchat/get's group_chat object. */
export interface DemoGroupChat extends WecomGroupChat {
  notice: string
  member_list: DemoGroupMember[]
  admin_list: { userid: string }[]
}

export interface DemoCorp {
  seed: string
  now: number
  customerCount: number
  departments: WecomDepartment[]
  staff: DemoStaff[]
  tagGroups: DemoTagGroup[]
  groupChats: DemoGroupChat[]
  /** Customers `from` (inclusive) to `to` (exclusive, default customerCount), generated lazily. */
  customers(from?: number, to?: number): Generator<DemoCustomer>
  /** Customer number `index`; any index works, so new customers can be made past the end. */
  customerAt(index: number): DemoCustomer
}

interface CorpKeys {
  seed: string
  now: number
  agentId: string
  avatarBase: string
  /** 8 characters every id of this corp shares after its prefix, like real WeCom ids. */
  idStem: string
  unionStem: string
  salt: number
  /** Tag id by `group/tag` name, for the generated tag links. */
  tagIds: Map<string, string>
}

/**
 * Builds the demo corp.
 *
 * @example
 * const corp = generateCorp({ customers: 100_000 })
 * for (const c of corp.customers()) insert(c) // streamed, bounded memory
 */
export function generateCorp(options: GenerateCorpOptions = {}): DemoCorp {
  const seed = options.seed ?? 'kelan-demo'
  const now = options.now ?? DEMO_NOW
  const customerCount = options.customers ?? 300
  const rng = new Rng(`${seed}:corp`)
  const keys: CorpKeys = {
    seed,
    now,
    agentId: options.agentId ?? DEMO_CORP.agentId,
    avatarBase: options.avatarBase ?? '/sim',
    idStem: `${rng.chars(6)}AA`,
    unionStem: rng.chars(5),
    salt: rng.int(0, 0x3fffffff),
    tagIds: new Map(),
  }
  const tagGroups = makeTagGroups(keys, rng)
  for (const g of tagGroups) for (const t of g.tag) keys.tagIds.set(`${g.group_name}/${t.name}`, t.id)
  const customerAt = (index: number) => makeCustomer(keys, index)
  function* customers(from = 0, to = customerCount): Generator<DemoCustomer> {
    for (let i = from; i < to; i++) yield customerAt(i)
  }
  return {
    seed,
    now,
    customerCount,
    departments: makeDepartments(),
    staff: makeStaff(keys),
    tagGroups,
    groupChats: makeGroupChats(keys, Math.min(customerCount, 1000), customerAt),
    customers,
    customerAt,
  }
}

function makeDepartments(): WecomDepartment[] {
  return DEMO_DEPARTMENTS.map((d) => ({
    ...d,
    department_leader: DEMO_STAFF.filter((s) => s.leaderOf.includes(d.id)).map((s) => s.userid),
  }))
}

function makeStaff(keys: CorpKeys): DemoStaff[] {
  return DEMO_STAFF.map((s) => {
    const rng = new Rng(`${keys.seed}:staff:${s.userid}`)
    return {
      userid: s.userid,
      name: s.name,
      department: [...s.department],
      main_department: s.department[0],
      position: s.position,
      status: 1,
      is_leader_in_dept: s.department.map((d) => (s.leaderOf.includes(d) ? 1 : 0)),
      avatar: `${keys.avatarBase}/avatar/${s.userid}.svg`,
      gender: s.gender,
      mobile: mobile(rng),
      email: `${s.userid}@yunfan-demo.com`,
    }
  })
}

function makeTagGroups(keys: CorpKeys, rng: Rng): DemoTagGroup[] {
  const base = keys.now - 800 * DAY
  return DEMO_TAG_GROUPS.map((def, gi) => {
    const created = base + gi * 3 * DAY + rng.int(0, DAY)
    return {
      group_id: `et${keys.idStem}${rng.chars(22)}`,
      group_name: def.name,
      create_time: created,
      order: def.order,
      created_by_agentid: def.byApp ? keys.agentId : null,
      tag: def.tags.map((name, ti) => ({
        id: `et${keys.idStem}${rng.chars(22)}`,
        name,
        create_time: created + ti * 60,
        order: (def.tags.length - ti) * 10,
      })),
    }
  })
}

const mobile = (rng: Rng) => `1${rng.pick(['3', '5', '7', '8', '9'])}${rng.chars(9, '0123456789')}`

interface Person {
  surname: string
  name: string
  gender: number
}

function makePerson(rng: Rng): Person {
  // Favour the common surnames: squaring the draw skews towards the front of the list.
  const surname = P.SURNAMES[Math.floor(rng.next() ** 2 * P.SURNAMES.length)]!
  const gender = rng.chance(0.5) ? 1 : 2
  return { surname, gender, name: surname + rng.pick(gender === 1 ? P.MALE_GIVEN : P.FEMALE_GIVEN) }
}

interface Company {
  short: string
  full: string
  city: string
  industry: string
}

function makeCompany(rng: Rng): Company {
  const city = rng.pick(P.CITIES)
  const [trade, industry] = rng.pick(P.TRADES)
  const short = rng.pick(P.BRAND_WORDS) + trade
  return { short, city, industry, full: `${city}${rng.chance(0.5) ? '市' : ''}${short}${rng.pick(P.COMPANY_FORMS)}` }
}

/** What a WeChat user calls themselves: a real name, a nickname, an English name, or 李总. */
function wechatName(rng: Rng, p: Person): string {
  return rng.weighted<() => string>([
    [() => p.name, 40],
    [() => rng.pick(P.NICKNAMES), 38],
    [() => rng.pick(P.ENGLISH_NAMES), 10],
    [() => p.surname + rng.pick(P.ADDRESS_SUFFIXES), 12],
  ])()
}

function makeCustomer(keys: CorpKeys, index: number): DemoCustomer {
  const rng = new Rng(`${keys.seed}:customer:${index}`)
  const external_userid = `wm${keys.idStem}${scrambledIndex(index, keys.salt)}${rng.chars(17)}`
  const person = makePerson(rng)
  const company = makeCompany(rng)
  const avatar = `${keys.avatarBase}/avatar/${external_userid}.svg`
  const external_contact: WecomExternalContact = rng.chance(0.7)
    ? {
        external_userid,
        name: wechatName(rng, person),
        avatar,
        type: 1,
        gender: rng.chance(0.1) ? 0 : person.gender,
        unionid: `o${keys.unionStem}${rng.chars(22)}`,
      }
    : {
        external_userid,
        name: person.name,
        avatar,
        type: 2,
        gender: person.gender,
        position: rng.pick(P.POSITIONS),
        corp_name: company.short,
        corp_full_name: company.full,
      }
  const follow_info = makeRelations(keys, rng, external_contact, person, company)
  tagRelations(keys, new Rng(`${keys.seed}:customer:${index}:tags`), follow_info, external_contact, company)
  return { index, external_contact, follow_info }
}

/** Most customers have one to three followers; the mean is about three, as the benchmark needs. */
const FOLLOWER_COUNTS = [[1, 25], [2, 20], [3, 20], [4, 15], [5, 12], [6, 8]] as const

/** add_way codes (REFERENCE §2.4) as a sales corp sees them for a customer's first follower. */
const FIRST_ADD_WAYS = [[1, 34], [2, 14], [3, 9], [4, 8], [5, 8], [6, 6], [9, 2], [10, 4], [0, 2], [202, 6], [201, 7]] as const
/** Later followers are mostly colleagues brought in by a share, a group or an assignment. */
const LATER_ADD_WAYS = [[201, 35], [202, 20], [4, 20], [1, 15], [3, 10]] as const
const STATES = [...P.CHANNEL_STATES.map((s) => [s, 10] as const), ['', 25] as const]

function pickFollowers(rng: Rng, count: number) {
  const pool = [...DEMO_STAFF]
  const chosen: DemoStaffDef[] = []
  while (chosen.length < count && pool.length) {
    const s = rng.weighted(pool.map((p) => [p, p.weight] as const))
    chosen.push(s)
    pool.splice(pool.indexOf(s), 1)
  }
  return chosen
}

function makeRelations(
  keys: CorpKeys,
  rng: Rng,
  contact: WecomExternalContact,
  person: Person,
  company: Company,
): DemoFollowInfo[] {
  const followers = pickFollowers(rng, rng.weighted(FOLLOWER_COUNTS))
  let time = keys.now - rng.int(DAY, 730 * DAY)
  return followers.map((s, i) => {
    // Colleagues join later, sooner rather than later, and never in the future.
    if (i > 0) time += Math.floor(rng.next() ** 2 * Math.min(Math.max(0, keys.now - 60 - time), 200 * DAY))
    const add_way = rng.weighted(i === 0 ? FIRST_ADD_WAYS : LATER_ADD_WAYS)
    const state = add_way === 1 ? rng.weighted(STATES) : ''
    const info: DemoFollowInfo = {
      userid: s.userid,
      remark: remarkFor(rng, contact, person, company),
      description: rng.chance(0.55) ? rng.pick(P.DESCRIPTIONS) : '',
      createtime: time,
      tag_id: [], // filled in by tagRelations, once all relations are known
      remark_corp_name: remarkCorpName(rng, contact, company),
      remark_mobiles: rng.chance(0.35) ? [mobile(rng)] : [],
      // The customer started the add when they scanned a QR code or a shared card.
      oper_userid: add_way === 1 || add_way === 3 ? contact.external_userid : s.userid,
      add_way,
      state,
    }
    if (add_way === 10) info.wechat_channels = { nickname: contact.name, source: rng.pick([1, 2]) }
    return info
  })
}

function remarkFor(rng: Rng, c: WecomExternalContact, p: Person, co: Company): string {
  if (rng.chance(0.25)) return ''
  if (c.type === 2) return `${p.name}-${co.short}`.slice(0, 20)
  return rng.weighted<() => string>([
    [() => p.name, 45],
    [() => p.surname + rng.pick(P.ADDRESS_SUFFIXES), 30],
    [() => `${p.name} ${co.city}`, 25],
  ])()
}

function remarkCorpName(rng: Rng, c: WecomExternalContact, co: Company): string {
  if (c.type === 2) return rng.chance(0.5) ? co.short : ''
  return rng.chance(0.15) ? co.short : ''
}

/** Where a customer's 客户来源 tag comes from: the channel of the first add when known. */
const SOURCE_BY_STATE: Record<string, string> = {
  exhibition2025: '展会',
  website: '官网咨询',
  wechat_ad: '线上广告',
  poster_0618: '线下活动',
  offline_salon: '线下活动',
  referral: '老客户转介绍',
}

const LEVELS = [['VIP客户', 5], ['A类客户', 20], ['B类客户', 40], ['C类客户', 35]] as const
const INTENTS = [['高意向', 25], ['中意向', 45], ['低意向', 30]] as const
const MARKS = ['风险客户', '垃圾资源', '同行'] as const
const INDUSTRIES = DEMO_TAG_GROUPS.find((g) => g.name === '行业')?.tags ?? []

/**
 * Tags every relation of one customer. Kelan shows the union of a customer's tags over all
 * relations, and in a real corp followers agree on what the customer is: one level, one
 * intent, one source. So the customer's tags are decided once (customerTagSets) and each
 * relation carries each of them or not (relationTags); no relation invents its own value.
 * Tags use their own random stream so that tuning them never reshuffles names or remarks.
 */
function tagRelations(
  keys: CorpKeys,
  rng: Rng,
  relations: DemoFollowInfo[],
  contact: WecomExternalContact,
  company: Company,
): void {
  const first = relations[0]
  if (!first) return
  const sets = customerTagSets(keys, rng, contact, company, first)
  relations.forEach((r, i) => {
    r.tag_id = relationTags(rng, sets, i === 0)
  })
}

/**
 * The customer's tags, as sets that a follower carries whole: one set per single-choice group
 * (客户等级, 意向程度, 客户来源), the industry (rarely two), and a rare 客户标记.
 */
function customerTagSets(
  keys: CorpKeys,
  rng: Rng,
  contact: WecomExternalContact,
  company: Company,
  first: DemoFollowInfo,
): string[][] {
  const id = (group: string, tag: string) => {
    const found = keys.tagIds.get(`${group}/${tag}`)
    if (!found) throw new Error(`demo tag ${group}/${tag} is missing`)
    return found
  }
  const sets: string[][] = []
  if (rng.chance(0.97)) sets.push([id('客户等级', rng.weighted(LEVELS))])
  if (rng.chance(0.9)) sets.push([id('意向程度', rng.weighted(INTENTS))])
  if (rng.chance(0.95)) sets.push([id('客户来源', sourceOf(rng, first))])
  if (rng.chance(contact.type === 2 ? 0.9 : 0.4)) {
    const industries = [company.industry]
    // A conglomerate or a reseller spans two trades.
    if (rng.chance(0.08)) industries.push(rng.pick(INDUSTRIES.filter((n) => n !== company.industry)))
    sets.push(industries.map((n) => id('行业', n)))
  }
  if (rng.chance(0.03)) sets.push([id('客户标记', rng.pick(MARKS))])
  return sets
}

/** The source follows how the customer first came in: its channel, a phone call, or a guess. */
function sourceOf(rng: Rng, first: DemoFollowInfo): string {
  const known = first.state ? SOURCE_BY_STATE[first.state] : undefined
  if (known) return known
  if (first.add_way === 2) return '电话营销'
  return rng.pick(['展会', '官网咨询', '老客户转介绍', '线上广告'])
}

/**
 * One relation's share of the customer's tags. The member who added the customer tags almost
 * everything; colleagues brought in later often tag nothing, and otherwise most of it.
 */
function relationTags(rng: Rng, sets: readonly string[][], first: boolean): string[] {
  if (!first && rng.chance(0.12)) return []
  const keep = first ? 0.95 : 0.9
  return sets.flatMap((set) => (rng.chance(keep) ? set : []))
}

function makeGroupChats(
  keys: CorpKeys,
  customerPool: number,
  customerAt: (i: number) => DemoCustomer,
): DemoGroupChat[] {
  const chats: DemoGroupChat[] = []
  for (const owner of DEMO_STAFF) {
    const rng = new Rng(`${keys.seed}:chats:${owner.userid}`)
    const count = rng.int(2, 3)
    for (let n = 0; n < count; n++) chats.push(makeGroupChat(keys, rng, owner, customerPool, customerAt))
  }
  return chats
}

function makeGroupChat(
  keys: CorpKeys,
  rng: Rng,
  owner: DemoStaffDef,
  customerPool: number,
  customerAt: (i: number) => DemoCustomer,
): DemoGroupChat {
  const created = keys.now - rng.int(10 * DAY, 400 * DAY)
  const joined = () => Math.min(keys.now - 60, created + rng.int(0, 30 * DAY))
  const name = rng
    .pick(P.GROUP_CHAT_NAMES)
    .replace('{c}', rng.pick(P.CITIES))
    .replace('{b}', rng.pick(P.BRAND_WORDS))
    .replace('{n}', String(rng.int(1, 9)))
  const colleague = rng.chance(0.5) ? rng.pick(DEMO_STAFF.filter((s) => s.userid !== owner.userid)) : undefined
  const members: DemoGroupMember[] = [
    { userid: owner.userid, type: 1, join_time: created, join_scene: 1, group_nickname: '', name: owner.name },
  ]
  if (colleague) {
    members.push({
      userid: colleague.userid, type: 1, join_time: joined(), join_scene: 1,
      invitor: { userid: owner.userid }, group_nickname: '', name: colleague.name,
    })
  }
  const indices = new Set<number>()
  const wanted = Math.min(customerPool, rng.int(3, 25))
  while (indices.size < wanted) indices.add(rng.int(0, customerPool - 1))
  for (const i of indices) {
    const c = customerAt(i).external_contact
    members.push({
      userid: c.external_userid, type: 2, join_time: joined(), join_scene: rng.pick([1, 2, 3]),
      invitor: { userid: owner.userid }, group_nickname: '', name: c.name,
      ...(c.unionid ? { unionid: c.unionid } : {}),
    })
  }
  return {
    chat_id: `wr${keys.idStem}${rng.chars(22)}`,
    name,
    owner: owner.userid,
    create_time: created,
    notice: rng.pick(P.GROUP_NOTICES),
    member_list: members,
    admin_list: colleague ? [{ userid: colleague.userid }] : [],
  }
}
