import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { createApp } from './app'
import { createDb } from './db/client'
import type { Deps } from './deps'
import { loadEnv } from './env'
import { scheduleUnattachedCleanup } from './features/attachments/attachments.cleanup'
import { sweepTempUploads } from './features/attachments/attachments.storage'
import { runFullSyncIfEmpty } from './features/sync/sync.service'
import { outboxHandlers } from './features/outbox/outbox.handlers'
import { applyDemoTagSettings } from './features/tag-library/demo-tag-settings'
import { seedDemoKnowledge } from './features/knowledge/demo-knowledge'
import { seedDemoFollowupTypes } from './features/followups/demo-followups'
import { seedDemoBusinessTemplates } from './features/business/demo-business'
import { createCallbackWorker } from './jobs/callback-worker'
import { createJobRunner } from './jobs/job-runner'
import { createOutboxWorker } from './jobs/outbox-worker'
import { createReminderScheduler } from './jobs/reminder-scheduler'
import { systemClock } from './lib/clock'
import { AppError, errorBody } from './lib/errors'
import { createWecomClient } from './wecom/client'
import { createSimulator } from './wecom-sim'

/** The built H5, found from src (tsx) and from dist alike: both sit two levels below the repo. */
const H5_DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../h5/dist')

const env = loadEnv()
const db = createDb(env.dbPath)
const sim =
  env.mode === 'demo'
    ? createSimulator({
        dbPath: env.simDbPath,
        callbackUrl: `http://127.0.0.1:${env.port}/api/wecom/callback`,
        publicBase: `${env.publicUrl}/sim`,
      })
    : undefined
const wecom = createWecomClient({
  apiBase: env.wecom.apiBase,
  corpId: env.wecom.corpId,
  agentId: env.wecom.agentId,
  secret: env.wecom.agentSecret,
})
const deps: Deps = {
  env,
  db,
  clock: systemClock,
  wecom,
  corpId: env.wecom.corpId,
  // A closure: the workers it names are created just below, from these same deps.
  wake: (w) => {
    if (w === 'outbox') outboxWorker.kick()
    else if (w === 'jobs') jobRunner.wake()
    else reminderScheduler.wake()
  },
}
const worker = createCallbackWorker(deps, { pollMs: 500 })
const outboxWorker = createOutboxWorker(deps, { handlers: outboxHandlers, pollMs: 2000 })
const jobRunner = createJobRunner(deps, { pollMs: 2000 })
// Also wakes at the next reminder's time; its first run sends what fell due while Kelan was down.
const reminderScheduler = createReminderScheduler(deps, { pollMs: 10_000 })

const root = new Hono()
if (sim) root.route('/sim', sim.app)
root.route('/', createApp(deps))
root.all('/api/*', (c) => c.json(errorBody(new AppError('NOT_FOUND', 404, '接口不存在')), 404))
root.use('/*', serveStatic({ root: H5_DIST }))

const server = serve({ fetch: root.fetch, port: env.port, hostname: '0.0.0.0' }, () => {
  console.log(`[kelan] ${env.mode} mode on ${env.publicUrl} (port ${env.port}, db ${env.dbPath})`)
  if (sim) console.log(`[kelan] 演示模式: open ${env.publicUrl}/ for the simulated WeCom desktop`)
  worker.start()
  // Items and jobs left by the previous process are taken up at once.
  outboxWorker.start()
  outboxWorker.kick()
  jobRunner.start()
  jobRunner.wake()
  reminderScheduler.start()
  // Temp files of uploads cut short by the previous process's end.
  sweepTempUploads(env.dataDir, Date.now())
    .then((n) => {
      if (n) console.log(`[kelan] removed ${n} leftover temp upload(s)`)
    })
    .catch((err: unknown) => console.error('[kelan] temp upload sweep failed:', err))
  // Uploads no item ever used (a form closed unsaved): now, then hourly.
  scheduleUnattachedCleanup(deps)
  runFullSyncIfEmpty(deps)
    .then((run) => {
      if (!run) return
      if (sim && run.status === 'done') {
        applyDemoTagSettings(db, deps.corpId)
        seedDemoKnowledge(deps)
        seedDemoFollowupTypes(deps)
        seedDemoBusinessTemplates(deps)
      }
      console.log(`[kelan] first sync ${run.status}: ${JSON.stringify(run.counts ?? run.error)}`)
    })
    .catch((err: unknown) => console.error('[kelan] first sync failed:', err))
})

let stopping = false
function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  console.log(`[kelan] ${signal}: stopping`)
  server.close()
  // The workers finish what they are applying before the database closes under them.
  void Promise.all([worker.stop(), outboxWorker.stop(), jobRunner.stop(), reminderScheduler.stop()]).then(() => {
    sim?.close()
    db.$client.close()
    process.exit(0)
  })
  // Keep-alive connections would hold close() open; don't make Ctrl-C wait for them.
  setTimeout(() => process.exit(0), 2000).unref()
}
process.on('SIGINT', () => shutdown('SIGINT'))
process.on('SIGTERM', () => shutdown('SIGTERM'))
