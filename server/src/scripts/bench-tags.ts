/**
 * Tagging benchmarks run by bench.ts: how fast the outbox drains into WeCom (the simulator,
 * over real HTTP on loopback) and how long a 10,000-customer batch takes to apply.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import { createDb } from '../db/client'
import type { Deps } from '../deps'
import { parseEnv } from '../env'
import { outboxHandlers } from '../features/outbox/outbox.handlers'
import { fullSync } from '../features/sync/sync.service'
import { batchResultFile, startBatch } from '../features/tag-batches/tag-batches.service'
import { applyCustomerChange } from '../features/tags/tags.repo'
import { createJobRunner } from '../jobs/job-runner'
import { createOutboxWorker } from '../jobs/outbox-worker'
import { systemClock } from '../lib/clock'
import { createWecomClient } from '../wecom/client'
import { refusingWecom } from '../wecom/refusing-client'
import { createSimulator } from '../wecom-sim'
import { DEMO_CORP } from '../wecom-sim/demo-config'
import { fillKelanDb } from './bench-fill'

const quiet = { info: () => undefined, warn: () => undefined, error: console.error }

/**
 * Syncs a simulated corp of `customers` into a fresh Kelan database, tags every active
 * relation once (one mark_tag item each), then times the outbox worker pushing them all.
 */
export async function benchOutboxDrain(customers: number, concurrency: number) {
  const dir = mkdtempSync(join(tmpdir(), 'kelan-bench-outbox-'))
  const sim = createSimulator({ dbPath: join(dir, 'sim.db'), customers })
  const server = await new Promise<{ port: number; close: () => void }>((ok) => {
    const s = serve({ fetch: sim.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => ok({ port: info.port, close: () => s.close() }))
  })
  const env = parseEnv({ KELAN_DB: join(dir, 'kelan.db') }, () => 'bench-session-secret-0123456789abcdef0123456789')
  const wecom = createWecomClient({
    apiBase: `http://127.0.0.1:${server.port}`,
    corpId: DEMO_CORP.corpId,
    agentId: DEMO_CORP.agentId,
    secret: DEMO_CORP.agentSecret,
  })
  const deps: Deps = { env, db: createDb(env.dbPath), clock: systemClock, wecom, corpId: env.wecom.corpId }
  await fullSync(deps)
  const sqlite = deps.db.$client
  const tag = sqlite.prepare(`select t.id from tags t join tag_groups g on g.corp_id = t.corp_id and g.id = t.group_id
    where g.exclusive = 0 order by t.id limit 1`).get() as { id: string }
  const relations = sqlite.prepare("select external_userid as e, userid as u from follow_relations where status = 'active'").all() as { e: string; u: string }[]
  const ctx = { corpId: deps.corpId, operator: 'bench', source: 'admin' as const, now: systemClock.now() }
  for (const r of relations) {
    const added = applyCustomerChange(deps.db, ctx, { externalUserid: r.e, target: r.u, add: [tag.id], remove: [] })
    // Already carried it: take it off instead, so every relation has one change to push.
    if ('applied' in added && added.applied.size === 0) {
      applyCustomerChange(deps.db, ctx, { externalUserid: r.e, target: r.u, add: [], remove: [tag.id] })
    }
  }
  const items = (sqlite.prepare('select count(*) as n from outbox').get() as { n: number }).n
  const worker = createOutboxWorker(deps, { handlers: outboxHandlers, pollMs: 60_000, concurrency, logger: quiet })
  const t = performance.now()
  await worker.drain()
  const seconds = (performance.now() - t) / 1000
  const left = (sqlite.prepare('select count(*) as n from outbox').get() as { n: number }).n
  server.close()
  sim.close()
  sqlite.close()
  rmSync(dir, { recursive: true, force: true })
  if (left) throw new Error(`outbox drain: ${left} items left`)
  return { items, seconds, perSecond: Math.round(items / seconds), concurrency }
}

/**
 * A 10,000-customer batch on a bench-filled database of `customers` (3 followers and 10 tag
 * links each): starts it as an admin, times the job runner to the end, then the result xlsx.
 */
export async function benchBatch(customers: number) {
  const dir = mkdtempSync(join(tmpdir(), 'kelan-bench-batch-'))
  const env = parseEnv({ KELAN_DB: join(dir, 'kelan.db') }, () => 'bench-session-secret-0123456789abcdef0123456789')
  const deps: Deps = { env, db: createDb(env.dbPath), clock: systemClock, wecom: refusingWecom('no WeCom in the batch bench'), corpId: env.wecom.corpId }
  fillKelanDb(deps.db, deps.corpId, { customers: Math.max(customers, 10_000), followersPer: 3, tagsPer: 10 })
  const sqlite = deps.db.$client
  // The runner re-checks the starter's role on every chunk.
  sqlite.prepare("update staff set role = 'admin' where userid = 'zhangwei'").run()
  const tag = sqlite.prepare(`select t.id from tags t join tag_groups g on g.corp_id = t.corp_id and g.id = t.group_id
    where g.exclusive = 0 order by t.id desc limit 1`).get() as { id: string }
  const ids = (sqlite.prepare('select external_userid as id from customers limit 10000').all() as { id: string }[]).map((r) => r.id)
  const admin = { corpId: deps.corpId, userid: 'zhangwei', role: 'admin' as const }
  const t = performance.now()
  const job = startBatch(deps, admin, { selection: { ids }, add: [tag.id], remove: [] })
  await createJobRunner(deps, { pollMs: 60_000, logger: quiet }).drain()
  const seconds = (performance.now() - t) / 1000
  const x = performance.now()
  await batchResultFile(deps, admin, job.id)
  const xlsxSeconds = (performance.now() - x) / 1000
  const relations = (sqlite.prepare('select count(*) as n from outbox').get() as { n: number }).n
  sqlite.close()
  rmSync(dir, { recursive: true, force: true })
  return { customers: ids.length, relations, seconds, xlsxSeconds }
}
