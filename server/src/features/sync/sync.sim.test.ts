/**
 * Full sync end to end against the WeCom simulator, for members without an interop licence:
 * the real client reads batch/get_by_user's fail_info and 701008 from the simulator, and the
 * sync must leave those members' relations exactly as they were.
 */
import { and, eq } from 'drizzle-orm'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { followRelations, relationTags } from '../../db/schema'
import { makeTestDeps, relationTagIds } from '../../test/helpers'
import type { Simulator } from '../../wecom-sim'
import { makeTestSim, simWecomClient } from '../../wecom-sim/testing'
import { fullSync } from './sync.service'

let sim: Simulator | undefined

afterEach(() => {
  sim?.close()
  vi.restoreAllMocks()
})

/** Kelan's deps with the real client on a fresh simulator (40 customers), warnings silenced. */
function setup() {
  const made = makeTestSim()
  sim = made.sim
  const wecom = simWecomClient(made.sim, { clock: made.clock, sleep: async () => undefined })
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  return { sim: made.sim, deps: makeTestDeps({ wecom, clock: made.clock }), clock: made.clock }
}

/** userid → its active relations' customers and their sorted tag ids, from Kelan's db. */
function relationsOf(deps: ReturnType<typeof setup>['deps'], userid: string) {
  const rows = deps.db
    .select({ id: followRelations.externalUserid })
    .from(followRelations)
    .where(and(eq(followRelations.userid, userid), eq(followRelations.status, 'active')))
    .all()
  return Object.fromEntries(rows.map((r) => [r.id, relationTagIds(deps.db, r.id, userid)]))
}

const activeRelations = (deps: ReturnType<typeof setup>['deps']) =>
  deps.db.select().from(followRelations).where(eq(followRelations.status, 'active')).all().length

describe('fullSync against the simulator – unlicensed members', () => {
  it('fullSync – one member loses their licence – their relations and tags untouched, others synced, counted', async () => {
    const { sim, deps, clock } = setup()
    await fullSync(deps)
    const before = relationsOf(deps, 'lina')
    const linaCount = Object.keys(before).length
    clock.advance(60)
    sim.settings.unlicensedUserids = ['lina']

    const run = await fullSync(deps)

    expect(linaCount).toBeGreaterThan(0)
    expect(run).toMatchObject({
      status: 'done',
      counts: { unlicensedStaff: 1, relations: sim.counts().relations - linaCount },
    })
    expect(relationsOf(deps, 'lina')).toEqual(before)
    expect(activeRelations(deps)).toBe(sim.counts().relations)
  })

  it('fullSync – no member licensed (701008 for the whole chunk) – run done, nothing ended, all counted', async () => {
    const { sim, deps, clock } = setup()
    await fullSync(deps)
    const tagsBefore = deps.db.select().from(relationTags).all().length
    clock.advance(60)
    const staff = sim.db.prepare('SELECT userid FROM staff').all() as { userid: string }[]
    sim.settings.unlicensedUserids = staff.map((s) => s.userid)

    const run = await fullSync(deps)

    expect(run).toMatchObject({ status: 'done', error: null, counts: { unlicensedStaff: 12, relations: 0, customers: 0 } })
    expect(activeRelations(deps)).toBe(sim.counts().relations)
    expect(deps.db.select().from(relationTags).all()).toHaveLength(tagsBefore)
  })
})
