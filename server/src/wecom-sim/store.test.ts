import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateCorp } from './demo-corp'
import { seedSimulatorDb } from './index'
import { openSimDb } from './store'
import { jsonInit, makeTestSim } from './testing'

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'kelan-sim-')), 'sim.db')

const customerIds = (path: string): string[] => {
  const db = openSimDb(path)
  const rows = db.prepare('SELECT external_userid FROM customers ORDER BY seq').all() as { external_userid: string }[]
  db.close()
  return rows.map((r) => r.external_userid)
}

describe('simulator database', () => {
  it('createSimulator – empty database – seeded with the demo corp', () => {
    const { sim } = makeTestSim()

    expect(sim.counts()).toMatchObject({ staff: 12, customers: 40, tagGroups: 5 })
    expect(sim.counts().relations).toBeGreaterThan(40)
    expect(sim.counts().relationTags).toBeGreaterThan(sim.counts().relations)
  })

  it('createSimulator – reopened after changes – keeps them and does not reseed', async () => {
    const dbPath = tempDb()
    const first = makeTestSim({ dbPath })
    const added = (await (await first.sim.app.request('/_control/add-customer', jsonInit({ userid: 'lina' }))).json()) as {
      external_contact: { external_userid: string }
    }
    first.sim.close()

    const second = makeTestSim({ dbPath, customers: 5 })
    const record = await second.sim.app.request(`/_control/customers/${added.external_contact.external_userid}`)
    const counts = second.sim.counts()
    second.sim.close()

    expect(record.status).toBe(200)
    expect(counts.customers).toBe(41)
  })

  it('seedSimulatorDb – create 20, grow to 30, rerun – adds 20, then 10, then 0; generated customers unchanged', () => {
    const dbPath = tempDb()

    const created = seedSimulatorDb({ dbPath, customers: 20, now: 1_750_000_000 })
    const before = customerIds(dbPath)
    const grown = seedSimulatorDb({ dbPath, customers: 30, now: 1_760_000_000 })
    const again = seedSimulatorDb({ dbPath, customers: 30, now: 1_760_000_000 })
    const after = customerIds(dbPath)

    expect([created.created, created.added, grown.created, grown.added, again.added]).toEqual([true, 20, false, 10, 0])
    expect(after.slice(0, 20)).toEqual(before)
    expect(after).toEqual([...generateCorp({ customers: 30 }).customers()].map((c) => c.external_contact.external_userid))
    expect(grown.counts.customers).toBe(30)
  })

  it('seedSimulatorDb – database grown after demo customers were added – never reuses their ids', async () => {
    const dbPath = tempDb()
    const { sim } = makeTestSim({ dbPath, customers: 10 })
    await sim.app.request('/_control/add-customer', jsonInit({ userid: 'lina' }))
    sim.close()

    const result = seedSimulatorDb({ dbPath, customers: 15, now: 1_750_000_000 })

    expect(result.added).toBe(4)
    expect(new Set(customerIds(dbPath)).size).toBe(15)
  })
})
