/**
 * The simulator's own SQLite database: WeCom's side of the world (org chart, customers, follow
 * relations, corp tags, group chats, tokens, sent messages). It is deliberately separate from
 * Kelan's schema and migrations: the simulator plays another company's server, and sharing
 * tables would let Kelan "see" WeCom state it must fetch through the API. Tables are created
 * with CREATE TABLE IF NOT EXISTS on open, and an empty database is filled from the demo corp
 * generator; customers stream in batched transactions so 100 000 of them fit in bounded memory.
 * A relation's corp tags are a JSON array on the relation row rather than a link table: a
 * million link rows made seeding five times slower, and only the rare tag deletion needs to
 * search by tag (a scan, which SQLite does in a fraction of a second at benchmark size).
 */
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import Database from 'better-sqlite3'
import type { DemoCorp, DemoCustomer, DemoFollowInfo } from './demo-corp'

export type SimDb = Database.Database

const DDL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS departments (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, parentid INTEGER NOT NULL, "order" INTEGER NOT NULL,
  leaders TEXT NOT NULL DEFAULT '[]');
CREATE TABLE IF NOT EXISTS staff (
  userid TEXT PRIMARY KEY, seq INTEGER NOT NULL, name TEXT NOT NULL, departments TEXT NOT NULL,
  main_department INTEGER NOT NULL, position TEXT NOT NULL, status INTEGER NOT NULL,
  is_leader TEXT NOT NULL, gender INTEGER NOT NULL, mobile TEXT NOT NULL, email TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tag_groups (
  group_id TEXT PRIMARY KEY, name TEXT NOT NULL, "order" INTEGER NOT NULL, create_time INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0, creator_agentid TEXT);
CREATE TABLE IF NOT EXISTS tags (
  id TEXT PRIMARY KEY, group_id TEXT NOT NULL, name TEXT NOT NULL, "order" INTEGER NOT NULL,
  create_time INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, creator_agentid TEXT);
CREATE INDEX IF NOT EXISTS tags_group ON tags (group_id);
CREATE TABLE IF NOT EXISTS customers (
  seq INTEGER PRIMARY KEY, external_userid TEXT NOT NULL UNIQUE, name TEXT NOT NULL, type INTEGER NOT NULL,
  gender INTEGER NOT NULL, unionid TEXT, position TEXT, corp_name TEXT, corp_full_name TEXT);
CREATE TABLE IF NOT EXISTS relations (
  userid TEXT NOT NULL, external_userid TEXT NOT NULL, remark TEXT NOT NULL, description TEXT NOT NULL,
  createtime INTEGER NOT NULL, remark_corp_name TEXT NOT NULL, remark_mobiles TEXT NOT NULL,
  oper_userid TEXT NOT NULL, add_way INTEGER NOT NULL, state TEXT NOT NULL, wechat_channels TEXT,
  tag_ids TEXT NOT NULL DEFAULT '[]', UNIQUE (userid, external_userid));
CREATE INDEX IF NOT EXISTS relations_customer ON relations (external_userid);
CREATE TABLE IF NOT EXISTS group_chats (
  chat_id TEXT PRIMARY KEY, name TEXT NOT NULL, owner TEXT NOT NULL, create_time INTEGER NOT NULL,
  notice TEXT NOT NULL, admins TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS group_members (
  chat_id TEXT NOT NULL, seq INTEGER NOT NULL, userid TEXT NOT NULL, type INTEGER NOT NULL,
  join_time INTEGER NOT NULL, join_scene INTEGER NOT NULL, invitor TEXT, group_nickname TEXT NOT NULL,
  name TEXT NOT NULL, unionid TEXT, PRIMARY KEY (chat_id, userid)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS group_members_user ON group_members (userid);
CREATE TABLE IF NOT EXISTS access_tokens (token TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS tickets (kind TEXT PRIMARY KEY, ticket TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS oauth_codes (code TEXT PRIMARY KEY, userid TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS messages (
  id INTEGER PRIMARY KEY, msgid TEXT NOT NULL, agentid TEXT NOT NULL, touser TEXT NOT NULL,
  msgtype TEXT NOT NULL, body TEXT NOT NULL, invaliduser TEXT NOT NULL, sent_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS media (
  media_id TEXT PRIMARY KEY, type TEXT NOT NULL, filename TEXT NOT NULL, content_type TEXT NOT NULL,
  bytes BLOB NOT NULL, created_at INTEGER NOT NULL);
`

/**
 * Opens (creating if needed) a simulator database. Pass ':memory:' in tests.
 *
 * @example const db = openSimDb(':memory:')
 */
export function openSimDb(path: string): SimDb {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true })
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('busy_timeout = 5000')
  db.pragma('cache_size = -262144')
  db.exec(DDL)
  return db
}

const cache = new WeakMap<SimDb, Map<string, Database.Statement>>()

/** A prepared statement, prepared once per database and reused. */
export function sql(db: SimDb, text: string): Database.Statement {
  let byText = cache.get(db)
  if (!byText) cache.set(db, (byText = new Map()))
  let stmt = byText.get(text)
  if (!stmt) byText.set(text, (stmt = db.prepare(text)))
  return stmt
}

export function getMeta(db: SimDb, key: string): string | undefined {
  const row = sql(db, 'SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined
  return row?.value
}

export function setMeta(db: SimDb, key: string, value: string): void {
  sql(db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  )
}

/** Meta keys: the generator seed, and the index the next generated customer will get. */
export const META = { seed: 'seed', nextCustomer: 'next_customer_index' } as const

export const isSeeded = (db: SimDb) => getMeta(db, META.seed) !== undefined

/**
 * Fills an empty database with a generated corp, customers included (streamed; `onBatch`
 * reports progress). Returns the number of customers added.
 */
export function seedCorp(db: SimDb, corp: DemoCorp, onBatch?: (done: number) => void): number {
  db.transaction(() => {
    for (const d of corp.departments) {
      sql(db, 'INSERT INTO departments (id, name, parentid, "order", leaders) VALUES (?, ?, ?, ?, ?)').run(
        d.id, d.name, d.parentid, d.order, JSON.stringify(d.department_leader ?? []),
      )
    }
    corp.staff.forEach((s, seq) => {
      sql(
        db,
        `INSERT INTO staff (userid, seq, name, departments, main_department, position, status, is_leader,
           gender, mobile, email) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        s.userid, seq, s.name, JSON.stringify(s.department), s.main_department ?? s.department[0] ?? 1,
        s.position ?? '', s.status ?? 1, JSON.stringify(s.is_leader_in_dept ?? []), s.gender, s.mobile, s.email,
      )
    })
    for (const g of corp.tagGroups) {
      sql(db, 'INSERT INTO tag_groups (group_id, name, "order", create_time, creator_agentid) VALUES (?, ?, ?, ?, ?)').run(
        g.group_id, g.group_name, g.order, g.create_time, g.created_by_agentid,
      )
      for (const t of g.tag) {
        sql(db, 'INSERT INTO tags (id, group_id, name, "order", create_time, creator_agentid) VALUES (?, ?, ?, ?, ?, ?)').run(
          t.id, g.group_id, t.name, t.order, t.create_time, g.created_by_agentid,
        )
      }
    }
    for (const chat of corp.groupChats) {
      sql(db, 'INSERT INTO group_chats (chat_id, name, owner, create_time, notice, admins) VALUES (?, ?, ?, ?, ?, ?)').run(
        chat.chat_id, chat.name, chat.owner, chat.create_time, chat.notice, JSON.stringify(chat.admin_list),
      )
      chat.member_list.forEach((m, seq) => {
        sql(
          db,
          `INSERT INTO group_members (chat_id, seq, userid, type, join_time, join_scene, invitor, group_nickname,
             name, unionid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          chat.chat_id, seq, m.userid, m.type, m.join_time, m.join_scene, m.invitor?.userid ?? null,
          m.group_nickname, m.name, m.unionid ?? null,
        )
      })
    }
    setMeta(db, META.seed, corp.seed)
    setMeta(db, META.nextCustomer, '0')
  })()
  return growCustomers(db, corp, corp.customerCount, onBatch)
}

/** The index the next generated customer gets (= how many were generated so far). */
export const nextCustomerIndex = (db: SimDb) => Number(getMeta(db, META.nextCustomer) ?? '0')

/**
 * Adds generated customers until `target` have been generated, in transactions of
 * `batch` customers so memory stays flat. Returns how many were added.
 */
export function growCustomers(
  db: SimDb,
  corp: DemoCorp,
  target: number,
  onBatch?: (done: number) => void,
  batch = 5000,
): number {
  const from = nextCustomerIndex(db)
  const insertBatch = db.transaction((items: DemoCustomer[], next: number) => {
    for (const c of items) insertCustomer(db, c)
    setMeta(db, META.nextCustomer, String(next))
  })
  // Bulk mode: without an fsync per batch, 100 000 customers load in seconds. A process crash
  // loses nothing committed and the counter commits with each batch, so a rerun continues;
  // only an OS crash or power cut mid-seed could damage the file (then delete it and reseed).
  const synchronous = db.pragma('synchronous', { simple: true }) as number
  db.pragma('synchronous = OFF')
  try {
    let items: DemoCustomer[] = []
    for (const c of corp.customers(from, Math.max(from, target))) {
      items.push(c)
      if (items.length === batch) {
        insertBatch(items, c.index + 1)
        onBatch?.(c.index + 1 - from)
        items = []
      }
    }
    if (items.length) insertBatch(items, items[items.length - 1]!.index + 1)
  } finally {
    db.pragma(`synchronous = ${synchronous}`)
  }
  return Math.max(0, target - from)
}

/** Inserts one customer with its relations and their tags (no transaction of its own). */
export function insertCustomer(db: SimDb, c: DemoCustomer): void {
  const x = c.external_contact
  sql(
    db,
    `INSERT INTO customers (external_userid, seq, name, type, gender, unionid, position, corp_name, corp_full_name)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    x.external_userid, c.index, x.name, x.type, x.gender ?? 0, x.unionid ?? null, x.position ?? null,
    x.corp_name ?? null, x.corp_full_name ?? null,
  )
  for (const f of c.follow_info) insertRelation(db, x.external_userid, f)
}

/** Inserts one follow relation with its tags (no transaction of its own). */
export function insertRelation(db: SimDb, externalUserid: string, f: DemoFollowInfo): void {
  sql(
    db,
    `INSERT INTO relations (userid, external_userid, remark, description, createtime, remark_corp_name,
       remark_mobiles, oper_userid, add_way, state, wechat_channels, tag_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    f.userid, externalUserid, f.remark ?? '', f.description ?? '', f.createtime, f.remark_corp_name ?? '',
    JSON.stringify(f.remark_mobiles ?? []), f.oper_userid ?? f.userid, f.add_way ?? 0, f.state ?? '',
    f.wechat_channels ? JSON.stringify(f.wechat_channels) : null, JSON.stringify(f.tag_id ?? []),
  )
}

export interface SimCounts {
  staff: number
  customers: number
  relations: number
  relationTags: number
  tagGroups: number
  tags: number
  groupChats: number
}

/** Row counts, for the seed CLI and tests. */
export function counts(db: SimDb): SimCounts {
  const n = (table: string, where = '') =>
    (sql(db, `SELECT count(*) AS n FROM ${table} ${where}`).get() as { n: number }).n
  return {
    staff: n('staff'),
    customers: n('customers'),
    relations: n('relations'),
    relationTags: (sql(db, 'SELECT coalesce(sum(json_array_length(tag_ids)), 0) AS n FROM relations').get() as { n: number }).n,
    tagGroups: n('tag_groups', 'WHERE deleted = 0'),
    tags: n('tags', 'WHERE deleted = 0'),
    groupChats: n('group_chats'),
  }
}
