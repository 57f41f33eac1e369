import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { and, asc, eq, inArray } from 'drizzle-orm'
import { createDb, type Db } from '../../db/client'
import { outbox, relationTags, tagEvents } from '../../db/schema'
import { makeCustomer, makeRelation, makeStaff, makeTag, makeTagGroup, seed } from '../../test/helpers'
import type { RaceReport } from './tags.race-worker'

const SERVER_DIR = fileURLToPath(new URL('../../../', import.meta.url))
const WORKER = fileURLToPath(new URL('./tags.race-worker.ts', import.meta.url))
const CUST = 'wmRACE0001'
const GROUP_TAGS = ['etHI', 'etLO']
const ROUNDS = 200

/** A started worker: resolves `ready` once it has opened the database, `done` with its report. */
function startWorker(dbPath: string, userid: string, tagId: string) {
  // `--import tsx` resolves from the server package (cwd), where tsx is a devDependency.
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, dbPath, CUST, userid, tagId, String(ROUNDS)], { cwd: SERVER_DIR })
  const lines = createInterface({ input: child.stdout })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()))
  let report: RaceReport | undefined
  const done = new Promise<{ code: number | null; report: RaceReport | undefined; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, report, stderr })),
  )
  // A worker that dies before `ready` (bad import, missing tsx) fails the test at once, not by timeout.
  const ready = new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => (line === 'ready' ? resolve() : (report = JSON.parse(line) as RaceReport)))
    void done.then(({ code }) => reject(new Error(`worker ${userid} exited (${code}) before ready: ${stderr}`)))
  })
  return { child, ready, done }
}

/** Two staff members (lisi, wangwu) following one customer; 意向程度 is 互斥 with 高 and 低. */
function seedRace(db: Db): void {
  seed(db, {
    staff: [makeStaff({ userid: 'lisi', name: '李四' }), makeStaff({ userid: 'wangwu', name: '王五' })],
    customers: [makeCustomer({ externalUserid: CUST })],
    relations: [makeRelation({ externalUserid: CUST, userid: 'lisi' }), makeRelation({ externalUserid: CUST, userid: 'wangwu' })],
    tagGroups: [makeTagGroup({ id: 'etINTENT', name: '意向程度', exclusive: true })],
    tags: [makeTag({ id: 'etHI', groupId: 'etINTENT', name: '高' }), makeTag({ id: 'etLO', groupId: 'etINTENT', name: '低' })],
  })
}

/**
 * Replays the history in id order (transactions are serialised, so the rows of one change are
 * contiguous) and returns the first point where it breaks a rule, or null: per relation and
 * tag, adds and removes alternate starting with an add; two tags of the group are on the
 * customer only between an add and the remove of the other tag by the same change.
 */
function historyProblem(events: (typeof tagEvents.$inferSelect)[]): string | null {
  const on = new Map<string, string>() // `${userid}/${tagId}` → last action
  let carried = 0
  for (const [i, e] of events.entries()) {
    const key = `${e.userid}/${e.tagId}`
    const last = on.get(key) ?? 'remove'
    if (last === e.action) return `row ${e.id}: ${e.action} of ${key} twice in a row`
    on.set(key, e.action)
    carried += e.action === 'add' ? 1 : -1
    if (carried > 2) return `row ${e.id}: ${carried} tags of the group on the customer`
    const next = events[i + 1]
    if (carried === 2 && !(next && next.action === 'remove' && next.operatorUserid === e.operatorUserid && next.at === e.at)) {
      return `row ${e.id}: two tags of the group left on the customer after ${e.operatorUserid}'s change`
    }
  }
  return null
}

describe('互斥 under concurrency', () => {
  let dir: string | undefined
  let children: ChildProcessWithoutNullStreams[] = []
  afterEach(() => {
    for (const child of children) if (child.exitCode === null) child.kill()
    children = []
    if (dir) rmSync(dir, { recursive: true, force: true })
    dir = undefined
  })

  it('applyCustomerChange – two processes set 高 and 低 on their own relations at once, 200 times each – one tag left, history pairs up, no SQLITE_BUSY', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kelan-mutex-race-'))
    const dbPath = join(dir, 'kelan.db')
    const db = createDb(dbPath)
    seedRace(db)

    const a = startWorker(dbPath, 'lisi', 'etHI')
    const b = startWorker(dbPath, 'wangwu', 'etLO')
    children = [a.child, b.child]
    await Promise.all([a.ready, b.ready])
    a.child.stdin.end('go\n')
    b.child.stdin.end('go\n')
    const results = await Promise.all([a.done, b.done])

    for (const { code, report, stderr } of results) {
      expect({ code, error: report?.error ?? null, stderr }).toEqual({ code: 0, error: null, stderr: '' })
      expect(report).toMatchObject({ refused: 0 })
      expect(report?.rounds).toBe(ROUNDS)
    }
    const [ra, rb] = results.map((r) => r.report!)
    // Each side undid the other many times: the two loops really ran at the same time.
    expect(ra!.changed).toBeGreaterThan(1)
    expect(rb!.changed).toBeGreaterThan(1)

    const carried = db
      .select({ userid: relationTags.userid, tagId: relationTags.tagId })
      .from(relationTags)
      .where(and(eq(relationTags.externalUserid, CUST), inArray(relationTags.tagId, GROUP_TAGS)))
      .all()
    expect(carried).toHaveLength(1)

    const events = db.select().from(tagEvents).where(eq(tagEvents.externalUserid, CUST)).orderBy(asc(tagEvents.id)).all()
    expect(historyProblem(events)).toBeNull()
    const adds = events.filter((e) => e.action === 'add')
    expect(adds).toHaveLength(ra!.changed + rb!.changed)
    expect(events.length - adds.length).toBe(adds.length - 1) // every add but the standing one was undone
    const last = events.filter((e) => e.action === 'add').at(-1)!
    expect(carried[0]).toEqual({ userid: last.userid, tagId: last.tagId })

    const items = db.select({ kind: outbox.kind, key: outbox.key }).from(outbox).orderBy(asc(outbox.key)).all()
    expect(items).toEqual([
      { kind: 'mark_tag', key: `${CUST}/lisi` },
      { kind: 'mark_tag', key: `${CUST}/wangwu` },
    ])
    db.$client.close()
  })
})
