/**
 * Child process of the benchmark: serves Kelan's real app and, beside it, a bare Hono +
 * better-sqlite3 point query on the same database file, so both are measured alike.
 * argv: <dbPath> ; prints "ready <kelanPort> <barePort>" once listening.
 */
import { serve } from '@hono/node-server'
import Database from 'better-sqlite3'
import { Hono } from 'hono'
import { createApp } from '../app'
import { createDb } from '../db/client'
import { parseEnv } from '../env'
import { systemClock } from '../lib/clock'
import { refusingWecom } from '../wecom/refusing-client'

const dbPath = process.argv[2]!
const env = parseEnv({ KELAN_DB: dbPath }, () => 'bench-session-secret-0123456789abcdef0123456789')
const wecom = refusingWecom('the benchmark must not call WeCom')
const kelan = createApp({ env, db: createDb(dbPath), clock: systemClock, wecom, corpId: env.wecom.corpId })

const bareDb = new Database(dbPath, { readonly: true })
const point = bareDb.prepare('select * from customers where corp_id = ? and external_userid = ?')
const bare = new Hono().get('/bare/:id', (c) => c.json(point.get(env.wecom.corpId, c.req.param('id')) ?? null))

const listen = (fetch: (r: Request) => Response | Promise<Response>) =>
  new Promise<number>((ok) => {
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => ok(info.port))
    process.on('disconnect', () => s.close())
  })

const [a, b] = await Promise.all([listen(kelan.fetch), listen(bare.fetch)])
process.send?.(`ready ${a} ${b}`)
process.on('disconnect', () => process.exit(0))
