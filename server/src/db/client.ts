import { existsSync, mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from './schema'

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

/**
 * The config of a transaction that reads then writes: `db.transaction(fn, IMMEDIATE)` takes the
 * write lock at BEGIN. A deferred one would have to upgrade its read lock at the first write,
 * and SQLite answers SQLITE_BUSY at once (busy_timeout does not apply) when another connection
 * wrote meanwhile. Nested in another transaction it is a savepoint of that one.
 */
export const IMMEDIATE = { behavior: 'immediate' } as const

/**
 * The committed SQL migrations at the repo root. Walks up from this file because it runs both
 * from source (server/src/db) and bundled (server/dist).
 */
export const MIGRATIONS_DIR = findUp(dirname(fileURLToPath(import.meta.url)), 'drizzle/meta/_journal.json', 'drizzle')

function findUp(from: string, marker: string, result: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(resolve(dir, marker))) return resolve(dir, result)
    if (dirname(dir) === dir) throw new Error(`${marker} not found above ${from}`)
  }
}

/**
 * Opens (creating if needed) a SQLite database, in WAL mode, migrated to the latest schema.
 * Pass ':memory:' in tests for a fresh database per test.
 *
 * @example const db = createDb(':memory:')
 */
export function createDb(path: string, migrationsFolder = MIGRATIONS_DIR): Db {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true })
  const sqlite = new Database(path)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  const db = drizzle({ client: sqlite, schema })
  migrate(db, { migrationsFolder })
  return db
}
