import { describe, expect, it } from 'vitest'
import { fakeClock } from '../../lib/clock'
import { createFakeWecom, emptyCorp, fakeContact, fakeFollow, fakeTagGroup, fakeUser } from '../../test/fake-wecom'
import { makeTestDeps } from '../../test/helpers'
import { fullSync } from './sync.service'

const CUSTOMERS = 100_000
const MEMBERS = 200

/** 100k customers over 200 members, each with one or two followers and up to three tags. */
function largeCorp() {
  const corp = emptyCorp()
  corp.users = Array.from({ length: MEMBERS }, (_, i) => fakeUser(`u${i}`))
  const tagIds = Array.from({ length: 20 }, (_, i) => `et${i}`)
  corp.tagGroups = [fakeTagGroup('etG', tagIds)]
  for (let i = 0; i < CUSTOMERS; i++) {
    const follows = [fakeFollow(`u${i % MEMBERS}`, [`et${i % 20}`, `et${(i + 7) % 20}`])]
    if (i % 5 === 0) follows.push(fakeFollow(`u${(i + 1) % MEMBERS}`, [`et${i % 3}`]))
    corp.contacts.set(`wm${i}`, { contact: fakeContact(`wm${i}`), follows })
  }
  return corp
}

describe('fullSync at scale', () => {
  it('fullSync – 100k customers – completes, counts them, and a second run is a no-op', { timeout: 180_000 }, async () => {
    const deps = makeTestDeps({ wecom: createFakeWecom(largeCorp()), clock: fakeClock() })
    const totalChanges = () => (deps.db.$client.prepare('select total_changes() as n').get() as { n: number }).n

    const t0 = performance.now()
    const first = await fullSync(deps)
    const firstMs = performance.now() - t0
    const changesBefore = totalChanges()
    const t1 = performance.now()
    const second = await fullSync(deps)
    const secondMs = performance.now() - t1
    console.info(`[bench] 100k customers: first sync ${Math.round(firstMs)} ms, second ${Math.round(secondMs)} ms`)

    expect(first.counts).toMatchObject({ customers: CUSTOMERS, relations: CUSTOMERS + CUSTOMERS / 5 })
    expect(second.status).toBe('done')
    // The second run's only writes: its sync_runs row, inserted then finished.
    expect(totalChanges() - changesBefore).toBe(2)
    const relationTags = deps.db.$client.prepare('select count(*) as n from relation_tags').get() as { n: number }
    expect(relationTags.n).toBe(CUSTOMERS * 2 + CUSTOMERS / 5)
  })
})
