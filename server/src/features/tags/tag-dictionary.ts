import type { Statement } from 'better-sqlite3'
import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { prepared } from '../../db/prepared'
import { tagGroups, tags } from '../../db/schema'

/** A corp tag with what the card and the tag rules need of it and of its group. */
export interface DictionaryTag {
  id: string
  name: string
  order: number
  createTime: number
  /** Its own colour, else its group's. */
  color: string
  groupId: string
  groupName: string
  groupOrder: number
  groupCreateTime: number
  groupColor: string
  exclusive: boolean
}

/*
 * The tag library is read on every card and every tag change but changes rarely, so it is
 * kept in memory per database. When to read it again is left to SQLite rather than to every
 * place that writes tags (admin edits, syncs, the outbox replacing local ids, other processes):
 * - a write on this connection: temporary triggers on tags and tag_groups (temporary objects
 *   belong to the connection, not to the schema or its migrations) set a version cell to a new
 *   random value. The cell rolls back with the write, and a random value does not come back,
 *   so a library read inside a transaction that is then rolled back never passes for current;
 * - a commit by another connection changes `PRAGMA data_version`.
 * A library read is used for as long as both are what they were when it was read.
 */
const VERSION_TABLE = 'kelan_tag_library_version'
const WATCH_SQL = [
  `create temp table if not exists ${VERSION_TABLE} (id integer primary key, v integer not null)`,
  `insert or replace into ${VERSION_TABLE} (id, v) values (1, random())`,
  ...['tags', 'tag_groups'].flatMap((table) =>
    ['insert', 'update', 'delete'].map(
      (op) => `create temp trigger if not exists ${VERSION_TABLE}_${table}_${op} after ${op} on main.${table}
        begin update ${VERSION_TABLE} set v = random(); end`,
    ),
  ),
].join(';\n')

interface Watch {
  version: Statement<[], bigint>
  dataVersion: Statement<[], number>
  /** The version the dictionaries in `corps` were read at. */
  seen?: string
  corps: Map<string, ReadonlyMap<string, DictionaryTag>>
}

const watches = new WeakMap<Db, Watch>()

/**
 * The database's watch, set up on first use. Not inside a transaction: rolling it back would
 * drop the triggers and leave the cache blind, so until then the library is read every time.
 */
function watchOf(db: Db): Watch | undefined {
  let watch = watches.get(db)
  if (!watch && !db.$client.inTransaction) {
    db.$client.exec(WATCH_SQL)
    watch = {
      version: db.$client.prepare<[], bigint>(`select v from ${VERSION_TABLE}`).pluck().safeIntegers(),
      dataVersion: db.$client.prepare<[], number>('pragma data_version').pluck(),
      corps: new Map(),
    }
    watches.set(db, watch)
  }
  return watch
}

const libraryStmt = prepared((db) =>
  db
    .select({
      id: tags.id,
      name: tags.name,
      order: tags.order,
      createTime: tags.createTime,
      color: sql<string>`coalesce(${tags.color}, ${tagGroups.color})`,
      groupId: tagGroups.id,
      groupName: tagGroups.name,
      groupOrder: tagGroups.order,
      groupCreateTime: tagGroups.createTime,
      groupColor: tagGroups.color,
      exclusive: tagGroups.exclusive,
    })
    .from(tags)
    .innerJoin(tagGroups, and(eq(tagGroups.corpId, tags.corpId), eq(tagGroups.id, tags.groupId)))
    .where(eq(tags.corpId, sql.placeholder('corpId')))
    .prepare(),
)

function readLibrary(db: Db, corpId: string): ReadonlyMap<string, DictionaryTag> {
  return new Map(libraryStmt(db).all({ corpId }).map((t) => [t.id, t]))
}

/**
 * The corp's tags (those whose group exists) by id, as currently in the database, including
 * uncommitted writes of the transaction it is called in. Treat as read-only: it is shared.
 */
export function tagDictionary(db: Db, corpId: string): ReadonlyMap<string, DictionaryTag> {
  const watch = watchOf(db)
  if (!watch) return readLibrary(db, corpId)
  // Read before the library, so a commit landing in between can only cause a needless re-read.
  const version = `${watch.version.get()}/${watch.dataVersion.get()}`
  if (version !== watch.seen) {
    watch.corps.clear()
    watch.seen = version
  }
  let library = watch.corps.get(corpId)
  if (!library) watch.corps.set(corpId, (library = readLibrary(db, corpId)))
  return library
}
