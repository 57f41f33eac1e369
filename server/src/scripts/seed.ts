/**
 * `scripts/seed --customers 100000 [--db path] [--seed name]`: creates the WeCom simulator's
 * database, or grows it to that many customers, with the demo corp generator. A thin CLI over
 * seedSimulatorDb; the default path is the one the demo server uses (KELAN_SIM_DB).
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { loadEnv } from '../env'
import { systemClock } from '../lib/clock'
import { seedSimulatorDb } from '../wecom-sim'

const USAGE = `usage: scripts/seed --customers N [--db path] [--seed name]
  Creates the WeCom simulator database with N demo customers, or grows it to N.
  --db    default: the demo server's simulator database (KELAN_SIM_DB, data/wecom-sim.db)
  --seed  generator seed for a new database (default: the demo corp)`

function main(): void {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string' },
      db: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const customers = Number(values.customers)
  if (values.help || !values.customers || !Number.isInteger(customers) || customers < 0 || customers >= 2 ** 30) {
    console.log(USAGE)
    process.exitCode = values.help ? 0 : 2
    return
  }
  const dbPath = resolve(values.db ?? loadEnv().simDbPath)
  const started = performance.now()
  const result = seedSimulatorDb({
    dbPath,
    customers,
    seed: values.seed,
    now: systemClock.now(),
    onProgress: (done) => process.stdout.write(`\r  ${done} customers…`),
  })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  process.stdout.write('\r')
  console.log(`${result.created ? 'created' : 'grew'} ${dbPath}: +${result.added} customers in ${seconds} s`)
  console.log(result.counts)
}

main()
