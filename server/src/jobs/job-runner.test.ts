import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eq, sql } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { jobItems, jobs, knowledgeItems, outbox, relationTags, tagEvents } from '../db/schema'
import type { Deps } from '../deps'
import { startBatch } from '../features/tag-batches/tag-batches.service'
import { makeStaff, makeTag, makeTagGroup, makeTestDeps, seed, seedManyCustomers, TEST_CORP_ID, type TestDepsOptions } from '../test/helpers'
import { insertRowsJob } from './import-jobs.repo'
import { createJobRunner } from './job-runner'
import type { ChunkOutcome } from './jobs.types'

const silent = { info: () => {}, warn: () => {}, error: () => {} }
const admin = { corpId: TEST_CORP_ID, userid: 'admin', role: 'admin' as const }

/** An admin, a tag group with 互联网 (etIT), and `n` customers wm000000, wm000001, … each followed by lisi. */
function runnerDeps(n: number, options: TestDepsOptions = {}): Deps {
  const deps = makeTestDeps(options)
  seed(deps.db, {
    staff: [makeStaff({ userid: 'admin', name: '管理员', role: 'admin' }), makeStaff({ userid: 'lisi' })],
    tagGroups: [makeTagGroup({ id: 'etGX', name: '行业' })],
    tags: [makeTag({ id: 'etIT', groupId: 'etGX', name: '互联网' })],
  })
  seedManyCustomers(deps.db, n, { prefix: 'wm' })
  return deps
}

const count = (deps: Deps, table: typeof relationTags | typeof tagEvents | typeof outbox) =>
  deps.db.select({ n: sql<number>`count(*)` }).from(table).get()!.n
const jobRow = (deps: Deps, id: number) => deps.db.select().from(jobs).where(eq(jobs.id, id)).get()!

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('createJobRunner', () => {
  it('drain – a batch of 450 with chunks of 200 – three chunks, every customer tagged once, job done', async () => {
    const deps = runnerDeps(450)
    const job = startBatch(deps, admin, { selection: { filter: {} }, add: ['etIT'], remove: [] })
    const chunks: ChunkOutcome[] = []
    const processed = await createJobRunner(deps, { pollMs: 10, chunkSize: 200, chunkBudgetMs: 60_000, logger: silent, onChunk: (c) => chunks.push(c) }).drain()
    expect(processed).toBe(450)
    expect(chunks.map((c) => [c.processed, c.finished])).toEqual([[200, false], [200, false], [50, true]])
    expect(jobRow(deps, job.id)).toMatchObject({ status: 'done', doneCount: 450, failedCount: 0 })
    expect(count(deps, relationTags)).toBe(450)
  })

  it('drain – a time budget already spent – each chunk ends after one customer, and the job still completes', async () => {
    const deps = runnerDeps(3)
    const job = startBatch(deps, admin, { selection: { filter: {} }, add: ['etIT'], remove: [] })
    const chunks: number[] = []
    await createJobRunner(deps, { pollMs: 10, chunkBudgetMs: 0, logger: silent, onChunk: (c) => chunks.push(c.processed) }).drain()
    expect(chunks).toEqual([1, 1, 1])
    expect(jobRow(deps, job.id)).toMatchObject({ status: 'done', doneCount: 3 })
  })

  it('restart – stopped after the first chunk – job stays running; a new runner on the same file finishes it with right counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kelan-jobs-'))
    dirs.push(dir)
    const dbPath = join(dir, 'kelan.db')
    const first = runnerDeps(50, { dbPath })
    const job = startBatch(first, admin, { selection: { filter: {} }, add: ['etIT'], remove: [] })
    let stopping: Promise<void> | undefined
    const runner = createJobRunner(first, { pollMs: 10, chunkSize: 20, chunkBudgetMs: 60_000, logger: silent, onChunk: () => void (stopping ??= runner.stop()) })
    await runner.drain()
    await stopping
    expect(jobRow(first, job.id)).toMatchObject({ status: 'running', doneCount: 20, failedCount: 0 })
    first.db.$client.close()

    // The "restarted" process: a new connection to the same file and a new runner.
    const second = makeTestDeps({ dbPath })
    const processed = await createJobRunner(second, { pollMs: 10, chunkSize: 20, logger: silent }).drain()
    expect(processed).toBe(30)
    expect(jobRow(second, job.id)).toMatchObject({ status: 'done', doneCount: 50, failedCount: 0, total: 50 })
    expect(count(second, relationTags)).toBe(50)
    expect(count(second, tagEvents)).toBe(50)
    const pending = second.db.select().from(jobItems).where(eq(jobItems.status, 'pending')).all()
    expect(pending).toEqual([])
    second.db.$client.close()
  })

  it('start – a job created while polling – picked up without drain; wake() starts it at once', async () => {
    const deps = runnerDeps(5)
    const runner = createJobRunner(deps, { pollMs: 60_000, logger: silent })
    deps.wake = (worker) => worker === 'jobs' && runner.wake()
    runner.start()
    const job = startBatch(deps, admin, { selection: { ids: ['wm000001', 'wm000002'] }, add: ['etIT'], remove: [] })
    await expect.poll(() => jobRow(deps, job.id).status, { timeout: 2000 }).toBe('done')
    await runner.stop()
    expect(jobRow(deps, job.id).doneCount).toBe(2)
  })

  it('a job whose input cannot be read – stopped as failed once, not retried on every poll', async () => {
    const deps = runnerDeps(2)
    const row = deps.db.insert(jobs).values({ corpId: TEST_CORP_ID, kind: 'batch_tags', input: { add: 'etIT' }, total: 2, createdBy: 'admin', createdAt: 0 }).returning().get()
    deps.db.insert(jobItems).values([{ jobId: row.id, seq: 0, subject: 'wm000000' }, { jobId: row.id, seq: 1, subject: 'wm000001' }]).run()
    const chunks: ChunkOutcome[] = []
    await createJobRunner(deps, { pollMs: 10, logger: silent, onChunk: (c) => chunks.push(c) }).drain()
    expect(chunks).toEqual([{ jobId: row.id, processed: 0, finished: true }])
    expect(jobRow(deps, row.id)).toMatchObject({ status: 'failed', failedCount: 2, error: expect.stringContaining('无法读取') })
    expect(count(deps, relationTags)).toBe(0)
  })

  it('two jobs – the older finishes first', async () => {
    const deps = runnerDeps(30)
    const older = startBatch(deps, admin, { selection: { filter: {} }, add: ['etIT'], remove: [] })
    const newer = startBatch(deps, admin, { selection: { filter: {} }, remove: ['etIT'], add: [] })
    const order: number[] = []
    await createJobRunner(deps, { pollMs: 10, chunkSize: 10, logger: silent, onChunk: (c) => c.finished && order.push(c.jobId) }).drain()
    expect(order).toEqual([older.id, newer.id])
    expect(count(deps, relationTags)).toBe(0)
  })

  it('a batch of 10 000 customers – completes with every customer tagged, well under 20 s', async () => {
    const deps = runnerDeps(10_000)
    const t0 = performance.now()
    const job = startBatch(deps, admin, { selection: { filter: {} }, add: ['etIT'], remove: [] })
    const started = performance.now()
    await createJobRunner(deps, { pollMs: 10, logger: silent }).drain()
    const seconds = (performance.now() - t0) / 1000
    console.info(`[bench] 10 000-customer batch: start ${(started - t0).toFixed(0)} ms, total ${seconds.toFixed(2)} s`)
    expect(jobRow(deps, job.id)).toMatchObject({ status: 'done', total: 10_000, doneCount: 10_000, failedCount: 0 })
    expect(count(deps, relationTags)).toBe(10_000)
    expect(count(deps, outbox)).toBe(10_000)
    expect(seconds).toBeLessThan(15)
  }, 30_000)

  it('restart – a knowledge import stopped after its first chunk – a new runner on the same file imports the rest once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kelan-jobs-'))
    dirs.push(dir)
    const dbPath = join(dir, 'kelan.db')
    const first = runnerDeps(0, { dbPath })
    const rows = Array.from({ length: 25 }, (_, i) => ({ row: i + 2, values: { category: '问候', text: i === 3 ? '' : `常用语${i}`, seq: '' } }))
    const input = { kind: 'phrase' as const, fileName: 'a.xlsx', operator: 'admin' }
    const job = insertRowsJob(first.db, { kind: 'knowledge_import', corpId: TEST_CORP_ID, input, createdBy: 'admin', now: 1 }, rows)
    let stopping: Promise<void> | undefined
    const runner = createJobRunner(first, { pollMs: 10, chunkSize: 10, chunkBudgetMs: 60_000, logger: silent, onChunk: () => void (stopping ??= runner.stop()) })
    await runner.drain()
    await stopping
    expect(jobRow(first, job.id)).toMatchObject({ status: 'running', doneCount: 9, failedCount: 1 })
    first.db.$client.close()

    const second = makeTestDeps({ dbPath })
    const processed = await createJobRunner(second, { pollMs: 10, chunkSize: 10, logger: silent }).drain()
    expect(processed).toBe(15)
    expect(jobRow(second, job.id)).toMatchObject({ status: 'done', doneCount: 24, failedCount: 1, total: 25 })
    expect(second.db.select({ n: sql<number>`count(*)` }).from(knowledgeItems).get()!.n).toBe(24)
    second.db.$client.close()
  })

  it('dispatch – a batch job and a knowledge import queued together – each kind run by its handler, oldest first', async () => {
    const deps = runnerDeps(3)
    const importRows = [{ row: 2, values: { category: '', text: '您好', seq: '' } }]
    const imported = insertRowsJob(deps.db, { kind: 'knowledge_import', corpId: TEST_CORP_ID, input: { kind: 'phrase', fileName: 'a.xlsx', operator: 'admin' }, createdBy: 'admin', now: 1 }, importRows)
    const batch = startBatch(deps, admin, { selection: { filter: {} }, add: ['etIT'], remove: [] })
    const chunks: number[] = []
    await createJobRunner(deps, { pollMs: 10, logger: silent, onChunk: (c) => chunks.push(c.jobId) }).drain()
    expect(chunks).toEqual([imported.id, batch.id])
    expect(jobRow(deps, imported.id)).toMatchObject({ status: 'done', doneCount: 1 })
    expect(jobRow(deps, batch.id)).toMatchObject({ status: 'done', doneCount: 3 })
    expect(count(deps, relationTags)).toBe(3)
  })

  it('dispatch – a job of a kind this version does not know – left alone, other jobs still run', async () => {
    const deps = runnerDeps(1)
    deps.db.$client.prepare("insert into jobs (corp_id, kind, input, status, created_by, created_at) values (?, 'future_kind', '{}', 'queued', 'admin', 1)").run(TEST_CORP_ID)
    const batch = startBatch(deps, admin, { selection: { filter: {} }, add: ['etIT'], remove: [] })
    expect(await createJobRunner(deps, { pollMs: 10, logger: silent }).drain()).toBe(1)
    expect(jobRow(deps, batch.id)).toMatchObject({ status: 'done' })
  })
})
