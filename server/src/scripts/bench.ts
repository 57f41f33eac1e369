/**
 * Benchmarks (never timed tests). `scripts/bench [--customers 100000] [--duration 10] [--connections 32]`
 * 1. seeds a temporary database with N customers, 3N follow relations and 10N tag links;
 * 2. loads the sidebar customer endpoint and a bare point-query endpoint on loopback (autocannon);
 * 3. measures tagging: tag changes through the API, the outbox draining into the simulator, a
 *    10,000-customer batch;
 * 4. measures knowledge search at 100k items;
 * 5. reports the sidebar's initial JS + CSS gzip size from the built h5.
 * Prints a Markdown block for docs/PERFORMANCE.md.
 */
import { fork } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { createDb } from '../db/client'
import { parseEnv } from '../env'
import { createSession } from '../features/auth/auth.service'
import { systemClock } from '../lib/clock'
import { refusingWecom } from '../wecom/refusing-client'
import { fillKelanDb } from './bench-fill'
import { benchKnowledgeSearch } from './bench-knowledge'
import { benchBatch, benchOutboxDrain } from './bench-tags'
import { SIDEBAR_PAGES, sidebarBundleSize } from './bundle-size'

const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    'drain-customers': { type: 'string', default: '2000' },
    'knowledge-items': { type: 'string', default: '100000' },
  },
})
const customers = Number(args.customers)
const duration = Number(args.duration)
const connections = Number(args.connections)
const drainCustomers = Number(args['drain-customers'])
const knowledgeItems = Number(args['knowledge-items'])

const dir = mkdtempSync(join(tmpdir(), 'kelan-bench-'))
const dbPath = join(dir, 'kelan.db')
const env = parseEnv({ KELAN_DB: dbPath }, () => 'bench-session-secret-0123456789abcdef0123456789')
const db = createDb(dbPath)

let t = performance.now()
const filled = fillKelanDb(db, env.wecom.corpId, { customers, followersPer: 3, tagsPer: 10 })
const seedSeconds = (performance.now() - t) / 1000
console.log(`seeded ${customers} customers, ${filled.relations} relations, ${filled.tagLinks} tag links in ${seedSeconds.toFixed(1)} s`)

// A staff member (not an admin), so every request pays for the data-scope check.
const viewer = 'liuyang'
const deps = { env, db, clock: systemClock, wecom: refusingWecom('the benchmark must not call WeCom'), corpId: env.wecom.corpId }
const cookie = `kelan_sid=${createSession(deps, viewer)}`
const ids = db.$client
  .prepare("select external_userid as id from follow_relations where corp_id = ? and userid = ? and status = 'active' limit 5000")
  .all(env.wecom.corpId, viewer) as { id: string }[]
// A tag of a group that is not 互斥, so every change is one relation's add or remove.
const toggledTag = (db.$client.prepare('select t.id from tags t join tag_groups g on g.corp_id = t.corp_id and g.id = t.group_id where g.exclusive = 0 order by t.id limit 1').get() as { id: string }).id
db.$client.close()
if (ids.length === 0) throw new Error(`${viewer} follows no customers: the fill changed?`)

const child = fork(new URL('./bench-server.ts', import.meta.url), [dbPath], { stdio: 'inherit' })
const [kelanPort, barePort] = await new Promise<[number, number]>((ok) =>
  child.once('message', (m) => {
    const [, a, b] = String(m).split(' ').map(Number)
    ok([a!, b!])
  }),
)

/** p-th percentile (0..100) of sorted values. */
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0

type Shape = (id: string, i: number) => { path: string; method?: 'GET' | 'PUT'; body?: string }

async function load(title: string, port: number, path: (id: string) => string, headers: Record<string, string> = {}, conns = connections) {
  return loadShaped(title, port, (id) => ({ path: path(id) }), headers, conns)
}

async function loadShaped(title: string, port: number, shape: Shape, headers: Record<string, string> = {}, conns = connections) {
  let i = 0
  const latencies: number[] = []
  const result = await new Promise<autocannon.Result>((ok, fail) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: conns,
        duration,
        headers,
        requests: [
          {
            setupRequest: (req) => {
              const n = i++
              return { ...req, ...shape(ids[n % ids.length]!.id, n) }
            },
          },
        ],
      },
      (err, res) => (err ? fail(err) : ok(res)),
    )
    // autocannon's own histogram keeps whole milliseconds; its response events carry the exact time.
    instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms))
  })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${title}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  latencies.sort((a, b) => a - b)
  const ms = (v: number) => Number(v.toFixed(2))
  return { title, p50: ms(percentile(latencies, 50)), p99: ms(percentile(latencies, 99)), rps: Math.round(result.requests.total / duration) }
}

// Warm both, then measure.
await load('warm', kelanPort, (id) => `/api/sidebar/customers/${id}`, { cookie })
const sidebar = await load('sidebar customer card', kelanPort, (id) => `/api/sidebar/customers/${id}`, { cookie })
await load('warm', barePort, (id) => `/bare/${id}`)
const bare = await load('bare point query', barePort, (id) => `/bare/${id}`)
// One connection: latency without queueing, i.e. what a single sidebar user waits.
const sidebarAlone = await load('sidebar customer card, 1 connection', kelanPort, (id) => `/api/sidebar/customers/${id}`, { cookie }, 1)
const bareAlone = await load('bare point query, 1 connection', barePort, (id) => `/bare/${id}`, {}, 1)
// Each pass over the customers adds the tag, the next one removes it: every request is a real
// change written with its history row and outbox item, and answered with the updated card.
const toggle: Shape = (id, i) => {
  const change = Math.floor(i / ids.length) % 2 === 0 ? { add: [toggledTag] } : { remove: [toggledTag] }
  return { path: `/api/customers/${id}/tags`, method: 'PUT', body: JSON.stringify(change) }
}
const tagChanges = await loadShaped('tag change (PUT tags → DB + outbox)', kelanPort, toggle, { cookie, 'content-type': 'application/json' })
const outboxDrain = await benchOutboxDrain(drainCustomers, 4)
const batch = await benchBatch(customers)
const knowledge = benchKnowledgeSearch(knowledgeItems)
child.disconnect()
rmSync(dir, { recursive: true, force: true })

const bundle = sidebarBundleSize(SIDEBAR_PAGES.card)
const knowledgeBundle = sidebarBundleSize(SIDEBAR_PAGES.knowledge)
const row = (r: typeof sidebar) => `| ${r.title} | ${r.p50} | ${r.p99} | ${r.rps} |`
console.log(`
### Sidebar customer endpoint (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, Node ${process.version})

\`scripts/bench --customers ${customers} --duration ${duration} --connections ${connections}\`: ${customers} customers, ${filled.relations} relations, ${filled.tagLinks} tag links (seeded in ${seedSeconds.toFixed(1)} s); viewer is a staff member, ${ids.length} of their customers requested round-robin.

| endpoint | p50 ms | p99 ms | req/s |
| --- | --- | --- | --- |
${row(sidebar)}
${row(bare)}
${row(sidebarAlone)}
${row(bareAlone)}
${row(tagChanges)}

Latency ratio under load (p50, ${connections} connections): ${(sidebar.p50 / Math.max(bare.p50, 0.001)).toFixed(2)}× the bare endpoint (aim: ≤ 2×); throughput ratio: ${(bare.rps / sidebar.rps).toFixed(2)}×; with one connection: ${(sidebarAlone.p50 / Math.max(bareAlone.p50, 0.001)).toFixed(2)}×.

Tag changes: ${tagChanges.rps} changes/s through the API into DB + outbox (aim: ≥ 2,000/s), p99 ${tagChanges.p99} ms.
Outbox drain into the simulator over loopback HTTP: ${outboxDrain.items} mark_tag pushes in ${outboxDrain.seconds.toFixed(1)} s = ${outboxDrain.perSecond}/s (concurrency ${outboxDrain.concurrency}; ${drainCustomers} simulated customers).
Batch tagging: ${batch.customers} customers (${batch.relations} relations) applied in ${batch.seconds.toFixed(1)} s by the job runner, result xlsx built in ${batch.xlsxSeconds.toFixed(1)} s.

Knowledge search (in-process, ${knowledge.items} items, ${knowledge.search.n} queries of 1, 2 and 3+ characters, mixed scripts and query-syntax characters): p50 ${knowledge.search.p50} ms, p99 ${knowledge.search.p99} ms, max ${knowledge.search.max} ms (aim: p99 < 10 ms).

Sidebar initial JS + CSS: the card (chat toolbar) ${(bundle.gzipBytes / 1024).toFixed(1)} KB gzip over ${bundle.files.length} files, the 话术 page ${(knowledgeBundle.gzipBytes / 1024).toFixed(1)} KB over ${knowledgeBundle.files.length} files (aim: < 150 KB).
`)
process.exit(0)
