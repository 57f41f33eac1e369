import { and, eq } from 'drizzle-orm'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Db } from '../../db/client'
import {
  customerEvents,
  customers,
  departments,
  followRelations,
  relationTags,
  staff,
  staffDepartments,
  syncRuns,
  tagGroups,
  tagEvents,
  tags,
  wecomRelationTags,
  outbox,
} from '../../db/schema'
import { relationOutboxKey } from '../tags/tags.domain'
import { applyCustomerChange } from '../tags/tags.repo'
import { AppError } from '../../lib/errors'
import { fakeClock } from '../../lib/clock'
import { WecomError } from '../../wecom/errors'
import { createFakeWecom, emptyCorp, fakeContact, fakeFollow, fakeTagGroup, fakeUser, type FakeCorp } from '../../test/fake-wecom'
import { makeCustomer, makeRelation, makeRelationTag, makeStaff, makeTestDeps, makeTestEnv, relationTagIds, seed, TEST_CORP_ID } from '../../test/helpers'
import {
  fetchCustomerOnDemand,
  fullSync,
  getLastSyncRun,
  runFullSyncIfEmpty,
  startFullSync,
  syncCustomer,
  syncStaffMember,
  syncTags,
} from './sync.service'
import { armRivalWriter, fileDeps } from './sync.testing'

/** Two departments, a leader, an admin, a member, two tag groups, three customers. */
function smallCorp(): FakeCorp {
  const corp = emptyCorp()
  corp.departments.push(
    { id: 2, name: '销售部', parentid: 1, order: 1, department_leader: ['wangfang'] },
    { id: 3, name: '市场部', parentid: 1, order: 2 },
  )
  corp.users.push(
    fakeUser('zhangwei', { department: [1] }),
    fakeUser('wangfang', { department: [2, 3], is_leader_in_dept: [0, 0] }),
    fakeUser('lisi', { department: [2] }),
  )
  corp.tagGroups.push(fakeTagGroup('etG1', ['etA', 'etB']), fakeTagGroup('etG2', ['etC']))
  corp.contacts.set('wm1', { contact: fakeContact('wm1'), follows: [fakeFollow('lisi', ['etA', 'etC']), fakeFollow('wangfang')] })
  corp.contacts.set('wm2', { contact: fakeContact('wm2', { type: 2, corp_name: '某公司' }), follows: [fakeFollow('lisi', ['etB'])] })
  corp.contacts.set('wm3', { contact: fakeContact('wm3'), follows: [fakeFollow('wangfang', [], { remark_mobiles: ['13800000000'] })] })
  return corp
}

function setup(corp: FakeCorp = smallCorp()) {
  const wecom = createFakeWecom(corp)
  const clock = fakeClock()
  const deps = makeTestDeps({ wecom, clock, env: makeTestEnv({ KELAN_ADMIN_USERIDS: 'zhangwei' }) })
  return { deps, wecom, clock, corp }
}

const relation = (db: Db, externalUserid: string, userid: string) =>
  db
    .select()
    .from(followRelations)
    .where(and(eq(followRelations.externalUserid, externalUserid), eq(followRelations.userid, userid)))
    .get()

/** Every synced table, rows in storage order: a rewrite of identical content shows as a change. */
function snapshot(db: Db) {
  const names = ['departments', 'staff', 'staff_departments', 'tag_groups', 'tags', 'customers', 'follow_relations', 'relation_tags']
  return Object.fromEntries(names.map((n) => [n, db.$client.prepare(`select rowid, * from ${n} order by rowid`).all()]))
}

const openItems = (db: Db) => db.select().from(outbox).all().map((i) => i.key)

/** A promise the test resolves by hand, to hold a fake WeCom call open. */
function deferred<T>() {
  let resolve!: (v: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('fullSync', () => {
  it('fullSync – small corp – writes org, roles, tags, customers, relations and counts', async () => {
    const { deps } = setup()

    const run = await fullSync(deps)

    expect(run).toMatchObject({
      status: 'done',
      error: null,
      counts: { departments: 3, staff: 3, tagGroups: 2, tags: 3, customers: 3, relations: 4 },
    })
    const db = deps.db
    expect(db.select().from(departments).all()).toHaveLength(3)
    const roles = Object.fromEntries(db.select().from(staff).all().map((s) => [s.userid, s.role]))
    expect(roles).toEqual({ zhangwei: 'admin', wangfang: 'manager', lisi: 'staff' })
    expect(db.select().from(staffDepartments).where(eq(staffDepartments.userid, 'wangfang')).all()).toEqual([
      { corpId: TEST_CORP_ID, userid: 'wangfang', departmentId: 2, isLeader: true },
      { corpId: TEST_CORP_ID, userid: 'wangfang', departmentId: 3, isLeader: false },
    ])
    expect(db.select().from(tags).all().map((t) => t.id).sort()).toEqual(['etA', 'etB', 'etC'])
    expect(db.select().from(customers).where(eq(customers.externalUserid, 'wm2')).get()).toMatchObject({ type: 2, corpName: '某公司' })
    expect(relationTagIds(db, 'wm1', 'lisi')).toEqual(['etA', 'etC'])
    expect(relation(db, 'wm3', 'wangfang')).toMatchObject({ status: 'active', remarkMobiles: ['13800000000'] })
    expect(db.select().from(customers).all().every((c) => c.corpId === TEST_CORP_ID)).toBe(true)
  })

  it('fullSync – run twice on unchanged WeCom data – second run writes nothing', async () => {
    const { deps, clock } = setup()
    await fullSync(deps)
    const before = snapshot(deps.db)
    clock.advance(3600)

    const second = await fullSync(deps)

    expect(second.status).toBe('done')
    expect(snapshot(deps.db)).toEqual(before)
  })

  it('fullSync – a field changed in WeCom – only that row gets a new updated_at', async () => {
    const { deps, clock, corp } = setup()
    await fullSync(deps)
    clock.advance(60)
    corp.contacts.get('wm2')!.contact.name = '新名字'

    await fullSync(deps)

    const rows = Object.fromEntries(deps.db.select().from(customers).all().map((c) => [c.externalUserid, c]))
    expect(rows.wm2).toMatchObject({ name: '新名字', updatedAt: clock.now() })
    expect(rows.wm1?.updatedAt).toBe(clock.now() - 60)
  })

  it('syncCustomer – remark changed in WeCom on a known relation – one remark_changed event from WeCom; first sight records none', async () => {
    const { deps, clock, corp } = setup()
    await fullSync(deps)
    clock.advance(60)
    corp.contacts.get('wm3')!.follows[0]!.remark = '改过的备注'

    await syncCustomer(deps, 'wm3')

    const events = deps.db.select().from(customerEvents).all()
    expect(events.map((e) => ({ ext: e.externalUserid, userid: e.userid, detail: e.detail, operator: e.operatorUserid }))).toEqual([
      { ext: 'wm3', userid: 'wangfang', detail: { from: '', to: '改过的备注' }, operator: '' },
    ])
  })

  it('relation history – a full sync records no relation events; deleted by the customer and re-added – added, ended, added', async () => {
    const { deps, clock, corp } = setup()
    await fullSync(deps)
    const afterFullSync = deps.db.select().from(customerEvents).all()
    const wm2 = corp.contacts.get('wm2')!
    clock.advance(60)
    const deletedAt = clock.now()
    wm2.follows = []

    await syncCustomer(deps, 'wm2', { userid: 'lisi', status: 'deleted_by_customer' })
    clock.advance(60)
    wm2.follows = [fakeFollow('lisi', [], { createtime: clock.now() - 5, add_way: 2, state: 'qr' })]
    await syncCustomer(deps, 'wm2')

    expect(afterFullSync).toEqual([])
    const events = deps.db.select().from(customerEvents).where(eq(customerEvents.externalUserid, 'wm2')).all()
    expect(events.map((e) => [e.kind, e.userid, e.at, e.detail])).toEqual([
      ['relation_added', 'lisi', 1_700_000_000, { addWay: 1, state: '' }],
      ['relation_ended', 'lisi', deletedAt, { by: 'customer' }],
      ['relation_added', 'lisi', clock.now() - 5, { addWay: 2, state: 'qr' }],
    ])
  })

  it('relation history – a customer first seen through syncCustomer (after the first sync) – relation_added recorded', async () => {
    const { deps, corp } = setup()
    await fullSync(deps)
    corp.contacts.set('wmNew', { contact: fakeContact('wmNew'), follows: [fakeFollow('lisi', [], { createtime: 1_700_000_100, state: 'expo' })] })

    await syncCustomer(deps, 'wmNew')

    const events = deps.db.select().from(customerEvents).where(eq(customerEvents.externalUserid, 'wmNew')).all()
    expect(events.map((e) => [e.kind, e.userid, e.at, e.detail])).toEqual([['relation_added', 'lisi', 1_700_000_100, { addWay: 1, state: 'expo' }]])
  })

  it('fullSync – relation gone from WeCom – ended as deleted_by_staff, tags removed, row kept', async () => {
    const { deps, clock, corp } = setup()
    await fullSync(deps)
    clock.advance(60)
    corp.contacts.get('wm1')!.follows = [fakeFollow('wangfang')]

    await fullSync(deps)

    expect(relation(deps.db, 'wm1', 'lisi')).toMatchObject({ status: 'deleted_by_staff', endedAt: clock.now() })
    expect(relationTagIds(deps.db, 'wm1', 'lisi')).toEqual([])
    expect(relation(deps.db, 'wm1', 'wangfang')?.status).toBe('active')
  })

  it('fullSync – a member without an interop licence – their relations stay active with tags, others still ended, counted and logged', async () => {
    const { deps, clock, corp } = setup()
    await fullSync(deps)
    clock.advance(60)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    corp.unlicensedUserids = ['lisi']
    corp.contacts.get('wm1')!.follows = [fakeFollow('lisi', ['etA', 'etC'])] // wangfang's relation really ended

    const run = await fullSync(deps)

    expect(run).toMatchObject({ status: 'done', counts: { unlicensedStaff: 1, relations: 1 } })
    expect(relation(deps.db, 'wm1', 'lisi')).toMatchObject({ status: 'active', endedAt: null })
    expect(relationTagIds(deps.db, 'wm1', 'lisi')).toEqual(['etA', 'etC'])
    expect(relation(deps.db, 'wm2', 'lisi')?.status).toBe('active')
    expect(relationTagIds(deps.db, 'wm2', 'lisi')).toEqual(['etB'])
    expect(relation(deps.db, 'wm1', 'wangfang')?.status).toBe('deleted_by_staff')
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/1 member\(s\) without a WeCom interop licence.*lisi/))
  })

  it('fullSync – every member licensed – unlicensedStaff 0 and no warning', async () => {
    const { deps } = setup()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)

    const run = await fullSync(deps)

    expect(run.counts?.unlicensedStaff).toBe(0)
    expect(warn).not.toHaveBeenCalled()
  })

  it('fullSync – ended relation added again in WeCom – active again with no end time', async () => {
    const { deps, corp } = setup()
    seed(deps.db, { relations: [makeRelation({ externalUserid: 'wm1', userid: 'lisi', status: 'deleted_by_customer', endedAt: 1 })] })

    await fullSync(deps)

    expect(relation(deps.db, 'wm1', 'lisi')).toMatchObject({ status: 'active', endedAt: null })
    expect(corp.contacts.size).toBe(3)
  })

  it('fullSync – tag group deleted in WeCom – group, its tags and their relation tags removed', async () => {
    const { deps, corp } = setup()
    await fullSync(deps)
    corp.tagGroups = corp.tagGroups.filter((g) => g.group_id !== 'etG2')
    corp.contacts.get('wm1')!.follows[0]!.tags = [{ tag_id: 'etA', type: 1 }]

    await fullSync(deps)

    expect(deps.db.select().from(tagGroups).all().map((g) => g.id)).toEqual(['etG1'])
    expect(deps.db.select().from(tags).where(eq(tags.id, 'etC')).get()).toBeUndefined()
    expect(relationTagIds(deps.db, 'wm1', 'lisi')).toEqual(['etA'])
  })

  it('fullSync – member no longer listed by WeCom – kept as left (5) without departments', async () => {
    const { deps, corp } = setup()
    await fullSync(deps)
    corp.users = corp.users.filter((u) => u.userid !== 'lisi')
    corp.followUserIds = ['zhangwei', 'wangfang', 'lisi']

    await fullSync(deps)

    expect(deps.db.select().from(staff).where(eq(staff.userid, 'lisi')).get()?.status).toBe(5)
    expect(deps.db.select().from(staffDepartments).where(eq(staffDepartments.userid, 'lisi')).all()).toEqual([])
  })

  it('fullSync – relation added by the worker after its member was read – not ended', async () => {
    const { deps, wecom, corp, clock } = setup()
    const batchGetByUser = wecom.batchGetByUser
    wecom.batchGetByUser = async (userids) => {
      const result = await batchGetByUser(userids)
      // While the sync runs, a customer is added and its callback applied.
      clock.advance(10)
      corp.contacts.set('wmNew', { contact: fakeContact('wmNew'), follows: [fakeFollow('lisi')] })
      await syncCustomer(deps, 'wmNew')
      return result
    }

    const run = await fullSync(deps)

    expect(run.status).toBe('done')
    expect(relation(deps.db, 'wmNew', 'lisi')?.status).toBe('active')
  })

  it('fullSync – tags changed and applied by the worker after the batch was read – worker’s tags kept', async () => {
    const { deps, wecom, corp, clock } = setup()
    const batchGetByUser = wecom.batchGetByUser
    wecom.batchGetByUser = async (userids) => {
      const result = await batchGetByUser(userids)
      // After the batch was read, lisi retags wm2 and the callback is applied first.
      clock.advance(10)
      corp.contacts.get('wm2')!.follows = [fakeFollow('lisi', ['etA'])]
      await syncCustomer(deps, 'wm2')
      return result
    }

    const run = await fullSync(deps)

    expect(run.status).toBe('done')
    expect(relationTagIds(deps.db, 'wm2', 'lisi')).toEqual(['etA'])
  })

  it('fullSync – 250 members with the customer-contact feature – batch calls of at most 100 userids', async () => {
    const corp = emptyCorp()
    corp.users = Array.from({ length: 250 }, (_, i) => fakeUser(`u${i}`))
    corp.contacts.set('wm1', { contact: fakeContact('wm1'), follows: [fakeFollow('u0'), fakeFollow('u249')] })
    const { deps, wecom } = setup(corp)

    const run = await fullSync(deps)

    expect(run.counts).toMatchObject({ staff: 250, customers: 1, relations: 2 })
    expect(wecom.calls.batchGetByUser).toBe(3)
  })

  it('fullSync – WeCom fails mid-way – run failed with the errcode, no relation ended', async () => {
    const { deps, wecom } = setup()
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    seed(deps.db, { customers: [makeCustomer({ externalUserid: 'wmOld' })], relations: [makeRelation({ externalUserid: 'wmOld' })] })
    wecom.failWith('batchGetByUser', new WecomError({ errcode: 48002, path: '/cgi-bin/externalcontact/batch/get_by_user', message: 'api forbidden' }))

    const run = await fullSync(deps)

    expect(run.status).toBe('failed')
    expect(run.error).toContain('48002')
    expect(relation(deps.db, 'wmOld', 'lisi')?.status).toBe('active')
    expect(getLastSyncRun(deps)).toEqual(run)
  })

  it('startFullSync – another run in progress – SYNC_RUNNING 409', async () => {
    const { deps, wecom, corp } = setup()
    const hold = deferred<void>()
    const listDepartments = wecom.listDepartments
    wecom.listDepartments = async () => {
      await hold.promise
      return listDepartments()
    }
    const first = startFullSync(deps)

    const second = (() => {
      try {
        startFullSync(deps)
      } catch (err) {
        return err
      }
    })()

    expect(second).toBeInstanceOf(AppError)
    expect(second).toMatchObject({ code: 'SYNC_RUNNING', status: 409 })
    expect(first.run.status).toBe('running')
    hold.resolve()
    expect((await first.done).status).toBe('done')
    expect(corp.users).toHaveLength(3)
  })

  it('startFullSync – a running row older than an hour – closed as failed and a new run starts', async () => {
    const { deps, clock } = setup()
    const dead = deps.db.insert(syncRuns).values({ corpId: TEST_CORP_ID, status: 'running', startedAt: clock.now() - 3600 }).returning().get()

    const run = await fullSync(deps)

    expect(run.status).toBe('done')
    expect(deps.db.select().from(syncRuns).where(eq(syncRuns.id, dead.id)).get()).toMatchObject({ status: 'failed', finishedAt: clock.now() })
  })
})

describe('runFullSyncIfEmpty', () => {
  it('runFullSyncIfEmpty – never synced – runs a full sync; afterwards – does nothing', async () => {
    const { deps, wecom } = setup()

    const first = await runFullSyncIfEmpty(deps)
    const second = await runFullSyncIfEmpty(deps)

    expect(first?.status).toBe('done')
    expect(second).toBeNull()
    expect(wecom.calls.listDepartments).toBe(1)
  })

  it('runFullSyncIfEmpty – only failed runs so far – tries again', async () => {
    const { deps } = setup()
    deps.db.insert(syncRuns).values({ corpId: TEST_CORP_ID, status: 'failed', startedAt: 1, finishedAt: 2, error: 'x' }).run()

    expect((await runFullSyncIfEmpty(deps))?.status).toBe('done')
  })
})

describe('syncCustomer', () => {
  it('syncCustomer – new follower in WeCom and one gone – adds one, ends the other with the hint', async () => {
    const { deps, corp, clock } = setup()
    seed(deps.db, {
      customers: [makeCustomer({ externalUserid: 'wm1' })],
      relations: [makeRelation({ externalUserid: 'wm1', userid: 'lisi' }), makeRelation({ externalUserid: 'wm1', userid: 'zhangwei' })],
      relationTags: [makeRelationTag({ externalUserid: 'wm1', userid: 'lisi', tagId: 'etA' })],
    })
    corp.contacts.set('wm1', { contact: fakeContact('wm1', { name: '新' }), follows: [fakeFollow('wangfang', ['etB'])] })

    const result = await syncCustomer(deps, 'wm1', { userid: 'lisi', status: 'deleted_by_customer' })

    expect(result).toBe('synced')
    expect(relation(deps.db, 'wm1', 'wangfang')?.status).toBe('active')
    expect(relationTagIds(deps.db, 'wm1', 'wangfang')).toEqual(['etB'])
    expect(relation(deps.db, 'wm1', 'lisi')).toMatchObject({ status: 'deleted_by_customer', endedAt: clock.now() })
    expect(relation(deps.db, 'wm1', 'zhangwei')?.status).toBe('deleted_by_staff')
    expect(relationTagIds(deps.db, 'wm1', 'lisi')).toEqual([])
    expect(deps.db.select().from(customers).get()?.name).toBe('新')
  })

  it('syncCustomer – customer gone, another connection commits between reading the followers and ending them – ended, the other kept out', async () => {
    const { deps, cleanup } = fileDeps({ wecom: createFakeWecom(emptyCorp()), clock: fakeClock() })
    seed(deps.db, { customers: [makeCustomer({ externalUserid: 'wmGone' })], relations: [makeRelation({ externalUserid: 'wmGone' })] })
    const rival = armRivalWriter(deps.db)
    try {
      expect(await syncCustomer(deps, 'wmGone')).toBe('gone')
      expect(rival.committed).toBe(false)
      expect(relation(deps.db, 'wmGone', 'lisi')?.status).not.toBe('active')
    } finally {
      rival.close()
      cleanup()
    }
  })

  it('syncCustomer – row already written from a later WeCom read – kept', async () => {
    const { deps, clock } = setup()
    seed(deps.db, {
      customers: [makeCustomer({ externalUserid: 'wm2', name: '更新的名字', updatedAt: clock.now() + 100 })],
      relations: [makeRelation({ externalUserid: 'wm2', userid: 'lisi', remark: '新备注', updatedAt: clock.now() + 100 })],
    })

    await syncCustomer(deps, 'wm2')

    expect(deps.db.select().from(customers).get()?.name).toBe('更新的名字')
    expect(relation(deps.db, 'wm2', 'lisi')?.remark).toBe('新备注')
  })

  it('syncCustomer – relation and its tags written from a later WeCom read – tags kept too', async () => {
    const { deps, clock } = setup()
    seed(deps.db, {
      customers: [makeCustomer({ externalUserid: 'wm2', updatedAt: clock.now() + 100 })],
      relations: [makeRelation({ externalUserid: 'wm2', userid: 'lisi', updatedAt: clock.now() + 100 })],
      relationTags: [makeRelationTag({ externalUserid: 'wm2', userid: 'lisi', tagId: 'etC' })],
    })

    await syncCustomer(deps, 'wm2')

    expect(relationTagIds(deps.db, 'wm2', 'lisi')).toEqual(['etC'])
  })

  it('syncCustomer – relation ended by a later WeCom read – stays ended without tags', async () => {
    const { deps, clock } = setup()
    seed(deps.db, {
      customers: [makeCustomer({ externalUserid: 'wm2' })],
      relations: [makeRelation({ externalUserid: 'wm2', userid: 'lisi', status: 'deleted_by_customer', updatedAt: clock.now() + 100 })],
    })

    await syncCustomer(deps, 'wm2')

    expect(relation(deps.db, 'wm2', 'lisi')?.status).toBe('deleted_by_customer')
    expect(relationTagIds(deps.db, 'wm2', 'lisi')).toEqual([])
  })

  it('syncCustomer – only the tags changed in WeCom – updated_at moves, so an older read cannot undo them', async () => {
    const { deps, clock, corp } = setup()
    await syncCustomer(deps, 'wm2')
    clock.advance(60)
    corp.contacts.get('wm2')!.follows = [fakeFollow('lisi', ['etA'])]

    await syncCustomer(deps, 'wm2')

    expect(relationTagIds(deps.db, 'wm2', 'lisi')).toEqual(['etA'])
    expect(relation(deps.db, 'wm2', 'lisi')?.updatedAt).toBe(clock.now())
  })

  it('syncCustomer – a local tag change still on its way to WeCom – kept over the older WeCom state', async () => {
    const { deps, corp, clock } = setup()
    await syncTags(deps)
    await syncCustomer(deps, 'wm1')
    clock.advance(10)
    const ctx = { corpId: TEST_CORP_ID, operator: 'lisi', source: 'sidebar' as const, now: clock.now() }
    expect(applyCustomerChange(deps.db, ctx, { externalUserid: 'wm1', target: 'lisi', add: ['etB'], remove: ['etC'] })).toHaveProperty('applied')
    clock.advance(10)
    corp.contacts.get('wm1')!.follows[0] = fakeFollow('lisi', ['etA', 'etC'])

    await syncCustomer(deps, 'wm1')

    expect(relationTagIds(deps.db, 'wm1', 'lisi')).toEqual(['etA', 'etB'])
    expect(openItems(deps.db)).toEqual([relationOutboxKey('wm1', 'lisi')])
  })

  it('syncCustomer – a tag added and one removed in WeCom itself – applied, history source wecom with no operator', async () => {
    const { deps, corp, clock } = setup()
    await syncCustomer(deps, 'wm1')
    clock.advance(10)
    corp.contacts.get('wm1')!.follows[0] = fakeFollow('lisi', ['etA', 'etB'])

    await syncCustomer(deps, 'wm1')

    expect(relationTagIds(deps.db, 'wm1', 'lisi')).toEqual(['etA', 'etB'])
    const events = deps.db.select().from(tagEvents).all().filter((e) => e.at === clock.now())
    expect(events.map((e) => [e.action, e.tagId, e.source, e.operatorUserid]).sort()).toEqual([
      ['add', 'etB', 'wecom', ''],
      ['remove', 'etC', 'wecom', ''],
    ])
    expect(openItems(deps.db)).toEqual([])
  })

  it('fullSync – first run – tags stored as confirmed by WeCom, no history and nothing to push', async () => {
    const { deps } = setup()

    await fullSync(deps)

    expect(relationTagIds(deps.db, 'wm1', 'lisi')).toEqual(['etA', 'etC'])
    expect(deps.db.select().from(wecomRelationTags).all()).toHaveLength(3)
    expect(deps.db.select().from(tagEvents).all()).toEqual([])
    expect(openItems(deps.db)).toEqual([])
  })

  it('syncCustomer – relation ended while its tags wait for WeCom – both tag sets and the outbox item dropped', async () => {
    const { deps, corp, clock } = setup()
    await syncTags(deps)
    await syncCustomer(deps, 'wm1')
    const ctx = { corpId: TEST_CORP_ID, operator: 'lisi', source: 'sidebar' as const, now: clock.now() }
    expect(applyCustomerChange(deps.db, ctx, { externalUserid: 'wm1', target: 'lisi', add: ['etB'], remove: [] })).toHaveProperty('applied')
    clock.advance(10)
    corp.contacts.get('wm1')!.follows.shift()

    await syncCustomer(deps, 'wm1', { userid: 'lisi', status: 'deleted_by_customer' })

    expect(relationTagIds(deps.db, 'wm1', 'lisi')).toEqual([])
    expect(deps.db.select().from(wecomRelationTags).all().filter((r) => r.userid === 'lisi')).toEqual([])
    expect(openItems(deps.db)).toEqual([])
  })

  it('syncCustomer – WeCom no longer knows the customer (40096) – every relation ended, gone', async () => {
    const { deps } = setup(emptyCorp())
    seed(deps.db, {
      customers: [makeCustomer({ externalUserid: 'wmX' })],
      relations: [makeRelation({ externalUserid: 'wmX', userid: 'a' }), makeRelation({ externalUserid: 'wmX', userid: 'b' })],
    })

    const result = await syncCustomer(deps, 'wmX', { userid: 'a', status: 'deleted_by_staff' })

    expect(result).toBe('gone')
    expect(deps.db.select({ s: followRelations.status }).from(followRelations).all()).toEqual([
      { s: 'deleted_by_staff' },
      { s: 'deleted_by_staff' },
    ])
  })

  it('syncCustomer – WeCom fails otherwise – throws and changes nothing', async () => {
    const { deps, wecom } = setup()
    seed(deps.db, { relations: [makeRelation({ externalUserid: 'wm1' })] })
    wecom.failWith('getExternalContact', new WecomError({ errcode: -1, path: '/cgi-bin/externalcontact/get', message: 'busy' }))

    await expect(syncCustomer(deps, 'wm1')).rejects.toBeInstanceOf(WecomError)
    expect(relation(deps.db, 'wm1', 'lisi')?.status).toBe('active')
  })
})

describe('fetchCustomerOnDemand', () => {
  it('fetchCustomerOnDemand – customer added after the last sync – stored, true', async () => {
    const { deps } = setup()

    expect(await fetchCustomerOnDemand(deps, 'wm2')).toBe(true)
    expect(deps.db.select().from(customers).all().map((c) => c.externalUserid)).toEqual(['wm2'])
    expect(relation(deps.db, 'wm2', 'lisi')?.status).toBe('active')
  })

  it('fetchCustomerOnDemand – id WeCom does not know – false, nothing stored', async () => {
    const { deps } = setup()

    expect(await fetchCustomerOnDemand(deps, 'wmNobody')).toBe(false)
    expect(deps.db.select().from(customers).all()).toEqual([])
  })
})

describe('syncStaffMember', () => {
  it('syncStaffMember – member who leads a department – stored as manager with memberships', async () => {
    const { deps, corp } = setup()
    corp.users.push(fakeUser('newboss', { department: [3], is_leader_in_dept: [1] }))

    expect(await syncStaffMember(deps, 'newboss')).toBe(true)
    expect(deps.db.select().from(staff).where(eq(staff.userid, 'newboss')).get()).toMatchObject({ role: 'manager', status: 1 })
    expect(deps.db.select().from(staffDepartments).where(eq(staffDepartments.userid, 'newboss')).all()).toEqual([
      { corpId: TEST_CORP_ID, userid: 'newboss', departmentId: 3, isLeader: true },
    ])
  })

  it('syncStaffMember – configured admin – admin', async () => {
    const { deps } = setup()

    await syncStaffMember(deps, 'zhangwei')

    expect(deps.db.select().from(staff).where(eq(staff.userid, 'zhangwei')).get()?.role).toBe('admin')
  })

  it('syncStaffMember – unknown to WeCom (60111) – false, a known row marked left', async () => {
    const { deps } = setup()
    seed(deps.db, { staff: [makeStaff({ userid: 'gone' })] })

    expect(await syncStaffMember(deps, 'gone')).toBe(false)
    expect(deps.db.select().from(staff).where(eq(staff.userid, 'gone')).get()?.status).toBe(5)
  })
})

describe('syncTags', () => {
  it('syncTags – tag renamed and one added in WeCom – local tags match', async () => {
    const { deps, corp } = setup()
    await syncTags(deps)
    corp.tagGroups[0]!.tag[0]!.name = '改名'
    corp.tagGroups[1]!.tag.push({ id: 'etD', name: 'D', create_time: 1, order: 1 })

    const counts = await syncTags(deps)

    expect(counts).toEqual({ tagGroups: 2, tags: 4 })
    expect(deps.db.select().from(tags).where(eq(tags.id, 'etA')).get()?.name).toBe('改名')
    expect(deps.db.select().from(tags).where(eq(tags.id, 'etD')).get()?.groupId).toBe('etG2')
  })
})
