/**
 * End to end against the WeCom simulator: Kelan's WecomClient talks to the simulator's
 * HTTP API, and the simulator's callback pusher posts encrypted events into Kelan's
 * callback route, as a real corp would. Nothing here is faked on Kelan's side.
 */
import { and, eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { callbackEvents, customers, followRelations, relationTags, staff } from '../../db/schema'
import { createCallbackWorker } from '../../jobs/callback-worker'
import { kelanOnSimulator } from '../../test/sim-kelan'
import { DEMO_CORP, type SimEvent, type Simulator } from '../../wecom-sim'
import { fullSync } from '../sync/sync.service'

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }
let sim: Simulator | undefined

afterEach(() => sim?.close())

/** Kelan (demo env, in-memory db) wired to a fresh simulator with a small demo corp. */
function setup() {
  const { sim: s, clock, deps } = kelanOnSimulator({ customers: 40 })
  sim = s
  const worker = createCallbackWorker(deps, { pollMs: 10, logger: quiet })
  const control = async (path: string, body: unknown) => {
    const res = await s.app.request(`/_control/${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(200)
    return res.json() as Promise<unknown>
  }
  return { sim: s, deps, worker, control, clock }
}

const relationOf = (deps: ReturnType<typeof setup>['deps'], externalUserid: string, userid: string) =>
  deps.db
    .select()
    .from(followRelations)
    .where(and(eq(followRelations.externalUserid, externalUserid), eq(followRelations.userid, userid)))
    .get()

describe('Kelan against the simulator', () => {
  it('fullSync – demo corp – Kelan holds what the simulator holds; a second run changes nothing', async () => {
    const { sim, deps } = setup()
    const expected = sim.counts()

    const run = await fullSync(deps)

    expect(run.status).toBe('done')
    expect(run.counts).toMatchObject({
      staff: expected.staff,
      customers: expected.customers,
      relations: expected.relations,
      tagGroups: expected.tagGroups,
      tags: expected.tags,
    })
    expect(deps.db.select().from(relationTags).all()).toHaveLength(expected.relationTags)
    expect(deps.db.select().from(staff).where(eq(staff.userid, DEMO_CORP.adminUserid)).get()?.role).toBe('admin')
    const totalChanges = () => (deps.db.$client.prepare('select total_changes() as n').get() as { n: number }).n
    const before = totalChanges()
    await fullSync(deps)
    expect(totalChanges() - before).toBe(2) // the second run's own sync_runs row
  })

  it('callback URL handshake – simulator runs the GET verification – Kelan answers the plaintext', async () => {
    const { sim } = setup()

    const result = await sim.verifyCallbackUrl()

    expect(result).toMatchObject({ ok: true, status: 200 })
    expect(result.body).toBe(result.expected)
  })

  it('add-customer – event pushed into the route, worker drains – customer and relation in Kelan', async () => {
    const { sim, deps, worker, control } = setup()
    const userid = DEMO_CORP.adminUserid

    const added = (await control('add-customer', { userid })) as { external_contact: { external_userid: string; name: string } }
    await sim.callbacks.idle()
    await worker.drain()

    const id = added.external_contact.external_userid
    expect(sim.callbacks.log().at(-1)).toMatchObject({ status: 'delivered', httpStatus: 200 })
    expect(deps.db.select().from(callbackEvents).all()).toMatchObject([{ changeType: 'add_external_contact', status: 'done' }])
    expect(deps.db.select().from(customers).where(eq(customers.externalUserid, id)).get()?.name).toBe(added.external_contact.name)
    expect(relationOf(deps, id, userid)).toMatchObject({ status: 'active', state: 'demo' })
  })

  it('relation ended in WeCom – each side – ended in Kelan with who ended it', async () => {
    const { sim, deps, worker, control } = setup()
    const first = (await control('add-customer', { userid: DEMO_CORP.adminUserid })) as { external_contact: { external_userid: string } }
    const second = (await control('add-customer', { userid: DEMO_CORP.adminUserid })) as { external_contact: { external_userid: string } }
    await sim.callbacks.idle()
    await worker.drain()
    const a = first.external_contact.external_userid
    const b = second.external_contact.external_userid

    await control('staff-deletes-customer', { userid: DEMO_CORP.adminUserid, external_userid: a })
    await control('customer-deletes-staff', { userid: DEMO_CORP.adminUserid, external_userid: b })
    await sim.callbacks.idle()
    await worker.drain()

    expect(relationOf(deps, a, DEMO_CORP.adminUserid)?.status).toBe('deleted_by_staff')
    expect(relationOf(deps, b, DEMO_CORP.adminUserid)?.status).toBe('deleted_by_customer')
    expect(deps.db.select().from(callbackEvents).all().every((e) => e.status === 'done')).toBe(true)
  })

  it('same event pushed twice by WeCom (same CreateTime) – stored once', async () => {
    const { sim, deps } = setup()
    const event: SimEvent = { event: 'change_external_tag', changeType: 'shuffle', id: '' }

    await sim.pushEvent(event)
    await sim.pushEvent(event)
    await sim.callbacks.idle()

    expect(deps.db.select().from(callbackEvents).all()).toHaveLength(1)
  })
})
