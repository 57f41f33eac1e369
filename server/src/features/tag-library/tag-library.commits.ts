import type { Db } from '../../db/client'

/*
 * Counts the commits of the library's outbox handlers (create_tags, edit_tag, delete_tags),
 * per database. A tag sync reads the count before it reads WeCom's tag list and writes the
 * list only if the count has not moved: a handler that committed meanwhile (its item gone,
 * its ids WeCom's) may be missing from a list read before its WeCom call, and writing that
 * list would undo it (a group just created deleted, a rename reverted, a deleted tag back).
 * While a handler's item is still pending the sync leaves its ids alone anyway (see
 * replaceCorpTags), so only commits need counting.
 *
 * In memory, not in the database: the outbox worker and every tag sync run in the server's
 * one process (index.ts), and a restart leaves no read in flight.
 */
const commits = new WeakMap<Db, number>()

/** Library handler commits so far: two readings differ when one committed in between. */
export function libraryCommits(db: Db): number {
  return commits.get(db) ?? 0
}

/** Counts a library handler commit. Call it in the commit's transaction (a rollback only costs a sync a re-read). */
export function countLibraryCommit(db: Db): void {
  commits.set(db, libraryCommits(db) + 1)
}
