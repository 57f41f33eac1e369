/**
 * Test helpers for transactions that read and then write. SQLite (WAL) starts a DEFERRED
 * transaction as a reader; its first write must then upgrade it, and if another connection
 * committed since its first read, that write fails with SQLITE_BUSY_SNAPSHOT at once,
 * busy_timeout or not. An IMMEDIATE transaction holds the write lock from BEGIN instead, so
 * the other connection waits (here: is refused) and the transaction goes through.
 *
 * `armRivalWriter` stages exactly that: a second connection to the same database file (a
 * second process, in effect) that commits a write inside the next transaction, after its
 * reads, just before its first write.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database, { type Statement } from 'better-sqlite3'
import type { Db } from '../../db/client'
import type { Deps } from '../../deps'
import { makeTestDeps, type TestDepsOptions } from '../../test/helpers'

/** Deps (as `makeTestDeps`) on a fresh database file; `cleanup` closes it and removes it. */
export function fileDeps(options: Omit<TestDepsOptions, 'dbPath'> = {}): { deps: Deps; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'kelan-rival-'))
  const deps = makeTestDeps({ ...options, dbPath: join(dir, 'kelan.db') })
  return {
    deps,
    cleanup() {
      deps.db.$client.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface RivalWriter {
  /** Whether the rival's commit got in; undefined while `db` has not written in a transaction. */
  readonly committed: boolean | undefined
  /** Stops watching and closes the rival connection. */
  close(): void
}

/**
 * Makes a second connection commit a write just before `db` runs its first write statement
 * inside a transaction (once). Its busy timeout is 0: while `db` holds the write lock it is
 * refused at once rather than blocking this thread.
 */
export function armRivalWriter(db: Db): RivalWriter {
  const rival = new Database(db.$client.name, { timeout: 0 })
  rival.exec('create table if not exists rival_writes (n integer)')
  const proto = Object.getPrototypeOf(db.$client.prepare('select 1')) as Statement
  const run = proto.run
  let committed: boolean | undefined
  proto.run = function (this: Statement, ...params: unknown[]) {
    if (committed === undefined && this.database === db.$client && db.$client.inTransaction && !this.reader) {
      committed = tryWrite(rival)
    }
    return run.apply(this, params)
  }
  return {
    get committed() {
      return committed
    },
    close() {
      proto.run = run
      rival.close()
    },
  }
}

function tryWrite(rival: Database.Database): boolean {
  try {
    rival.exec('insert into rival_writes (n) values (1)')
    return true
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return false
    throw err
  }
}
